/** Explains a single SMTP reply code or enhanced status code: what it means and what to do. */
import type { Reason } from '../vocabulary/index.js';
import { replyCodeInfo } from '../smtp-codes/reply-codes.js';
import { statusInfo } from '../smtp-codes/status-codes.js';
import { reasonForStatus } from './statuses.js';

/** `depends`: the code alone does not decide; `cases` says which action goes with which server text */
export type ExplainAction = 'none' | 'retry' | 'suppress' | 'fix-sending' | 'depends';

export interface ExplainCase {
  when: string;
  action: Exclude<ExplainAction, 'depends'>;
}

export interface Explanation {
  input: string;
  kind: 'reply' | 'enhanced' | 'unknown';
  meaning: string;
  class: 'success' | 'transient' | 'permanent' | 'intermediate' | null;
  reason: Reason | null;
  action: ExplainAction;
  /** only with action `depends` */
  cases?: ExplainCase[];
  advice: string;
  /** defining RFC, when known */
  reference: string | null;
}

interface Guide {
  /** short description of the cause, used in transient advice */
  what: string;
  /** action when the failure is permanent */
  action: ExplainAction;
  /** advice when the failure is permanent */
  fix: string;
}

const AUTH_FIX = 'publish SPF covering the sending IPs, DKIM-sign with a key aligned to the From: domain, and make sure DMARC passes';

const GUIDE: Readonly<Record<Reason, Guide>> = {
  userunknown: { what: 'the mailbox does not exist', action: 'suppress', fix: 'The mailbox does not exist: suppress the address and never send to it again.' },
  hostunknown: { what: 'the recipient domain does not exist or cannot be routed to', action: 'suppress', fix: 'The domain does not exist or has no mail route: suppress the address (look for typos such as gmial.com).' },
  hasmoved: { what: 'the mailbox has moved or changed owner', action: 'suppress', fix: 'The mailbox moved or now belongs to someone else: suppress it, and update the address if the server named a new one.' },
  notaccept: { what: 'the domain accepts no mail', action: 'suppress', fix: 'The domain accepts no mail at all (null MX, 521/556): suppress the address.' },
  mailboxfull: { what: 'the mailbox is full', action: 'retry', fix: 'Mailbox full: a soft bounce. Retry later with backoff; suppress only if it keeps failing for days.' },
  suspend: { what: 'the mailbox is disabled or suspended', action: 'retry', fix: 'Mailbox disabled or suspended: retry sparingly; suppress if it persists over several sends.' },
  systemfull: { what: 'the receiving system is out of storage', action: 'retry', fix: 'The receiving system is out of storage: retry later; nothing to change on your side.' },
  systemerror: { what: 'the receiving system has a fault', action: 'retry', fix: 'A fault on the receiving system: retry later; suppress only if the domain keeps failing.' },
  networkerror: { what: 'a network or routing problem', action: 'retry', fix: 'Network or routing problem between the servers: retry later; check your own DNS and outbound routing if it affects many domains.' },
  ratelimited: { what: 'you are sending too fast or opening too many connections', action: 'retry', fix: 'Rate limited: slow down, open fewer parallel connections, spread sends over time, and retry later.' },
  expired: { what: 'delivery attempts timed out', action: 'retry', fix: 'The message expired in the queue after repeated failures: resend later; suppress if the domain stays unreachable.' },
  emailtoolarge: { what: 'the message is too big', action: 'fix-sending', fix: 'The message is over a size limit of the receiving system or mailbox: make it smaller (link to large attachments instead).' },
  authfailure: { what: 'sender authentication (SPF/DKIM/DMARC/ARC) failed', action: 'fix-sending', fix: `Sender authentication failed: ${AUTH_FIX}.` },
  requireptr: { what: 'the sending IP has no valid reverse DNS', action: 'fix-sending', fix: 'Reverse DNS check failed: give the sending IP a PTR record whose name resolves back to it, and use that name in HELO.' },
  securityerror: { what: 'a security requirement was not met', action: 'fix-sending', fix: 'Security policy not met: check SMTP AUTH credentials and mechanism, TLS, and any signing or encryption the receiver requires.' },
  failedstarttls: { what: 'TLS was required but not available', action: 'fix-sending', fix: 'TLS was required and could not be used: make sure your MTA supports STARTTLS (and REQUIRETLS where requested) with valid certificates.' },
  syntaxerror: { what: 'an SMTP protocol error', action: 'fix-sending', fix: 'SMTP protocol error on the sending side: check the MTA or library (command syntax, ESMTP parameters, recipients per transaction).' },
  contenterror: { what: 'the content could not be handled', action: 'fix-sending', fix: 'The content could not be handled: check MIME structure, encodings, and non-ASCII (SMTPUTF8) addresses or headers.' },
  notcompliantrfc: { what: 'the message is not RFC-compliant', action: 'fix-sending', fix: 'The message breaks RFC 5322 rules: fix duplicate or malformed headers.' },
  policyviolation: { what: 'a local policy of the receiver', action: 'fix-sending', fix: 'Refused by the receiver\'s policy: read the server text for which rule, and adjust the message or sending practice.' },
  rejected: { what: 'the sender address was refused', action: 'fix-sending', fix: 'The envelope sender (MAIL FROM) was refused: make sure its domain exists, accepts mail (no null MX) and the address is well-formed.' },
  spamdetected: { what: 'the message was judged to be spam', action: 'fix-sending', fix: `Judged as spam: review content and list hygiene, send only to opted-in recipients, and ${AUTH_FIX}.` },
  blocked: { what: 'the sending IP or domain is blocked', action: 'fix-sending', fix: 'The sending IP or domain is blocked: check blocklists, request delisting, and fix the cause (compromised account, bad lists).' },
  badreputation: { what: 'the sender has a poor reputation', action: 'fix-sending', fix: 'Poor sender reputation: lower volume, send only to engaged recipients, and warm up new IPs or domains.' },
  virusdetected: { what: 'the message carries malware', action: 'fix-sending', fix: 'Malware detected: check attachments and the sending host for compromise.' },
  filtered: { what: 'the recipient\'s filter refused the message', action: 'fix-sending', fix: 'Refused by a recipient-side filter: the address exists but does not want this mail; review content and consent.' },
  norelaying: { what: 'relaying was denied', action: 'fix-sending', fix: 'Relaying denied: you are sending through a server that is not the recipient\'s MX and will not relay for you; check routing and SMTP AUTH.' },
  mailererror: { what: 'a mailer program on the receiving side failed', action: 'retry', fix: 'A delivery program on the receiving side failed: retry later.' },
  onhold: { what: 'the outcome is not yet known', action: 'retry', fix: 'Outcome undecided: wait for a final report.' },
  suppressed: { what: 'the address is on a suppression list', action: 'suppress', fix: 'The address is on a suppression list: keep it suppressed.' },
  feedback: { what: 'a complaint was reported', action: 'suppress', fix: 'The recipient complained: suppress the address.' },
  vacation: { what: 'an automatic reply', action: 'none', fix: 'An automatic reply: nothing to do.' },
  delivered: { what: 'the message was delivered', action: 'none', fix: 'Delivered: nothing to do.' },
  undefined: { what: 'an unidentified cause', action: 'fix-sending', fix: 'Unidentified cause: read the server text.' },
};

const READ_TEXT = 'The code alone does not say why: read the server text.';

/** a generic rejection: the address is dead, or the sender has a problem, as the text says */
const RECIPIENT_OR_SENDER: ExplainCase[] = [
  { when: 'the server text says the recipient is unknown (no such user or mailbox)', action: 'suppress' },
  { when: 'the text gives another cause (policy, spam, reputation, authentication, content)', action: 'fix-sending' },
];

type Decision = Pick<Explanation, 'action' | 'cases' | 'advice'>;

/** advice for permanent failures whose code does not pin down a reason */
function genericPermanent(subject: number | null, reply: number | null): Decision {
  if (subject === 7) {
    return { action: 'fix-sending', advice: `Security or policy rejection (X.7.1 covers spam, blocklists, denied relaying and even unknown users). ${READ_TEXT} Typical fixes: ${AUTH_FIX}; check the sending IP's reputation and PTR record; review content.` };
  }
  if (subject === 6) return { action: 'fix-sending', advice: `Content or media problem. ${READ_TEXT} Check MIME structure, encodings and attachments.` };
  if (subject === 3 || subject === 4) return { action: 'retry', advice: `Problem on the receiving system or the network. ${READ_TEXT} Retry later; suppress if it persists.` };
  if (reply === 552) {
    return {
      action: 'depends',
      cases: [
        { when: 'the message is large', action: 'fix-sending' },
        { when: 'the mailbox is full', action: 'retry' },
      ],
      advice: `Mailbox full or message too big. ${READ_TEXT} If the message is large, make it smaller; otherwise treat as a soft bounce and retry later.`,
    };
  }
  if (reply === 553) return { action: 'fix-sending', advice: `Address refused: bad syntax, or the sender address is not allowed. ${READ_TEXT}` };
  if (reply === 550 || reply === 554) {
    return { action: 'depends', cases: RECIPIENT_OR_SENDER, advice: `Generic permanent rejection. ${READ_TEXT} If it says the user is unknown, suppress the address; otherwise check authentication (${AUTH_FIX}), IP and domain reputation, and content.` };
  }
  return { action: 'depends', cases: RECIPIENT_OR_SENDER, advice: `Permanent failure. ${READ_TEXT} Do not resend unchanged; if the text says the recipient is unknown, suppress the address.` };
}

function decide(cls: Explanation['class'], reason: Reason | null, subject: number | null, reply: number | null): Decision {
  if (cls === 'success') return { action: 'none', advice: 'Success: nothing to do.' };
  if (cls === 'intermediate') return { action: 'none', advice: 'Intermediate reply within an SMTP session: nothing to do.' };
  if (cls === 'transient') {
    const g = reason ? GUIDE[reason] : null;
    const why = g ? ` (${g.what})` : '';
    const then = g && g.action === 'fix-sending' ? ` If it keeps happening: ${g.fix}` : '';
    return { action: 'retry', advice: `Temporary failure${why}: retry with exponential backoff; MTAs normally keep trying for a few days.${then}` };
  }
  if (reason) return { action: GUIDE[reason].action, advice: GUIDE[reason].fix };
  return genericPermanent(subject, reply);
}

/** What to do about a failure of this reason, temporary or permanent. */
export function adviceFor(reason: Reason, temporary: boolean): { action: ExplainAction; advice: string } {
  return decide(temporary ? 'transient' : 'permanent', reason, null, null);
}

/** Explains '550', '5.7.26', or reports why the input is neither. Never throws. */
export function explainCode(input: string): Explanation {
  const text = input.trim();
  if (/^\d{3}$/.test(text)) {
    const info = replyCodeInfo(Number(text));
    if (info) {
      const reason = info.reason ?? null;
      return {
        input, kind: 'reply', meaning: `${info.meaning}. ${info.note}`, class: info.class, reason,
        ...decide(info.class, reason, null, info.code), reference: info.rfc,
      };
    }
    return unknown(input, `${text} is not a valid SMTP reply code: RFC 5321 codes start with 2-5 and their second digit is 0-5.`);
  }
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(text)) {
    const info = statusInfo(text);
    if (info) {
      const reason = reasonForStatus(info.code);
      return {
        input, kind: 'enhanced', meaning: `${info.title}. ${info.description}`, class: info.class, reason,
        ...decide(info.class, reason, info.subject, null), reference: info.entry?.rfc ?? null,
      };
    }
    return unknown(input, `${text} is not a valid enhanced status code: RFC 3463 classes are 2, 4 and 5.`);
  }
  return unknown(input, `'${text}' is neither an SMTP reply code (like 550) nor an enhanced status code (like 5.7.26).`);
}

function unknown(input: string, meaning: string): Explanation {
  return {
    input, kind: 'unknown', meaning, class: null, reason: null, action: 'none',
    advice: 'Give a 3-digit SMTP reply code (e.g. 421, 550) or an enhanced status code (e.g. 5.1.1, 4.2.2).',
    reference: null,
  };
}

const KIND_LABEL: Readonly<Record<Explanation['kind'], string>> = {
  reply: 'SMTP reply code', enhanced: 'enhanced status code', unknown: 'unrecognised',
};

/** Human-readable, a few lines per code. */
export function formatExplanation(e: Explanation): string {
  const head = `${e.input.trim()}  (${KIND_LABEL[e.kind]}${e.class ? `, ${e.class}` : ''})`;
  const lines = [head, `  Meaning: ${e.meaning}${e.reference ? ` [${e.reference}]` : ''}`];
  if (e.kind !== 'unknown') {
    lines.push(`  Reason:  ${e.reason ?? '(depends on the server text)'}`);
    lines.push(`  Action:  ${e.action}${e.cases ? `: ${e.cases.map((c) => `${c.action} when ${c.when}`).join('; ')}` : ''}`);
  }
  lines.push(`  Advice:  ${e.advice}`);
  return lines.join('\n');
}
