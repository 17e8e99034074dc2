// The names of the leases in the shared store: one per IMAP mailbox, one for the scheduled exports.

const IMAP = 'imap:';
export const EXPORT_LEADER = 'export:leader';

/** The lease of one mailbox, by its state key (user@host/mailbox). */
export const imapLeaseName = (mailboxKey: string) => IMAP + mailboxKey;

/** The mailbox key of an IMAP lease's name; null for another lease. */
export const mailboxOfLease = (name: string): string | null => (name.startsWith(IMAP) ? name.slice(IMAP.length) : null);
