// What each mailbox's poller reports about itself, for logs now and metrics later.
import type { DrainCounts } from './drain.js';

export interface MailboxTotals extends DrainCounts {
  /** connections made (the first and every reconnection) */
  connects: number;
  /** connections or polls that failed */
  failures: number;
}

export interface MailboxStatus {
  mailbox: string;
  connected: boolean;
  /** waiting in IDLE (false while polling on a timer) */
  idling: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  /** the end of the last complete pass over the mailbox */
  lastSuccessAt: string | null;
  /** failures since the last complete pass; 0 when healthy */
  consecutiveFailures: number;
  /** messages known to be waiting in the mailbox, as of the last look */
  lag: number;
  /** another host holds the mailbox's lease (it polls it); this one waits to take over */
  standby: boolean;
  /** the host holding the mailbox's lease as last seen (this one's id when it polls); null: unknown or no leases */
  leaseHolder: string | null;
  totals: MailboxTotals;
}

export function newStatus(mailbox: string): MailboxStatus {
  return {
    mailbox,
    connected: false,
    idling: false,
    lastError: null,
    lastErrorAt: null,
    lastSuccessAt: null,
    consecutiveFailures: 0,
    lag: 0,
    standby: false,
    leaseHolder: null,
    totals: { messages: 0, new: 0, duplicates: 0, acted: 0, left: 0, oversize: 0, connects: 0, failures: 0 },
  };
}
