// rejected: the sender's address was refused.
import type { ReasonRules } from '../reason-rules.js';

export const rejected: ReasonRules = {
  reason: 'rejected',
  type: 'soft',
  statuses: [
    // X.1.7 and X.1.8 are about the sender's address, not the recipient
    '1.7',
    '1.8',
  ],
  phrases: [
    {
      // a refusal at MAIL FROM or of the message; at RCPT only when the status names nothing else
      at: ['MAIL', 'DATA'],
      orStatus: 'silent',
      text: [
        'sender rejected', 'sender address rejected', 'sender verify failed', 'sender verification', 'verification failed for', 'sender denied', 'sender blocked',
        'access denied (in reply to mail from', 'sender is not allowed', 'sender not allowed', 'sender is blacklisted', 'invalid sender', 'unknown sender', 'sender unknown',
        'bad sender', 'mail from rejected', 'domain of sender address', 'sender address is not', 'envelope sender', 'unroutable sender',
        'unrouteable sender', 'sender domain',
        'address that has been blacklisted', 'you are sending to/from an address', 'you are not allowed to post', 'only members can post',
        'you do not have permission', 'email address is not verified', 'sender has been', 'rejecting mail from', 'not permitted to send',
        // "Recipient address rejected: ..." is about the recipient: the rest of the reply says why
        /(?<!recipient )address rejected/, 'does not accept mail from', 'not accepting mail from', 'purported responsible address', 'blocklisted sender', 'blacklisted sender',
        'mailfrom domain', 'mail from domain', 'sender address', 'from domain', 'sender mx', 'sender is on', 'mail from address',
      ],
    },
    {
      // a group or list that refuses the sender's post (a non-member, a closed group), in the
      // languages list managers and groups write it: the sender may not post, not a dead recipient
      text: [
        /\b(?:permission|permitted|allowed|authori[sz]ed|authori[sz]ation) to post\b/, /\bnon-?member (?:post|submission)/, 'members only list',
        // fr, de, es, it, pt, nl
        /pas (?:autoris[ée]e?s?|le droit) (?:à|de) (?:lui )?(?:envoyer|publier|poster)/, /berechtigung\w*[^.]{0,60}(?:zu posten|zu senden|zu veröffentlichen)/,
        /nicht berechtigt[^.]{0,40}(?:posten|senden)/, /permisos? (?:necesarios? )?para publicar/, /(?:autorizzazione|permesso) (?:per|a|di) (?:pubblicare|inviare messaggi)/,
        /permiss[ãa]o (?:para|de) (?:postar|publicar)/, /geen (?:toestemming|rechten) om[^.]{0,40}(?:te posten|te plaatsen|te verzenden)/,
        // cs, pl, ru, uk, el
        'oprávnění do ní přidávat', /nemáte oprávnění[^.]{0,30}(?:přidávat|publikovat|posílat)/, /uprawnie[ńn] do (?:publikowania|wysyłania)/,
        /нет (?:прав|разрешения) (?:на публикацию|публиковать|отправлять)/, /не (?:имеете|маєте) (?:права|дозволу) (?:публікувати|публиковать|надсилати|отправлять)/,
        'δικαίωμα ανάρτησης',
        // ar, fa, hi
        'غير مصرح لك بإرسال', 'مجوز لازم برای ارسال', 'पोस्ट करने की अनुमति',
        // ja, zh, ko
        /投稿(?:する)?権限/, /(?:張貼留言|發文|发帖|发布|發佈)(?:的)?權限|(?:发帖|发布)(?:的)?权限/, /게시(?:할)? 권한/,
      ],
    },
    // "access denied" to MAIL FROM refuses the sender
    { at: ['MAIL'], text: ['access denied'] },
  ],
};
