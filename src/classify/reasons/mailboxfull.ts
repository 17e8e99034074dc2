// mailboxfull: the mailbox is full.
import type { ReasonRules } from '../reason-rules.js';

export const mailboxfull: ReasonRules = {
  reason: 'mailboxfull',
  type: 'soft',
  statuses: [
    '2.2',
  ],
  phrases: [
    {
      text: [
        'mailbox full', 'mailbox is full', 'mailbox is over quota', 'mailbox over quota', 'over quota', 'overquota',
        'quota exceeded', 'exceeded storage', 'exceeds quota', 'exceed quota', 'quota full', 'disk quota', 'mailbox size limit exceeded',
        'mailbox has exceeded', 'mailbox exceeded', 'too much mail', 'account is full', 'user is over quota', 'user over quota',
        'mail quota', 'storage quota', 'is over its quota', 'mailfolder is full', 'mail box full', 'maildir over quota',
        'not enough storage space', 'mailbox would exceed', 'would exceed mailbox quota', 'inbox is full', 'inbox full', 'full mailbox',
        'mailbox is currently full', 'exceeded the storage quota', 'over the allowed quota', 'boîte pleine', 'boite pleine',
        'postfach voll', 'buzón lleno', 'casella piena', 'caixa postal cheia', 'caixa de correio cheia', 'caixa cheia', 'boîte pleine',
        'boîte aux lettres pleine', 'mailbox vol', 'ящик переполнен', '邮箱已满', '信箱已满', '邮箱空间不足', 'the user has exceeded', 'user has too many messages', 'account has exceeded',
        'is full and cannot accept', 'has exceeded its storage', 'exceeds size limit of the mailbox', 'mailbox size exceeded',
        'exceeded its quota', 'not enough space', 'the recipient\'s mailbox is full', 'mailbox quota', 'insufficient storage',
/mailbox(?: \S+)? is full/, /mail ?box (?:size )?exceeds (?:the |its )?(?:allowed|maximum|permitted) (?:size|quota|storage)/, /quota (?:has been |was )?exceeded/, /\bfull\b.{0,20}\bmailbox\b/,
        // the recipient's mailbox has no room: systemfull's "no space left" is the server's own disk
        /no (?:more )?(?:free )?(?:space|room) (?:left )?(?:in|on|for) (?:the |this |that |your |his |her |their |recipient'?s? |user'?s? )?(?:mail ?box|inbox|account|mail ?folder)/,
        /(?:mail ?box|inbox|account|mail ?folder) (?:has|had|with) no (?:more )?(?:free )?(?:space|room)/,
        // the mailbox named, then what it is, a few words apart ("the mailbox for this screen name is
        // full"), and so in the languages that put words between ("das Postfach des Empfängers ist
        // voll", "el buzón del destinatario está lleno", "casella di posta piena")
        /\bmail ?box\b[^.\n]{0,40}\bis (?:full|over (?:its |the )?quota)\b/,
        /\bpostfach\b[^.\n]{0,40}(?:\bvoll\b|überfüllt)/, /\bpostvak\b[^.\n]{0,40}\bvol\b/,
        /\bbuz[oó]n\b[^.\n]{0,40}\b(?:lleno|excedido)\b/, /\bcasella\b[^.\n]{0,40}\bpiena\b/,
        /\bbo[iî]te\b[^.\n]{0,40}\bpleine\b/, /\bcaixa\b[^.\n]{0,40}\bcheia\b/,
        'quota überschritten', 'kontingent überschritten', 'speicherplatz überschritten', 'cuota excedida', 'excedido su cuota',
        'quota superata', 'spazio esaurito', 'quota dépassé', 'quota atteint', 'cota excedida', 'quota excedida',
        'メールボックスがいっぱい', 'メールボックスが一杯', '容量を超え', '容量超過', '容量オーバー',
        // pl ("skrzynka odbiorcy jest pełna"), sv, cs, ko ("메일함 용량이 가득 찼습니다")
        /\bskrzynka\b[^.\n]{0,40}\b(?:pełna|przepełniona)/, /\b(?:brevlåda|postlåda)\b[^.\n]{0,40}\bfull\b/, /\bschránka\b[^.\n]{0,40}\bplná\b/,
        '메일함 용량', '용량이 가득', '용량 초과', '메일함이 가득',
      ],
    },
  ],
};
