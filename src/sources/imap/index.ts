// The IMAP source: a bounce mailbox watched by IDLE or polling, each message ingested and, once
// committed, moved, flagged or deleted.
export { startPollers, type Pollers, type PollerOptions } from './poller.js';
export { pollOnce } from './once.js';
export { pollerParsePool } from './parse-ahead.js';
export type { DrainResult } from './drain.js';
export type { MailboxStatus, MailboxTotals } from './status.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { describeError } from './errors.js';
