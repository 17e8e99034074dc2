// The names of the leases in the shared store: one per IMAP mailbox, one for the scheduled exports,
// one for the dashboard's signals (their timer runs on one host).

const IMAP = 'imap:';
export const EXPORT_LEADER = 'export:leader';
export const SIGNALS_LEADER = 'signals:leader';

/** The lease of one mailbox, by its state key (user@host/mailbox). */
export const imapLeaseName = (mailboxKey: string) => IMAP + mailboxKey;

/** The mailbox key of an IMAP lease's name; null for another lease. */
export const mailboxOfLease = (name: string): string | null => (name.startsWith(IMAP) ? name.slice(IMAP.length) : null);
