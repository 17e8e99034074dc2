// Opening and closing one connection the same way for `pollOnce` and the long-running poller.
import type { AuthOptions, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { ensureFolder } from './act.js';
import { createClient } from './client.js';
import { loginOf, tokenIsFetched } from './credentials.js';

export interface OpenOptions {
  /** told of each client made, before it connects (the poller listens to its events) */
  onClient?: (client: ImapFlow) => void;
  /** aborted when the poller stops: a token command still running is ended */
  signal?: AbortSignal;
}

/**
 * Connect, log in, and create the folder bounces are moved to when it is missing. A fetched access
 * token that the server refuses is fetched once more, and used when it is another one (a token
 * revoked or expired early, a file rewritten meanwhile); an unchanged one is not sent again at
 * once: the caller's backoff decides when.
 */
export async function openConnection(cfg: MailboxConfig, log: Logger, opts: OpenOptions = {}): Promise<ImapFlow> {
  const login = await loginOf(cfg, opts.signal);
  try {
    return await connectAs(cfg, login, log, opts);
  } catch (err) {
    if (!(err as { authenticationFailed?: boolean }).authenticationFailed || !tokenIsFetched(cfg)) throw err;
    const again = await loginOf(cfg, opts.signal);
    if (again.accessToken === login.accessToken) throw err;
    log.info({ mailbox: cfg.name }, 'imap login refused; trying once more with the new access token');
    return await connectAs(cfg, again, log, opts);
  }
}

async function connectAs(cfg: MailboxConfig, login: AuthOptions, log: Logger, opts: OpenOptions): Promise<ImapFlow> {
  const client = createClient(cfg, login, log);
  opts.onClient?.(client);
  try {
    await client.connect();
    if (cfg.action === 'move') await ensureFolder(client, cfg.moveTo);
    return client;
  } catch (err) {
    await closeConnection(client);
    throw err;
  }
}

/** LOGOUT when the connection still works (bounded in time), then close the socket in any case. */
export async function closeConnection(client: ImapFlow): Promise<void> {
  if (client.usable) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.logout().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000))),
    ]);
    clearTimeout(timer);
  }
  if (!client.isClosed) client.close();
}
