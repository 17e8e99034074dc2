// A decision table per reason: the built-in rules (src/classify/reasons/*.ts) given a reply, a status
// and the SMTP stage, and the reason they must decide. Each table shows the reason's conditions: where
// its words count, which statuses name it, what contradicts it.
import { describe, it, expect } from 'vitest';
import { classify } from '../src/classify/classifier.js';
import type { ClassifyInput } from '../src/classify/classify.js';
import { REASON_RULES } from '../src/classify/reasons/index.js';
import { ORDER, STATUS } from '../src/classify/order.js';

type Row = [text: string, status: string | null, command: string | null, reason: string];

const TABLES: Record<string, Row[]> = {
  userunknown: [
    ['<a@x.example>: User unknown', null, 'RCPT', 'userunknown'],
    ['User unknown', '5.1.1', null, 'userunknown'],
    // after the message was seen, a filter may say it
    ['User unknown', null, 'DATA', 'filtered'],
    // never at MAIL FROM: the sender was refused
    ['User unknown', '5.1.1', 'MAIL', 'rejected'],
    // a mailbox host's own directory words count at any stage
    ['The email account that you tried to reach does not exist.', null, 'DATA', 'userunknown'],
    // a status naming it is dropped when the text says a block
    ['Client host [192.0.2.1] blocked using zen.spamhaus.org', '5.1.1', 'RCPT', 'blocked'],
  ],
  hostunknown: [
    ['Host or domain name not found', '5.1.2', null, 'hostunknown'],
    ['nosuch.example does not exist', null, 'RCPT', 'hostunknown'],
    // a temporary status contradicts it: the name server failed for now
    ['Host or domain name not found. Name service error', '4.1.2', null, 'networkerror'],
  ],
  hasmoved: [['551 User not local; please try <new@example.org>', null, 'RCPT', 'hasmoved']],
  notaccept: [
    ['this domain does not accept mail (null MX)', null, 'RCPT', 'notaccept'],
    ['Recipient address has null MX', '5.1.10', 'RCPT', 'notaccept'],
  ],
  mailboxfull: [
    ['Mailbox is full', null, 'RCPT', 'mailboxfull'],
    // earlier in the order than userunknown: its words win over a 5.1.1
    ['User mailbox full', '5.1.1', 'RCPT', 'mailboxfull'],
    ['quota', '4.2.2', null, 'mailboxfull'],
  ],
  emailtoolarge: [
    ['Message size exceeds fixed maximum message size', null, 'DATA', 'emailtoolarge'],
    ['message length exceeds administrative limit', '5.2.3', 'DATA', 'emailtoolarge'],
    ['too big', '5.3.4', null, 'emailtoolarge'],
  ],
  suspend: [
    ['Account disabled', null, 'RCPT', 'suspend'],
    // a rate contradicts a status that names a suspended account (Gmail's 4.2.1)
    ['The user you are trying to contact is receiving mail too quickly', '4.2.1', 'RCPT', 'ratelimited'],
  ],
  filtered: [
    ['Message rejected by content filter', '5.7.1', 'DATA', 'filtered'],
    // its words yield to what the filter found
    ['Message rejected as spam by Content Filtering', '5.7.1', 'DATA', 'spamdetected'],
    // with its status and no words of its own, the status still names it
    ['Requested action not taken', '5.2.1', 'RCPT', 'filtered'],
  ],
  rejected: [
    ['Sender address rejected: Domain not found', '5.1.8', 'MAIL', 'rejected'],
    ['Access denied', null, 'MAIL', 'rejected'],
    // at RCPT, only when the status names nothing else
    ['sender verify failed', null, 'RCPT', 'rejected'],
  ],
  norelaying: [
    ['Relay access denied', '5.4.1', 'RCPT', 'norelaying'],
    // Exchange Online's 5.4.1 for an address it does not have
    ['Recipient address rejected: Access denied', '5.4.1', 'RCPT', 'userunknown'],
  ],
  ratelimited: [
    ['Too many connections from your host', '4.7.0', 'CONN', 'ratelimited'],
    ['rate limit exceeded, slow down', null, 'MAIL', 'ratelimited'],
  ],
  blocked: [
    ['Client host rejected: listed on zen.spamhaus.org', null, 'RCPT', 'blocked'],
    ['Access denied', null, 'EHLO', 'blocked'],
    // refused at the greeting, whatever the status class says
    ['Try again later, closing connection', '4.7.0', 'EHLO', 'blocked'],
  ],
  spamdetected: [['Message rejected as spam', '5.7.1', 'DATA', 'spamdetected']],
  virusdetected: [['Virus found in message', null, 'DATA', 'virusdetected']],
  policyviolation: [['Message refused by local policy', null, 'DATA', 'policyviolation']],
  securityerror: [
    ['Authentication required', '5.7.0', 'MAIL', 'securityerror'],
    // a vague status: the words of another reason win over it
    ['Relay access denied', '5.7.1', 'RCPT', 'norelaying'],
  ],
  authfailure: [['SPF check failed for the sending domain', '5.7.23', 'DATA', 'authfailure']],
  badreputation: [['rejected because of your IP reputation', null, 'CONN', 'badreputation']],
  requireptr: [['Client IP has no PTR record (reverse DNS)', null, 'CONN', 'requireptr']],
  notcompliantrfc: [['Message is not RFC 5322 compliant', null, 'DATA', 'notcompliantrfc']],
  contenterror: [
    ['illegal character in header', null, 'DATA', 'contenterror'],
    ['conversion failed', '5.6.5', 'DATA', 'contenterror'],
  ],
  expired: [['retry timeout exceeded', null, null, 'expired']],
  networkerror: [['mail forwarding loop for a@x.example', null, null, 'networkerror']],
  systemerror: [['Internal server error', '4.3.0', 'DATA', 'systemerror']],
  systemfull: [['Insufficient system storage', null, 'MAIL', 'systemfull']],
  mailererror: [['procmail: command died with exit status 1', null, null, 'mailererror']],
  syntaxerror: [['Bad sequence of commands', '5.5.1', 'RCPT', 'syntaxerror']],
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
