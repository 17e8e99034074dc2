// userunknown: the mailbox does not exist (hard).
import type { ReasonRules } from '../reason-rules.js';

/** What servers say about a mailbox they do not have; filtered reads them too. */
export const USERUNKNOWN_PHRASES = [
  'user unknown', 'unknown user', 'unknown recipient', 'mailbox is not in service', /\brcpt <[^>\s]+> does not exist/, 'recipient unknown', 'unknown mailbox', 'mailbox unknown',
  'no such user', 'no such recipient', 'no such mailbox', 'no such address', 'no such person', 'no such account',
  'no such local user', 'no such virtual user', 'user not found', 'recipient not found', 'mailbox not found',
  'address not found', 'account not found', 'user does not exist', "user doesn't exist", 'recipient does not exist',
  'mailbox does not exist', 'address does not exist', 'account does not exist', 'email account that you tried to reach does not exist',
  'addressee unknown', 'address unknown', 'invalid recipient', 'invalid mailbox', 'invalid address', 'invalid user',
  'bad recipient', 'bad destination mailbox', 'recipient address rejected: user unknown', 'recipient address rejected: unknown user',
  'recipient address rejected: invalid user', 'recipient address rejected: userunknown', 'recipient address rejected: undeliverable address',
  'recipient address rejected: access denied', 'recipient address rejected: invalid-recipient', 'recipient address rejected: unknown',
  'unknown local part', 'unknown address', 'not a valid mailbox', 'is not a valid user', 'not a known user', 'is not a known user',
  'no mailbox here by that name', 'no mailbox by that name', /address rejected(?!\s*:)/, 'not our customer', 'no account by that name', "doesn't have a", 'does not have an account',
  'recipnotfound', 'recipientnotfound', 'resolver.adr.recip', 'recipient not found by smtp address lookup',
  'email address could not be found', 'email address was not found', "wasn't found at the destination domain",
  'was not found at the destination domain', "address couldn't be found", 'address could not be found',
  'user unknown in', 'no valid recipients', 'unknown or illegal alias',
  'is not a valid recipient', 'not a valid recipient', 'invalid recipient address', 'sorry, no mailbox here',
  'sorry, user unknown', 'badrcptto', 'not in my validrcptto', 'invalid or unknown virtual user', 'user missing home directory',
  'mailbox not present', 'utilisateur inconnu', 'destinataire inconnu', 'destinataire invalide', 'adresse invalide',
  'usuario desconocido', 'benutzer unbekannt', 'unbekannter empf', 'utente sconosciuto', 'nessun utente',
  // Portuguese, Spanish, French, Italian, German, Dutch, Russian, Chinese
  'usuário inexistente', 'usuario inexistente', 'conta inexistente', 'conta de email inexistente', 'conta de e-mail inexistente',
  'destinatário inexistente', 'endereço inexistente', 'usuário desconhecido', 'el usuario no existe', 'la cuenta no existe',
  'el buzón no existe', 'cuenta inexistente', 'destinatario inexistente', 'adresse inexistante', "l'adresse n'existe pas",
  "utilisateur n'existe pas", 'utente inesistente', 'indirizzo inesistente', 'empfänger unbekannt', 'postfach existiert nicht',
  'adresse existiert nicht', 'onbekende gebruiker', 'gebruiker onbekend', 'пользователь не найден', 'нет такого пользователя',
  'адресат не найден', 'почтовый ящик не найден', 'несуществующий адрес', '用户不存在', '收件人不存在', '地址不存在', '帐户不存在', '账户不存在',
  'no mail box available for this user', 'this address no longer accepts mail', 'recipient is not local', 'not a local address',
  'email address does not exist', 'e-mail address does not exist', 'e-mail account does not exist',
  "that domain or user isn't in my list of allowed rcpthosts", 'invalid mailbox path', 'mailbox invalid',
  'recipient is not accepted', 'user not exist', 'recipient not exist', 'user is unknown', 'unknown recipient address',
  'recipient address unknown', 'no such user here', 'unknown user account', 'the recipient name is not recognized',
  'there is no one at this address', 'no one at this address', 'this spectator does not exist', 'not listed in domain directory',
  'mailbox is not valid', 'not a valid user', 'recipient rejected: unknown', 'rcpt rejected: invalid', 'rejected: user not exist',
  'does not exist here', 'no such recipient here', 'user not known', 'user not listed', 'nonexistent user', 'non-existent user',
  'unknown e-mail address', 'unknown email address', 'no such e-mail address',
  // the other languages' words for a mailbox that is not there, in the orders they come in
  'adresse inconnue', 'compte inexistant', 'direccion desconocida', 'dirección desconocida', 'destinatario sconosciuto',
  'indirizzo sconosciuto', 'destinatário desconhecido', 'onbekende ontvanger', 'ontvanger onbekend', 'onbekend adres',
  'unbekannte adresse', 'unbekannter benutzer', 'e-mail-adresse wurde nicht gefunden',
  /\b(?:destinataire|utilisateur|adresse|compte|bo[iî]te)\b[^.\n]{0,30} n'existe pas/,
  /(?:empfänger|\bbenutzer|\badresse|\bpostfach|\bkonto)\b[^.\n]{0,40} (?:existiert nicht|(?:wurde )?nicht gefunden)/,
  /\b(?:usuario|destinatario|direcci[oó]n|cuenta|buz[oó]n)\b[^.\n]{0,40} no existe/,
  /\b(?:utente|destinatario|indirizzo|casella)\b[^.\n]{0,40} non esiste/,
  /\b(?:usu[aá]rio|destinat[aá]rio|endere[cç]o|conta)\b[^.\n]{0,40} n[aã]o existe/,
  /\b(?:ontvanger|gebruiker|(?:e-?mail)?adres|mailbox)\b[^.\n]{0,40} bestaat niet/,
  'メールアドレスが存在しません', '宛先が存在しません', 'ユーザが存在しません', 'ユーザーが存在しません', 'アカウントが存在しません', '宛先不明', '存在しないアドレス',
  /\bmailbox (?:\S+ )?does not exist\b/, /<[^<>]+>\.\.\. user unknown/, /\buser (?:\S+ )?(?:is )?not (?:found|known)\b/,
  /\baccount (?:\S+ )?does not exist\b/, /\buser (?:\S+ )?does not exist\b/, /\brecipient (?:\S+ )?(?:is )?unknown\b/, /#5\.1\.1\b/,
  // Exchange's sentence above its diagnostic: "The email address you entered couldn't be found."
  /address you entered (?:couldn't|could not|can't|cannot) be found/,
] as const;

/**
 * RFC 5321's own text for any 550 ("Requested action not taken: mailbox unavailable"): servers print
 * it whatever the cause, so an enhanced status that says more (a mailbox disabled, X.2.x; a
 * policy, X.7.x) decides; filtered reads them too.
 */
export const MAILBOX_UNAVAILABLE = ['mailbox unavailable', 'mailbox is unavailable', 'mailbox not available'] as const;

/**
 * "User unknown" is said by content filters too, after the recipient was accepted. These are the
 * words a mailbox host uses about its own directory: they name a dead account at any stage.
 */
const MAILBOX_OWNER_PHRASES = [
  // Gmail
  'email account that you tried to reach does not exist', "address couldn't be found", 'address could not be found',
  // Exchange and Microsoft 365: the directory lookup
  'recipnotfound', 'recipientnotfound', 'resolver.adr.recip', 'recipient not found by smtp address lookup',
  'the recipient name is not recognized', "wasn't found at the destination domain", 'was not found at the destination domain',
  'email address could not be found', 'email address was not found',
  // Lotus Domino's own directory: "User x (x@y) not listed in Domino Directory", "... in public Name & Address Book"
  /not listed in (?:the )?(?:\S+ )?(?:public )?(?:directory|name (?:&|and) address book)/,
  // a local delivery agent (sendmail's mail.local, Dovecot's LDA, procmail, ...) that has no such user
  /\b(?:mail\.local|dovecot|deliver|lmtp|procmail|maildrop|cyrus|local delivery)\b[^:\n]{0,40}: (?:unknown user|user unknown|no such user)/,
  // the same sentence of Exchange in its other languages
  /eingegebene e-?mail-?adresse wurde nicht gefunden/, /adresse (?:de messagerie|e-?mail) que vous avez (?:entrée|saisie) (?:est )?introuvable/,
  /no se (?:encontr[oó]|pudo encontrar|ha encontrado) la direcci[oó]n de correo/, /impossibile trovare l'indirizzo (?:di posta elettronica|e-?mail)/,
  /endere[cç]o de e-?mail que (?:voc[eê] )?(?:inseriu|digitou|introduziu) n[aã]o (?:foi|p[oô]de ser) encontrado/, /メール ?アドレスが見つかりませんでした/,
  // qmail's words for a local address that was closed
  'this address no longer accepts mail',
  // a mail system's own local users ("Delivery failed: unknown local user", Exim's "Unknown local part")
  /\b(?:unknown|no such) local (?:user|part|recipient|mailbox)\b/,
  // Exchange's sentence above its diagnostic
  /address you entered (?:couldn't|could not|can't|cannot) be found/,
  // an X.400 gateway's non-delivery diagnostic: the recipient's O/R name is not in its directory
  /\bunrecogni[sz]ed[- ]?o\/?r[- ]?name\b/,
] as const;

export const userunknown: ReasonRules = {
  reason: 'userunknown',
  type: 'hard',
  statuses: [
    '1.0',
    '1.1',
    // invalid mailbox syntax can never be delivered
    '1.3',
  ],
  neverAt: ['MAIL'],
  // "Mailbox unavailable. Your IP address ... is blacklisted": the sender is blocked, the mailbox may well be alive
  wordsYieldTo: ['blocked'],
  // a sender verification answered at RCPT quotes the unknown user it found, the sender (Exim's
  // "Verification failed for <sender> ... 550 5.1.1 User unknown ... Sender verify failed")
  unlessSaid: ['sender verify failed', 'sender verification failed', 'sender address verification', 'verify the sender', 'verify sender', 'sender address rejected', 'sender callout'],
  // a 5.1.x whose words blame the sender (its rate, its content, its reputation, a policy): servers
  // misuse the addressing status, and a hard bounce would suppress an address that is alive
  // (or the message: a virus, its content; or the server's own trouble: a timeout, a local error)
  statusContradictedBy: [
    'norelaying', 'blocked', 'mailboxfull', 'hasmoved', 'rejected', 'notaccept', 'ratelimited', 'spamdetected', 'badreputation', 'policyviolation', 'securityerror',
    'virusdetected', 'contenterror', 'networkerror', 'expired', 'systemerror',
  ],
  phrases: [
    {
      // answered to RCPT, or with a status that blames the address (X.1.x); said after RCPT or at a
      // stage not known, a filter may have said it (see filtered)
      at: ['RCPT'],
      orStatus: 'addressing',
      text: USERUNKNOWN_PHRASES,
    },
    {
      // a mailbox host's own words about its directory name a dead account at any stage
      notAt: ['MAIL'],
      text: MAILBOX_OWNER_PHRASES,
    },
     {
      // the reply code's stock text, answered to RCPT: unless the status names the mailbox's state or a policy
      at: ['RCPT'],
      orStatus: 'addressing',
      unlessStatus: 'mailbox-or-policy',
      text: MAILBOX_UNAVAILABLE,
    },
  ],
};
