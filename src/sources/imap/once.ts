// One pass over one mailbox (for `rebound poll --once` from cron): connect, deal with every new
// message, log out.
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { log as defaultLog } from '../../log.js';
import type { Store } from '../../store/open.js';
import { closeConnection, openConnection } from './connection.js';
import { drain, type DrainResult } from './drain.js';
import { warnInsecure } from './tls.js';

export async function pollOnce(store: Store, cfg: MailboxConfig, opts: { logger?: Logger } = {}): Promise<DrainResult> {
  const log = opts.logger ?? defaultLog;
  warnInsecure(cfg, log);
  const client = await openConnection(cfg, log);
  try {
    return await drain(client, store, cfg, log);
  } finally {
    await closeConnection(client);
  }
}
