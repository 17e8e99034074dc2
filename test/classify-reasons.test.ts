// A decision table per reason: the built-in rules (src/classify/reasons/*.ts) given a reply, a status
// and the SMTP stage, and the reason they must decide. Each table shows the reason's conditions: where
// its words count, which statuses name it, what contradicts it.
import { describe, it, expect } from 'vitest';
import { classify } from '../src/classify/classifier.js';
import type { ClassifyInput } from '../src/classify/classify.js';
import { REASON_RULES } from '../src/classify/reasons/index.js';
import { ORDER, STATUS } from '../src/classify/order.js';
import { finish } from '../src/parse/parse-bounce.js';

type Row = [text: string, status: string | null, command: string | null, reason: string];

const TABLES: Record<string, Row[]> = {
  userunknown: [
    ['<a@x.example>: User unknown', null, 'RCPT', 'userunknown'],
    ['User unknown', '5.1.1', null, 'userunknown'],
    // an X.400 gateway's directory has no such O/R name, whatever the stage
    ['Reason: Unable to transfer Diagnostic: Unrecognized O/R name', null, null, 'userunknown'],
    // after the message was seen, a filter may say it
    ['User unknown', null, 'DATA', 'filtered'],
    // never at MAIL FROM: the sender was refused
    ['User unknown', '5.1.1', 'MAIL', 'rejected'],
    // nor when the status names the sender's address (Postfix's sender verification answers at RCPT)
    ['<shop@example.com>: Sender address rejected: undeliverable address: host mx.example.com said: 550 5.1.1 User unknown', '5.1.7', 'RCPT', 'rejected'],
    ['User unknown', '5.1.8', 'RCPT', 'rejected'],
    // nor when a sender verification quotes the unknown user it found: the sender (Exim's callout)
    ['Verification failed for <shop@example.com> Called: 192.0.2.1 Sent: RCPT TO:<shop@example.com> Response: 550 5.1.1 User unknown Sender verify failed', null, 'RCPT', 'rejected'],
    ['Unable to verify the sender address: user unknown', '5.7.1', 'RCPT', 'rejected'],
    // the reply code's stock text: a dead mailbox unless the status says more (disabled, a policy)
    ['Requested action not taken: mailbox unavailable', null, 'RCPT', 'userunknown'],
    ['Mailbox unavailable', '5.2.1', 'RCPT', 'filtered'],
    ['Mailbox unavailable or access denied', '5.7.1', 'RCPT', 'securityerror'],
    // a 5.1.1 whose words name the message or the server's own trouble is not a dead address
    ['Virus detected in message', '5.1.1', 'DATA', 'virusdetected'],
    ['Temporary local problem - please try later', '4.1.1', 'RCPT', 'systemerror'],
    ['Message rejected due to content restrictions', '5.1.1', 'DATA', 'policyviolation'],
    // a mailbox host's own directory words count at any stage
    ['The email account that you tried to reach does not exist.', null, 'DATA', 'userunknown'],
    // the words of other languages, compounds too ("e-mailadres")
    ['Het e-mailadres bestaat niet.', null, 'RCPT', 'userunknown'],
    // a status naming it is dropped when the text says a block
    ['Client host [192.0.2.1] blocked using zen.spamhaus.org', '5.1.1', 'RCPT', 'blocked'],
    // ... or the sender's rate, content or reputation: the address is alive
    ['<a@x.example> - 192.0.2.1 has sent to too many recipients this hour', '5.1.1', 'RCPT', 'ratelimited'],
    ['Message rejected as spam by content filter', '5.1.1', 'DATA', 'spamdetected'],
  ],
  hostunknown: [
    ['Host or domain name not found', '5.1.2', null, 'hostunknown'],
    ['nosuch.example does not exist', null, 'RCPT', 'hostunknown'],
    // the domain that does not exist is the sender's: the recipient is not dead
    ['Sender domain shop.example does not exist', '5.7.1', 'RCPT', 'rejected'],
    // a lookup that failed for now says nothing of the domain (Postfix, no status given)
    ['Host or domain name not found. Name service error for name=x.example type=MX: Host not found, try again', null, null, 'networkerror'],
    // the advice to try again is not a lookup that failed for now
    ['The mail could not be delivered to the recipient because the domain is not reachable. Please check the domain and try again', null, null, 'hostunknown'],
    ['DNS lookup failure: host mx.nosuch.example not found', null, null, 'hostunknown'],
    ['The message could not be delivered because the domain name (nosuch.example) does not appear to be registered.', null, null, 'hostunknown'],
    // a temporary status contradicts it: the name server failed for now
    ['Host or domain name not found. Name service error', '4.1.2', null, 'networkerror'],
  ],
  hasmoved: [['551 User not local; please try <new@example.org>', null, 'RCPT', 'hasmoved']],
  notaccept: [
    ['this domain does not accept mail (null MX)', null, 'RCPT', 'notaccept'],
    ['Recipient address has null MX', '5.1.10', 'RCPT', 'notaccept'],
    // a null MX in a name server's words is not a network error
    ["DNS Error: DNS type 'mx' lookup of x.example responded with code NOERROR The domain x.example doesn't receive email according to the administrator: returned Null MX", '4.0.0', null, 'notaccept'],
  ],
  mailboxfull: [
    ['Mailbox is full', null, 'RCPT', 'mailboxfull'],
    // earlier in the order than userunknown: its words win over a 5.1.1
    ['User mailbox full', '5.1.1', 'RCPT', 'mailboxfull'],
    ['quota', '4.2.2', null, 'mailboxfull'],
    // no room in the recipient's mailbox is not the server's disk (systemfull)
    ['No space left in the mailbox', null, 'RCPT', 'mailboxfull'],
    ['Sorry, this mailbox has no space left for new mail', null, 'DATA', 'mailboxfull'],
    ['User mailbox exceeds allowed size: ann@example.org', null, null, 'mailboxfull'],
  ],
  emailtoolarge: [
    ['Message size exceeds fixed maximum message size', null, 'DATA', 'emailtoolarge'],
    ['message length exceeds administrative limit', '5.2.3', 'DATA', 'emailtoolarge'],
    ['too big', '5.3.4', null, 'emailtoolarge'],
  ],
  suspend: [
    // closed by its provider for lack of use, though the reply says blocked
    ['This mailbox has been blocked due to inactivity', '5.2.1', 'RCPT', 'suspend'],
    ['Account disabled', null, 'RCPT', 'suspend'],
    // the recipient's account blocked by its provider is not the sender blocked
    ['Le compte du destinataire est bloque. The recipient account is blocked.', '5.0.0', 'RCPT', 'suspend'],
    // a rate contradicts a status that names a suspended account (Gmail's 4.2.1)
    ['The user you are trying to contact is receiving mail too quickly', '4.2.1', 'RCPT', 'ratelimited'],
  ],
  filtered: [
    ['Your message was rejected by this user and was not delivered.', '5.7.1', 'DATA', 'filtered'],
    // a domain that does not exist, said with "address not found" too: its words yield
    ["** Address not found ** Your message wasn't delivered to a@nx.example because the domain nx.example couldn't be found. DNS Error: Domain name not found: nx.example", null, null, 'hostunknown'],
    ['Message rejected by content filter', '5.7.1', 'DATA', 'filtered'],
    // its words yield to what the filter found
    ['Message rejected as spam by Content Filtering', '5.7.1', 'DATA', 'spamdetected'],
    // with its status and no words of its own, the status still names it
    ['Requested action not taken', '5.2.1', 'RCPT', 'filtered'],
    // no message was seen at the greeting: a refusal there is of the sending host
    ['mx.example.net ESMTP not accepting messages from 192.0.2.1 - your IP is listed at bl.spamcop.net', null, 'CONN', 'blocked'],
  ],
  rejected: [
    ['Verification failed for <s@x.example>', null, 'MAIL', 'rejected'],
    // refused at MAIL FROM, with no words that say why: still the sender's refusal
    ['Not now', null, 'MAIL', 'rejected'],
    ['Sender address rejected: Domain not found', '5.1.8', 'MAIL', 'rejected'],
    ['Access denied', null, 'MAIL', 'rejected'],
    // at RCPT, only when the status names nothing else
    ['sender verify failed', null, 'RCPT', 'rejected'],
    // a group or list that refuses the sender's post, in any language, with no status
    ['The group you tried to contact may not exist, or you may not have permission to post messages to the group.', null, null, 'rejected'],
    ["Il se peut que le groupe n'existe pas ou que vous ne soyez pas autorisé à lui envoyer des messages.", null, null, 'rejected'],
    ['Sie haben nicht die erforderlichen Berechtigungen, um der Gruppe Nachrichten zu posten.', null, null, 'rejected'],
    ['Es posible que no tengas los permisos necesarios para publicar mensajes en él.', null, null, 'rejected'],
    ['グループにメッセージを投稿する権限がない可能性があります。', null, null, 'rejected'],
  ],
  norelaying: [
    ["sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", null, 'RCPT', 'norelaying'],
    ['Relay access denied', '5.4.1', 'RCPT', 'norelaying'],
    // Exchange Online's 5.4.1 for an address it does not have
    ['Recipient address rejected: Access denied', '5.4.1', 'RCPT', 'userunknown'],
  ],
  ratelimited: [
    ["You've exceeded your sending limit to this user", '4.7.1', 'RCPT', 'ratelimited'],
    ['Message rejected. Reason: You have exceeded your messaging limits', null, 'DATA', 'ratelimited'],
    ['Too many connections from your host', '4.7.0', 'CONN', 'ratelimited'],
    // Outlook.com's RP-001, though it names the sending IP as its block (SC-001) does
    ["RP-001 (BAY004-MC1F41) Unfortunately, some messages from 192.0.2.1 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day.", null, 'MAIL', 'ratelimited'],
    ['rate limit exceeded, slow down', null, 'MAIL', 'ratelimited'],
    ['Ip frequency limited [Blocked IP 192.0.2.22]', null, 'CONN', 'ratelimited'],
    // connections, not the account: the rate contradicts 4.2.1 (suspend)
    ['220-mx.example.org ESMTP ready 421 4.2.1 Service not available, too many connections, try later', '4.2.1', null, 'ratelimited'],
    ['Too many concurrent SMTP connections from this IP address; please try again later', '4.2.1', 'CONN', 'ratelimited'],
    // Gmail's 4.7.28: the rate of the sending host, not a spam verdict on this message
    [
      'Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.',
      '4.7.28',
      'DATA',
      'ratelimited',
    ],
  ],
  blocked: [
    ["Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider.", '5.7.1', 'CONN', 'blocked'],
    // the sender blocked, though the status (5.2.1) names a filter's refusal
    ['Mailbox unavailable. Your IP address 192.0.2.1 is blacklisted using RBL-Plus', '5.2.1', 'RCPT', 'blocked'],
    // a reply that opens with the word, though the status class (X.7.0) says security
    ['Blocked - see https://ipcheck.example.net/?ip=192.0.2.1', '5.7.0', null, 'blocked'],
    ['Client host rejected: listed on zen.spamhaus.org', null, 'RCPT', 'blocked'],
    ['Access denied', null, 'EHLO', 'blocked'],
    // refused at the greeting, whatever the status class says
    ['Try again later, closing connection', '4.7.0', 'EHLO', 'blocked'],
    // the sending IP is listed for what it sent before: blocked, not a verdict on this message (spamdetected)
    ['Your IP 192.0.2.1 is blocked for spamming', null, 'RCPT', 'blocked'],
    ['Mail from 192.0.2.1 refused: listed for spam at rbl.example.net', '5.7.1', 'RCPT', 'blocked'],
    ['Rejected: blocked for spamming', '5.7.1', 'DATA', 'blocked'],
    ['554 Your IP is blacklisted for spam by our provider', '5.7.1', 'CONN', 'blocked'],
  ],
  spamdetected: [
    ['Message rejected as spam', '5.7.1', 'DATA', 'spamdetected'],
    ['Message blocked: spam score too high', null, 'DATA', 'spamdetected'],
    ['similar abusive messages', '5.7.28', 'DATA', 'spamdetected'],
  ],
  virusdetected: [['Virus found in message', null, 'DATA', 'virusdetected']],
  policyviolation: [
    ['Message refused by local policy', null, 'DATA', 'policyviolation'],
    // 5.7.1 "delivery not authorized, message refused" with no words: a policy refusal, not a security error
    ['Message refused', '5.7.1', 'RCPT', 'policyviolation'],
    ['Rejected', '5.7.2', 'RCPT', 'policyviolation'],
    // an X.7.Y detail the registry does not list is the receiver's own refusal
    ['Rejected', '5.7.606', 'RCPT', 'policyviolation'],
  ],
  securityerror: [
    ['Authentication required', '5.7.0', 'MAIL', 'securityerror'],
    // a vague status: the words of another reason win over it
    ['Relay access denied', '5.7.1', 'RCPT', 'norelaying'],
    // the X.7.Y codes that say security, with no words
    ['Rejected', '5.7.0', 'DATA', 'securityerror'],
    ['Rejected', '5.7.8', 'MAIL', 'securityerror'],
    ['Rejected', '5.7.11', 'MAIL', 'securityerror'],
    ['Try again later', '4.7.0', 'DATA', 'securityerror'],
  ],
  authfailure: [
    ['Email rejected due to SPF policy', '5.7.1', 'DATA', 'authfailure'],
    // a header's name is not the check's verdict
    ["Transaction failed: Duplicate header 'DKIM-Signature'.", '5.0.0', 'DATA', 'notcompliantrfc'],
    ['SPF check failed for the sending domain', '5.7.23', 'DATA', 'authfailure'],
    // the words win over the status class (X.7.0) and the policy status (5.7.1)
    ['This message does not have authentication information or fails to pass authentication checks (SPF or DKIM).', '4.7.0', 'DATA', 'authfailure'],
    ['Rejected due to DKIM signature validation failure', '5.7.1', 'DATA', 'authfailure'],
  ],
  badreputation: [['rejected because of your IP reputation', null, 'CONN', 'badreputation']],
  requireptr: [['Client IP has no PTR record (reverse DNS)', null, 'CONN', 'requireptr']],
  notcompliantrfc: [['Message is not RFC 5322 compliant', null, 'DATA', 'notcompliantrfc']],
  contenterror: [
    ['illegal character in header', null, 'DATA', 'contenterror'],
    ['conversion failed', '5.6.5', 'DATA', 'contenterror'],
  ],
  expired: [
    ['retry timeout exceeded', null, null, 'expired'],
    ['Could not deliver for the last 432000 seconds. Giving up.', null, null, 'expired'],
    ['Delivery failed 20 attempts: ann@example.org', null, null, 'expired'],
    ['all hosts have been failing for a long time and were last tried after this message arrived', null, null, 'expired'],
  ],
  networkerror: [
    ['mail forwarding loop for a@x.example', null, null, 'networkerror'],
    ['DNS resolving error', '4.4.0', 'DATA', 'networkerror'],
  ],
  systemerror: [['Internal server error', '4.3.0', 'DATA', 'systemerror']],
  systemfull: [
    ['Insufficient system storage', null, 'MAIL', 'systemfull'],
    ['write error: no space left on device', null, 'DATA', 'systemfull'],
  ],
  mailererror: [['procmail: command died with exit status 1', null, null, 'mailererror']],
  syntaxerror: [
    ['Bad sequence of commands', '5.5.1', 'RCPT', 'syntaxerror'],
    ['a@example.org <b@example.org>: malformed address: <b@example.org> may not follow a@example.org', null, null, 'syntaxerror'],
  ],
  failedstarttls: [['STARTTLS is required, TLS handshake failed', null, 'CONN', 'failedstarttls']],
  suppressed: [['The address is on the suppression list', null, null, 'suppressed']],
};

const input = (text: string, status: string | null, command: string | null): ClassifyInput => ({
  status,
  smtpCode: status?.startsWith('4') ? 450 : 550,
  diagnostic: text,
  action: 'failed',
  command,
});

// the built-in provider tables (src/classify/providers/), chosen by the remote host
type ProviderRow = [text: string, status: string, command: string | null, remoteMta: string, reason: string];
const PROVIDER_ROWS: ProviderRow[] = [
  // Gmail's unusual rate of unsolicited mail from the IP: throttled for now (4.7.28), blocked (5.7.28); never a spam verdict
  ['421-4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.', '4.7.28', 'DATA', 'gmail-smtp-in.l.google.com', 'ratelimited'],
  ['550-5.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.', '5.7.28', 'DATA', 'gmail-smtp-in.l.google.com', 'blocked'],
  ['554 5.6.0 Message rejected. Header error (state 18).', '5.6.0', 'DATA', 'gmail-smtp-in.l.google.com', 'notcompliantrfc'],
  // Orange / Wanadoo: the code at the end names the error, whatever the status or the stage
  ['550 5.7.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR004_103 [103]', '5.7.1', 'MAIL', 'smtp-in.orange.fr', 'blocked'],
  ['550 5.7.1 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]', '5.7.1', 'CONN', 'smtp-in.orange.fr', 'blocked'],
  ['550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]', '5.1.1', 'RCPT', 'smtp-in.orange.fr', 'userunknown'],
  ['552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR004_417 [417]', '5.1.1', 'RCPT', 'smtp-in.orange.fr', 'mailboxfull'],
  ['421 mwinf5c10 ME Trop de connexions, veuillez verifier votre configuration. OFR005_104 [104]', '4.0.0', 'CONN', 'smtp-in.orange.fr', 'ratelimited'],
  ['550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]', '5.2.0', 'DATA', 'smtp.wanadoo.fr', 'spamdetected'],
];

describe('the provider tables decide by their own codes', () => {
  it('Google and Orange', () => {
    for (const [text, status, command, remoteMta, want] of PROVIDER_ROWS) {
      const got = classify({ ...input(text, status, command), remoteMta });
      expect(got.reason, `${JSON.stringify(text)} from ${remoteMta}: decided by ${got.rule}`).toBe(want);
      expect(got.rule, text).toMatch(/^builtin:provider-/);
    }
  });
});

describe('the stage in words, and a decoder\'s verdict never over the stage', () => {
  it('reads the stage the server\'s words name when the decoder read none, and an unknown user there is hard', () => {
    const said = [
      ['Sorry, no mailbox here by that name. (#5.1.1) Giving up on 192.0.2.7; most progress was RCPT TO', 'RCPT', 'userunknown'],
      ['while talking to mx.example.org.: >>> RCPT To:<ann@example.org> <<< 550 User unknown', 'RCPT', 'userunknown'],
      ['RCPT TO <ann@example.org> said: 550 User unknown', 'RCPT', 'userunknown'],
      ['MAIL FROM:<shop@example.com> said: 550 No such user', 'MAIL', 'rejected'],
      // Postfix: the greeting refused, so no filter refused a message there
      ['host mx.example.org[192.0.2.9] refused to talk to me: 554 not accepting messages from 192.0.2.1, listed at bl.example.net', 'CONN', 'blocked'],
    ] as const;
    for (const [text, command, reason] of said) {
      const facts = finish({ address: 'ann@example.org', diagnostic: text });
      expect(facts.command, text).toBe(command);
      const got = classify({ ...facts, action: 'failed' });
      expect(got.reason, text).toBe(reason);
    }
    // the decoder's own command stays
    expect(finish({ address: 'ann@example.org', diagnostic: 'RCPT TO <ann@example.org> said: 550 x', command: 'DATA' }).command).toBe('DATA');
  });

  it('an address-level hint (userunknown, hostunknown, hasmoved) does not apply at MAIL FROM', () => {
    // Exim's "no such domain" to MAIL FROM with 5.1.7: the sender's domain, not a dead recipient
    const exim = { ...input('550 5.1.7 <shop@nosuch.example>: Sender address rejected: no such domain', '5.1.7', 'MAIL'), format: 'exim' };
    for (const hint of ['hostunknown', 'userunknown', 'hasmoved'] as const) {
      const got = classify({ ...exim, hint });
      expect(got.reason, `${hint}: ${got.rule}`).toBe('rejected');
      expect(got.type).toBe('soft');
    }
    // at RCPT, or with no stage known, the decoder's verdict stands
    expect(classify({ ...exim, command: 'RCPT', status: '5.1.2', hint: 'hostunknown' }).reason).toBe('hostunknown');
    expect(classify({ ...exim, command: null, hint: 'hostunknown' }).rule).toBe('decoder:exim');
    // nor does a provider's code for a recipient's address
    expect(classify({ ...input('550 5.1.1 Invalid recipient. OFR_416 [416]', '5.1.1', 'MAIL'), remoteMta: 'smtp-in.orange.fr' }).reason).toBe('rejected');
  });
});

describe('each reason decides as its table says', () => {
  for (const [reason, rows] of Object.entries(TABLES)) {
    it(reason, () => {
      for (const [text, status, command, want] of rows) {
        const got = classify(input(text, status, command));
        expect(got.reason, `${JSON.stringify(text)} status ${status} at ${command}: decided by ${got.rule}`).toBe(want);
      }
    });
  }

  it('every reason module has a table, and is in the order once', () => {
    const modules = REASON_RULES.map((r) => r.reason).sort();
    expect(Object.keys(TABLES).sort()).toEqual(modules);
    const ordered = ORDER.filter((r) => r !== STATUS);
    expect([...ordered].sort()).toEqual(modules);
    expect(new Set(ordered).size).toBe(ordered.length);
  });
});

describe('a refusal at the greeting', () => {
  const at = (diagnostic: string, smtpCode: number | null): ClassifyInput => ({ status: null, smtpCode, diagnostic, action: 'failed', command: 'CONN' });
  it('is a block when a server replied, and the sender giving up when none did', () => {
    expect(classify(at('Connection refused', 554)).reason).toBe('blocked');
    const none = classify(at('connect to mx.example.org[192.0.2.8]:25: Connection refused', null));
    expect([none.reason, none.rule]).toEqual(['expired', 'builtin:expired#no-connection']);
  });
});
