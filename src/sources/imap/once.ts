// One pass over one mailbox (for `rebound poll --once` from cron): connect, deal with every new
// message, log out. The messages are parsed on a parse thread: the caller's, shared by the
// mailboxes it polls, or one made for this pass.
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { log as defaultLog } from '../../log.js';
import type { PipelineContext } from '../../pipeline/context.js';
import type { ParsePool } from '../../pipeline/parse-pool.js';
import { closeConnection, openConnection } from './connection.js';
import { drain, type DrainResult } from './drain.js';
import { pollerParsePool } from './parse-ahead.js';
import { warnInsecure } from './tls.js';

export async function pollOnce(ctx: PipelineContext, cfg: MailboxConfig, opts: { logger?: Logger; parser?: ParsePool } = {}): Promise<DrainResult> {
  const log = opts.logger ?? defaultLog;
  warnInsecure(cfg, log);
  // started before the connection: the thread loads while the login goes on
  const parser = opts.parser ?? pollerParsePool(ctx);
  try {
    const client = await openConnection(cfg, log);
    try {
      return await drain(client, ctx, cfg, log, {}, parser);
    } finally {
      await closeConnection(client);
    }
  } finally {
    if (!opts.parser) await parser.close();
  }
}
