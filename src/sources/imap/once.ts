// One pass over one mailbox (for `rebound poll --once` from cron): connect, deal with every new
// message, log out.
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { log as defaultLog } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import { closeConnection, openConnection } from './connection.js';
import { drain, type DrainResult } from './drain.js';
import { warnInsecure } from './tls.js';

export async function pollOnce(ctx: PipelineContext, cfg: MailboxConfig, opts: { logger?: Logger } = {}): Promise<DrainResult> {
  const log = opts.logger ?? defaultLog;
  warnInsecure(cfg, log);
  const client = await openConnection(cfg, log);
  try {
    return await drain(client, ctx, cfg, log);
  } finally {
    await closeConnection(client);
  }
}
