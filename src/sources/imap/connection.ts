// Opening and closing one connection the same way for `pollOnce` and the long-running poller.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailboxConfig } from '../../config/imap.js';
import { ensureFolder } from './act.js';
import { createClient } from './client.js';

/** Connect, log in, and create the folder bounces are moved to when it is missing. */
export async function prepareConnection(client: ImapFlow, cfg: MailboxConfig): Promise<void> {
  await client.connect();
  if (cfg.action === 'move') await ensureFolder(client, cfg.moveTo);
}

export async function openConnection(cfg: MailboxConfig, log: Logger): Promise<ImapFlow> {
  const client = createClient(cfg, log);
  try {
    await prepareConnection(client, cfg);
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
