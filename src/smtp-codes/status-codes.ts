/** IANA "Enumerated Status Codes" registry (RFC 3463 and updates). Pure data, no I/O. */

export type StatusClass = 'success' | 'transient' | 'permanent';

export interface StatusEntry {
  title: string;
  description: string;
  rfc: string;
}

export interface StatusInfo {
  /** normalised 'C.S.D' (leading zeros dropped) */
  code: string;
  class: StatusClass;
  classMeaning: string;
  subject: number;
  subjectMeaning: string;
  detail: number;
  /** the registry entry for X.S.D, or null when unregistered */
  entry: StatusEntry | null;
  /** entry title, or a subject-level fallback */
  title: string;
  description: string;
}

export const STATUS_CLASSES: Readonly<Record<string, { class: StatusClass; meaning: string }>> = {
  '2': { class: 'success', meaning: 'Success: the message was delivered, relayed or otherwise handled' },
  '4': { class: 'transient', meaning: 'Persistent transient failure: the message may be delivered if sent again later' },
  '5': { class: 'permanent', meaning: 'Permanent failure: resending the same message unchanged will fail again' },
};

export const STATUS_SUBJECTS: Readonly<Record<number, string>> = {
  0: 'Other or undefined status',
  1: 'Addressing status',
  2: 'Mailbox status',
  3: 'Mail system status',
  4: 'Network and routing status',
  5: 'Mail delivery protocol status',
  6: 'Message content or media status',
  7: 'Security or policy status',
};

const e = (title: string, description: string, rfc = 'RFC 3463'): StatusEntry => ({ title, description, rfc });

/** keyed by 'subject.detail'; the class is separate */
export const STATUS_CODES: Readonly<Record<string, StatusEntry>> = {
  '0.0': e('Other undefined Status', 'No further information is available beyond the class.'),

  '1.0': e('Other address status', 'Something about the address specified in the message caused this DSN.'),
  '1.1': e('Bad destination mailbox address', 'The mailbox (local part) does not exist at the destination.'),
  '1.2': e('Bad destination system address', 'The destination system (domain) does not exist or cannot accept mail.'),
  '1.3': e('Bad destination mailbox address syntax', 'The destination address is syntactically invalid.'),
  '1.4': e('Destination mailbox address ambiguous', 'The address matches more than one recipient at the destination.'),
  '1.5': e('Destination address valid', 'The destination address is valid (used with success codes).'),
  '1.6': e('Destination mailbox has moved, No forwarding address', 'The mailbox used to exist but has moved, and no forwarding address is known.'),
  '1.7': e("Bad sender's mailbox address syntax", "The sender's address is syntactically invalid."),
  '1.8': e("Bad sender's system address", "The sender's domain does not exist or cannot accept return mail."),
  '1.9': e('Message relayed to non-compliant mailer', 'The address was valid, but the message was relayed to a system that does not speak SMTP; its fate is unknown.', 'RFC 3886'),
  '1.10': e('Recipient address has null MX', 'The recipient domain publishes a null MX: it accepts no mail.', 'RFC 7505'),

  '2.0': e('Other or undefined mailbox status', 'The mailbox exists, but something about it caused this DSN.'),
  '2.1': e('Mailbox disabled, not accepting messages', 'The mailbox exists but is disabled and accepts no mail.'),
  '2.2': e('Mailbox full', 'The mailbox is over its storage quota.'),
  '2.3': e('Message length exceeds administrative limit', 'The message is larger than the per-mailbox size limit.'),
  '2.4': e('Mailing list expansion problem', 'The address is a mailing list that could not be expanded.'),

  '3.0': e('Other or undefined mail system status', 'The destination system exists, but something about it caused this DSN.'),
  '3.1': e('Mail system full', 'The destination system is out of disk space.'),
  '3.2': e('System not accepting network messages', 'The host is not accepting mail, e.g. shutting down (also RFC 7504 reply 521).'),
  '3.3': e('System not capable of selected features', 'The system does not support a feature the message requires.'),
  '3.4': e('Message too big for system', 'The message is larger than the system-wide size limit.'),
  '3.5': e('System incorrectly configured', 'The destination system is misconfigured.'),
  '3.6': e('Requested priority was changed', 'The message was accepted but its MT-PRIORITY was changed.', 'RFC 6710'),

  '4.0': e('Other or undefined network or routing status', 'Something went wrong with the network, without further detail.'),
  '4.1': e('No answer from host', 'The outbound connection attempt was not answered.'),
  '4.2': e('Bad connection', 'The connection was made but dropped or unusable.'),
  '4.3': e('Directory server failure', 'A directory (e.g. DNS or LDAP) lookup failed.'),
  '4.4': e('Unable to route', 'No route to the destination (e.g. no MX or A record).'),
  '4.5': e('Mail system congestion', 'The destination or a relay is congested; try later.'),
  '4.6': e('Routing loop detected', 'The message looped (too many hops).'),
  '4.7': e('Delivery time expired', 'The message stayed queued too long and was given up on.'),

  '5.0': e('Other or undefined protocol status', 'Something in the SMTP exchange failed, without further detail.'),
  '5.1': e('Invalid command', 'A command was out of sequence or not supported.'),
  '5.2': e('Syntax error', 'A command could not be parsed.'),
  '5.3': e('Too many recipients', 'More recipients than the server accepts in one transaction.'),
  '5.4': e('Invalid command arguments', 'A command had a valid name but invalid arguments.'),
  '5.5': e('Wrong protocol version', 'The protocol version negotiation failed.'),
  '5.6': e('Authentication Exchange line is too long', 'An SMTP AUTH line exceeded the allowed length.', 'RFC 4954'),

  '6.0': e('Other or undefined media error', 'Something about the message content caused this DSN.'),
  '6.1': e('Media not supported', 'The destination does not support this content type.'),
  '6.2': e('Conversion required and prohibited', 'Conversion was needed but was forbidden by the sender.'),
  '6.3': e('Conversion required but not supported', 'Conversion was needed but no relay could perform it.'),
  '6.4': e('Conversion with loss performed', 'The message was converted with loss of information (informational).'),
  '6.5': e('Conversion Failed', 'A needed conversion was attempted and failed.'),
  '6.6': e('Message content not available', 'The content referenced by BURL could not be retrieved.', 'RFC 4468'),
  '6.7': e('Non-ASCII addresses not permitted for that sender/recipient', 'An internationalised address was refused.', 'RFC 6531'),
  '6.8': e('UTF-8 string reply is required, but not permitted by the SMTP client', 'The server must reply in UTF-8 but the client did not allow it.', 'RFC 6531'),
  '6.9': e('UTF-8 header message cannot be transferred to one or more recipients, so the message must be rejected', 'The next hop lacks SMTPUTF8 support.', 'RFC 6531'),
  '6.10': e('UTF-8 header message cannot be transferred (duplicate of X.6.9)', 'A duplicate of X.6.9, and thus deprecated.', 'RFC 6531'),

  '7.0': e('Other or undefined security status', 'A security or policy problem without further detail (also SMTP AUTH failures).'),
  '7.1': e('Delivery not authorized, message refused', 'The sender is not authorised to send to this destination (policy, spam, relaying...).'),
  '7.2': e('Mailing list expansion prohibited', 'The sender may not send to this mailing list.'),
  '7.3': e('Security conversion required but not possible', 'A security-preserving conversion was needed and could not be done.'),
  '7.4': e('Security features not supported', 'A security feature the message requires is not supported.'),
  '7.5': e('Cryptographic failure', 'Decryption or signature verification failed.'),
  '7.6': e('Cryptographic algorithm not supported', 'The message uses an unsupported cryptographic algorithm.'),
  '7.7': e('Message integrity failure', 'The message was altered or corrupted in transit.'),
  '7.8': e('Authentication credentials invalid', 'SMTP AUTH failed: wrong credentials.', 'RFC 4954'),
  '7.9': e('Authentication mechanism is too weak', 'SMTP AUTH: the selected mechanism is too weak for policy.', 'RFC 4954'),
  '7.10': e('Encryption Needed', 'A strong privacy layer (e.g. TLS) is needed to use this authentication mechanism.', 'RFC 5248'),
  '7.11': e('Encryption required for requested authentication mechanism', 'SMTP AUTH: this mechanism requires encryption.', 'RFC 4954'),
  '7.12': e('A password transition is needed', 'SMTP AUTH: the user must change their password.', 'RFC 4954'),
  '7.13': e('User Account Disabled', 'The account is disabled (sender or recipient side).', 'RFC 5248'),
  '7.14': e('Trust relationship required', 'The submission server requires a trust relationship it does not have.', 'RFC 5248'),
  '7.15': e('Priority Level is too low', 'The MT-PRIORITY level is too low for this server.', 'RFC 6710'),
  '7.16': e('Message is too big for the specified priority', 'The message exceeds the size allowed at its MT-PRIORITY.', 'RFC 6710'),
  '7.17': e('Mailbox owner has changed', 'RRVS: the mailbox was reassigned to someone else since the given time.', 'RFC 7293'),
  '7.18': e('Domain owner has changed', 'RRVS: the domain changed owner since the given time.', 'RFC 7293'),
  '7.19': e('RRVS test cannot be completed', 'RRVS: the receiver could not check whether the mailbox changed owner.', 'RFC 7293'),
  '7.20': e('No passing DKIM signature found', 'Policy requires a passing DKIM signature and none was found.', 'RFC 7372'),
  '7.21': e('No acceptable DKIM signature found', 'DKIM signatures passed but none was acceptable to local policy.', 'RFC 7372'),
  '7.22': e('No valid author-matched DKIM signature found', 'No passing DKIM signature matches the From: domain.', 'RFC 7372'),
  '7.23': e('SPF validation failed', 'The SPF check returned fail.', 'RFC 7372'),
  '7.24': e('SPF validation error', 'The SPF check could not be completed (temperror/permerror).', 'RFC 7372'),
  '7.25': e('Reverse DNS validation failed', "The sending IP's reverse DNS (PTR) is missing or does not match.", 'RFC 7372'),
  '7.26': e('Multiple authentication checks failed', 'More than one authentication check failed; the mechanisms are not named (Gmail uses it for DMARC failures).', 'RFC 7372'),
  '7.27': e('Sender address has null MX', "The sender's domain publishes a null MX, so bounces cannot be returned.", 'RFC 7505'),
  // reference as best recalled; the title/description are the registry's
  '7.28': e('Mail flood detected', 'The message appears to be part of a flood of similar abusive messages.', 'RFC 8601'),
  '7.29': e('ARC validation failure', 'The ARC chain failed validation and the message was rejected.', 'RFC 8617'),
  '7.30': e('REQUIRETLS support required', 'The message requires REQUIRETLS and the next hop does not support it.', 'RFC 8689'),
};

const STATUS_RE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** Parses an exact 'C.S.D' enhanced status code (RFC 3463 grammar); anything else is null. */
export function statusInfo(code: string): StatusInfo | null {
  const m = STATUS_RE.exec(code);
  if (!m) return null;
  const cls = STATUS_CLASSES[m[1]!]!;
  const subject = Number(m[2]);
  const detail = Number(m[3]);
  const subjectMeaning = STATUS_SUBJECTS[subject] ?? 'Unregistered subject';
  const entry = STATUS_CODES[`${subject}.${detail}`] ?? null;
  return {
    code: `${m[1]}.${subject}.${detail}`,
    class: cls.class,
    classMeaning: cls.meaning,
    subject,
    subjectMeaning,
    detail,
    entry,
    title: entry?.title ?? `${subjectMeaning} (unregistered detail ${detail})`,
    description: entry?.description ?? `Unregistered code; only its class and subject are meaningful.`,
  };
}
