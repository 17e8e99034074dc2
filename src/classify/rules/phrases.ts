// What servers say, per reason. One list per reason; a string matches as a case-insensitive
// substring of the diagnostic, a RegExp (written in lower case) as it is. Derived from the texts
// that MTAs and providers document and send (Postfix, Exim, Sendmail, qmail, Exchange, Gmail,
// Yahoo, ...), kept general: a phrase belongs here when it says the same thing wherever it appears.
// Order between reasons is decided in order.ts, so a phrase may be broad only in a late reason.
import type { Reason } from '../../vocabulary/reasons.js';

export type Phrase = string | RegExp;

export const PHRASES: Partial<Record<Reason, Phrase[]>> = {
  userunknown: [
    'user unknown', 'unknown user', 'unknown recipient', 'recipient unknown', 'unknown mailbox', 'mailbox unknown',
    'no such user', 'no such recipient', 'no such mailbox', 'no such address', 'no such person', 'no such account',
    'no such local user', 'no such virtual user', 'user not found', 'recipient not found', 'mailbox not found',
    'address not found', 'account not found', 'user does not exist', "user doesn't exist", 'recipient does not exist',
    'mailbox does not exist', 'address does not exist', 'account does not exist', 'email account that you tried to reach does not exist',
    'addressee unknown', 'address unknown', 'invalid recipient', 'invalid mailbox', 'invalid address', 'invalid user',
    'bad recipient', 'bad destination mailbox', 'recipient address rejected: user unknown', 'recipient address rejected: unknown user',
    'recipient address rejected: invalid user', 'recipient address rejected: userunknown', 'recipient address rejected: undeliverable address',
    'recipient address rejected: access denied', 'recipient address rejected: invalid-recipient', 'recipient address rejected: unknown',
    'unknown local part', 'unknown address', 'not a valid mailbox', 'is not a valid user', 'not a known user', 'is not a known user',
    'no mailbox here by that name', 'no mailbox by that name', 'mailbox unavailable', 'mailbox is unavailable',
    'mailbox not available', /address rejected(?!\s*:)/, 'not our customer', 'no account by that name', "doesn't have a", 'does not have an account',
    'recipnotfound', 'recipientnotfound', 'resolver.adr.recip', 'recipient not found by smtp address lookup',
    'email address could not be found', 'email address was not found', "wasn't found at the destination domain",
    'was not found at the destination domain', "address couldn't be found", 'address could not be found',
    'user unknown in', 'unrouteable address', 'unroutable address', 'no valid recipients', 'unknown or illegal alias',
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
    /\bmailbox (?:\S+ )?does not exist\b/, /<[^<>]+>\.\.\. user unknown/, /\buser (?:\S+ )?(?:is )?not (?:found|known)\b/,
    /\baccount (?:\S+ )?does not exist\b/, /\buser (?:\S+ )?does not exist\b/, /\brecipient (?:\S+ )?(?:is )?unknown\b/, /#5\.1\.1\b/,
  ],
  hostunknown: [
    'host unknown', 'unknown host', 'host or domain name not found', 'domain not found',
    'domain does not exist', 'domain unknown', 'unknown domain', 'no such domain', 'name or service not known',
    'host name lookup failure', 'domain name not found', 'recipient domain not found', 'domain is not reachable',
    "couldn't find any host named", 'could not find any host named', 'domain must exist', 'recipient domain must exist',
    'recipient address rejected: domain not found', 'recipient address rejected: unknown domain', 'illegal host/domain name found',
    'unrouteable mail domain', 'unroutable mail domain', 'the account or domain may not exist', 'host unreachable',
    'no mx record', 'no mx or a record', 'nxdomain', 'unknown or illegal domain', 'domain is not configured',
    'this domain is not hosted here', 'domain does not accept mail for', 'unknown domain name', 'domain name does not exist',
    // "example.org does not exist": a dotted name that starts a word (one scan per word, not per
    // character), and not an address ("user a@example.org does not exist" is about the user)
    /\bdomain (?:\S+ )?does not exist\b/, /(?:^|\s)[^\s.@<>]+(?:\.[^\s.@<>]+)+ does not exist\b/,
  ],
  // RFC 5321's 551 "User not local; please try <forward-path>" names the new address
  hasmoved: [' has been replaced by ', 'has moved', 'mailbox moved', 'user not local; please try <', 'no longer at this address', 'address has changed', /changed (?:his|her|their) (?:e-?mail )?address/],
  mailboxfull: [
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
    /mailbox(?: \S+)? is full/, /quota (?:has been |was )?exceeded/, /\bfull\b.{0,20}\bmailbox\b/,
  ],
  emailtoolarge: [
    'message too big', 'message too large', 'message is too large', 'message is too big', 'message size exceeds',
    'message exceeds maximum', 'exceeds the maximum size', 'exceeds maximum message size', 'message length exceeds',
    'size limit', 'message file too big', 'mail size limit', 'email is too large', 'too large for this system',
    'message size too large', 'maximum message size', 'exceeded maximum allowed size', 'exceeded maximum inbound message size',
    'message size violation', 'line limit exceeded', 'max message size exceeded', 'message size exceeds fixed',
    /message (?:\S+ )?(?:is )?too (?:big|large)/,
    // an administrative limit (RFC 3463 X.2.3)
    'exceeds administrative limit', 'message header size exceeds limit', 'header size exceeds', 'message length exceeds administrative',
  ],
  suspend: [
    'mailbox disabled', 'mailbox is disabled', 'account disabled', 'account is disabled', 'account has been disabled',
    'account suspended', 'account is suspended', 'account has been suspended', 'mailbox suspended', 'mailbox is inactive',
    'account is inactive', 'account inactive', 'inactive account', 'mailbox is frozen', 'account is frozen', 'account has been frozen',
    'user suspended', 'recipient suspended', 'been deactivated', 'account deactivated', 'user account is expired', 'account expired',
    'recipient address rejected: inactive', 'not an active address', 'deactivated mailbox', 'is inactive', 'is not active',
    'account that you tried to reach is disabled', 'this account has been disabled or discontinued', 'currently suspended',
    'no longer in use', 'mailbox is not active', 'user account disabled', 'has been disabled', 'temporarily disabled',
    'account that you tried to reach is inactive', 'mailbox unavailable or suspended', 'service has been suspended',
    /\b(?:account|mailbox|user|recipient|address)(?: \S+)? (?:is|has been) (?:suspended|disabled|deactivated|locked|inactive)\b/,
  ],
  norelaying: [
    'relay access denied', 'relaying denied', 'relay denied', 'relay not permitted', 'relaying not permitted',
    'unable to relay', 'not permitted to relay', 'we do not relay', 'relay not allowed', 'relaying not allowed', 'relay prohibited',
    'no relaying', 'not local host', 'not a gateway', 'cannot relay', "can't relay", 'relay rejected', 'relaying is prohibited',
    'not configured to relay', 'not configured to accept mail for', 'email address is not verified', 'relaying mail to',
    'mail server does not accept relayed', 'is not permitted to relay through', 'insecure mail relay',
  ],
  authfailure: [
    'spf fail', 'spf check failed', 'spf validation', 'sender policy framework', 'dkim fail', 'dkim validation', 'dmarc',
    'authentication failed for sender', 'unauthenticated email', 'did not pass authentication', 'fails spf', 'failed spf',
    'failed dkim', 'fails dkim', 'is not authorized to send from', 'not allowed to send from', 'sender-id', 'sender id check',
    'not designated', 'does not designate', /\bspf\b.{0,40}\b(?:fail|reject|violation|hardfail|softfail)/, 'arc validation',
    'domain authentication', 'sender authentication failed', 'bad spf records',
  ],
  requireptr: [
    'reverse dns', 'rdns', 'ptr record', 'no ptr', 'reverse lookup', 'reverse-lookup', 'reverse hostname',
    'cannot find your hostname', 'cannot resolve your hostname', 'unresolvable hostname', 'no reverse', 'does not have a valid reverse',
    'ip name lookup failed', 'reverse dns entry', 'hostname does not resolve', 'cannot find your reverse hostname', 'fcrdns',
    'sender ip must resolve', 'mismatches client ip', 'client host name', /\bptr\b/, 'name lookup failed', 'your ip has no',
    'not resolve to your ip',
  ],
  notcompliantrfc: [
    'rfc 5322', 'rfc5322', 'rfc 2822', 'rfc2822', 'rfc 822', 'rfc822 specifications', 'multiple addresses in from',
    'duplicate header', 'multiple from', 'multiple sender', 'multiple message-id', 'not rfc compliant', 'not compliant with rfc',
    'message not rfc', 'header is not compliant', 'messages with multiple addresses', 'missing message-id', 'bare lf', 'bare linefeed',
    'is not rfc', 'non rfc compliant', 'not rfc-compliant',
  ],
  badreputation: [
    'ip reputation', 'poor reputation', 'bad reputation', 'low reputation', 'sender reputation', 'due to its reputation',
    'reputation score', 'senderscore', 'sender score', 'reputation is too low', 'rejected because of your reputation',
    'unexpected volume or user complaints', 'sending ip has a', 'very low reputation'
  ],
  contenterror: [
    'improper use of 8-bit data', 'illegal character', 'invalid character in header', 'header syntax',
    'message contains invalid header', 'invalid mime', 'mime error', 'malformed mime', 'headers not permitted',
    'too many "received" headers', 'message header contains', 'message contains bare',
  ],
  rejected: [
    'sender rejected', 'sender address rejected', 'sender verify failed', 'sender verification', 'sender denied', 'sender blocked',
    'access denied (in reply to mail from', 'sender is not allowed', 'sender not allowed', 'sender is blacklisted', 'invalid sender', 'unknown sender', 'sender unknown',
    'bad sender', 'mail from rejected', 'domain of sender address', 'sender address is not', 'envelope sender', 'unroutable sender',
    'unrouteable sender', 'sender domain',
    'address that has been blacklisted', 'you are sending to/from an address', 'you are not allowed to post', 'only members can post',
    'you do not have permission', 'email address is not verified', 'sender has been', 'rejecting mail from', 'not permitted to send',
    // "Recipient address rejected: ..." is about the recipient: the rest of the reply says why
    /(?<!recipient )address rejected/, 'does not accept mail from', 'is not accepting mail from', 'blocklisted sender', 'blacklisted sender',
    'mailfrom domain', 'mail from domain', 'sender address', 'from domain', 'sender mx', 'sender is on', 'mail from address',
  ],
  filtered: [
    'due to extended inactivity', 'user refuses', 'recipient refuses', 'refuses to accept', 'mail filter', 'content filter',
    'rejected by filter', 'filter rejected', 'message filtered', 'blacklisted by user', 'rejected by user', 'declined by the recipient',
    'not accepting messages from', 'user has restricted', 'restricted recipient', 'this message is not accepted', 'rejected by header',
    'has blocked your', 'the recipient has chosen', 'recipient has set', 'delivery not authorized, message refused',
  ],
  spamdetected: [
    // not the block lists named after spam (Spamhaus, SpamCop, SpamRATS): those list the sender
    /spam(?!haus|cop|rats)/, 'junk mail', 'unsolicited', 'bulk mail', 'bulk e-mail', 'score too high', 'spamassassin', 'classified as spam',
    'considered spam', 'identified as spam', 'detected as spam', 'likely spam', 'probable spam', 'high probability of being spam',
    'message content rejected', 'phishing', /\buce\b/, 'bayesian', 'x-spam', 'our system has detected that this message is',
    'suspicious', 'appears to be unsolicited', 'mail appears to be', 'content looks like', 'message looks like',
    'has been scored as', 'scored as', 'rejected by spam', 'blocked by spam', 'content scanner', 'contains unsafe', 'dangerous content',
    // a link in the message is on a URI block list (URIBL, SURBL, Spamhaus DBL): the content is judged
    'blacklisted url', 'blocklisted url', 'url in message', 'blacklisted link', 'uribl', 'surbl',
  ],
  virusdetected: [
    'virus', 'malware', 'infected', 'trojan', /\bworm\b/, 'dangerous attachment', 'harmful content', 'contains an executable',
    'blocked attachment', 'prohibited attachment', 'banned attachment', 'forbidden attachment',
  ],
  policyviolation: [
    'policy violation', 'header error', 'violates our policy', 'violation of policy', 'policy reasons', 'policy rejection', 'local policy',
    'site policy', 'content policy', 'due to policy', 'policy restriction', 'by policy', 'administrative prohibition',
    'prohibited by administrator', 'this message was blocked because its content', 'its content presents a potential',
    'rejected by policy', 'organization policy', 'organizational settings', 'closed mailing list', 'not subscribed to this group',
    'not allowed by', 'mass mailer', 'rejected by transport rule', 'denied by policy', 'security policies', 'protocol violation',
    'we do not accept messages containing', 'message given low priority', 'not accepted for policy reasons',
  ],
  securityerror: [
    'authentication required', 'authentication is required', 'must be authenticated', 'must authenticate', 'please authenticate',
    'authentication failed', 'auth failed', 'tls required', 'requires tls', 'encryption required', 'must issue a starttls',
    'security policy', 'insecure', 'submission port', 'sender is not authenticated', 'unauthenticated senders',
    'unauthenticated sender', 'not authorized', 'unauthorized', 'smtp auth', 'relay requires authentication', 'access denied',
    'authentication credentials invalid', 'sender is not authorized', 'you are not authorized',
  ],
  blocked: [
    'blocked using', 'blocked by', 'is blocked', 'been blocked', 'blacklisted', 'blacklist', 'black list', 'blocklist', 'block list',
    'listed at', 'listed on', 'listed in', 'listed by', /\brbl\b/, 'dnsbl', 'spamhaus', 'spamcop', 'sorbs', 'barracuda', 'cbl.abuseat',
    'client host rejected', 'client host blocked', 'connection rejected', 'ip address',
    'your ip', 'your host', 'host rejected', 'dynamic ip', 'dynamic address', 'residential', 'dial-up', 'dialup', 'not allowed to connect',
    'refused connection', 'rejected your ip', 'mail from your ip', 'bad ip', 'ip blocked', 'blocked ip', 'your network', 'invalid ip',
    'please use the smtp server of your isp', 'please use your isp', 'use the smtp server of your isp', 'refused to talk to me',
    'not accepting connections', 'rejected by the recipient domain', 'temporarily deferred', 'hostname', 'not permitted to',
    'denied ip', 'banned', '(bl)', 'not allowed to send mail', 'may not be mail exchanger', 'my name was rejected',
  ],
  ratelimited: [
    'rate limit', 'ratelimit', 'rate-limit', 'rate limited', 'too fast', 'sending rate', 'message rate', 'messages per',
    'too many messages', 'exceeded the rate', 'throttl', 'slow down', 'too many emails', 'too many mails', 'sent too many',
    'has sent too many', 'receiving mail at a rate', 'at a rate that prevents', 'receiving mail too quickly',
    // too many connections at once
    'too many connections', 'too many concurrent', 'too many sessions', 'connection limit', 'connections from your',
    'max connections', 'maximum number of connections', 'too many simultaneous', 'concurrent connections', 'too many smtp sessions',
    'too many hosts', 'connection count', 'too many recipients', 'connection rate limit', 'too many errors',
  ],
  expired: [
    'retry time', 'retry timeout', 'timeout exceeded', 'delivery time expired', 'message expired', 'maximum time', 'queue lifetime',
    'too long in the queue', 'in the queue too long', 'was not delivered within', 'could not be delivered within',
    'delivery attempts will continue', 'has been delayed', 'have been delayed', 'giving up on', 'gave up', 'unable to deliver for',
    'remained undelivered', 'not yet been delivered', 'retry period', 'connection timed out', 'timed out', 'server did not respond',
    'message timed out', 'could not find a gateway for', 'failed to deliver to domain', 'not reachable within the allowed queue period',
    'your message could not be delivered for more than', 'unable to deliver message after multiple retries',
    'did not accept our requests to connect', 'has not been collected', 'expired',
  ],
  networkerror: [
    'could not connect and send', 'dns records for the destination computer could not be found', 'hop count exceeded',
    'host is unreachable', 'host name lookup failure', 'host not found, try again', 'mail forwarding loop', 'malformed name server reply',
    'malformed or unexpected name server reply', 'maximum forwarding loop count exceeded', 'message looping', 'routing loop',
    'no route to host', 'too many hops', 'unable to resolve route', 'network is unreachable', 'dns query failed', 'dns error',
    'lost connection', 'connection reset', 'temporary dns', 'dns lookup', 'name server', 'servfail', 'loops back to myself',
    /mail for \S+ loops back/, 'loop detected', 'looping', 'could not contact dns servers', 'network error',
  ],
  systemerror: [
    'system error', 'internal error', 'server error', 'local error', 'temporary local problem', 'server configuration',
    'misconfigured', 'configuration error', 'mail system error', 'system failure', 'system problem', 'internal server error',
    'local configuration error', 'unable to process', 'could not process', 'resources temporarily unavailable',
    'out of memory', 'processing error', 'unexpected error', 'temporarily unavailable', 'could not load', 'service not available',
    'system not accepting network messages', 'mail system problem', 'aborted', 'too many clients', 'insufficient permission',
    'queue file write error', 'service currently unavailable',
  ],
  systemfull: [
    'system is full', 'disk full', 'insufficient system storage', 'insufficient system resources', 'not enough space on the disk',
    'mail system full', 'out of disk', 'no space on device', 'not enough disk space', 'server is full', 'disk is full',
    'file system full', 'mail queue full', 'insufficient disk space', 'no space left',
  ],
  notaccept: [
    'does not accept mail', "doesn't accept mail", 'does not receive mail', "doesn't receive email", 'does not receive email',
    'accepts no mail', 'null mx', 'nullmx', 'mail is not accepted', 'not accepting mail', 'no mail accepted',
    'this domain does not accept', 'domain does not accept', 'does not accept email', 'host does not accept mail',
    "couldn't find a mail exchanger", 'could not find a mail exchanger',
  ],
  mailererror: [
    'mailer error', 'command output', 'command died', 'exit status', 'procmail', 'maildrop', 'pipe to |', 'local delivery failed',
    'delivery to a program failed', 'program returned', 'unknown mailer', /\bmda\b/, 'exited with', 'killed by signal',
    'mailer program', 'mailer-error', "couldn't create",
  ],
  syntaxerror: [
    'syntax error', 'command unrecognized', 'command not recognized', 'unrecognized command', 'bad sequence of commands',
    'improper sequence of commands', 'command not implemented', 'parameter not implemented', 'invalid command', 'unknown command',
    'bad command', 'need rcpt', 'need mail', 'out of sequence',
  ],
  failedstarttls: ['starttls failed', 'tls negotiation failed', 'handshake failed', 'tls handshake', 'ssl handshake', 'starttls is required'],
  suppressed: ['suppression list', 'on the suppression', 'address is suppressed', 'on our suppression'],
};

/**
 * "User unknown" is said by content filters too, after the recipient was accepted. These are the
 * words a mailbox host uses about its own directory: they name a dead account at any stage.
 */
export const MAILBOX_OWNER_PHRASES: Phrase[] = [
  // Gmail
  'email account that you tried to reach does not exist', "address couldn't be found", 'address could not be found',
  // Exchange and Microsoft 365: the directory lookup
  'recipnotfound', 'recipientnotfound', 'resolver.adr.recip', 'recipient not found by smtp address lookup',
  'the recipient name is not recognized', "wasn't found at the destination domain", 'was not found at the destination domain',
  'email address could not be found', 'email address was not found',
  // a local delivery agent (sendmail's mail.local, Dovecot's LDA, procmail, ...) that has no such user
  /\b(?:mail\.local|dovecot|deliver|lmtp|procmail|maildrop|cyrus|local delivery)\b[^:\n]{0,40}: (?:unknown user|user unknown|no such user)/,
];
