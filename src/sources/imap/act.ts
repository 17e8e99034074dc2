// What is done to messages once their ingestion is committed: move, flag \Seen, or delete.
import type { ImapFlow } from 'imapflow';
import type { MailboxConfig } from '../../config/imap.js';
import { uidSet } from './uid-set.js';

/** Create the folder `move` puts messages in, when it is missing. */
export async function ensureFolder(client: ImapFlow, path: string): Promise<void> {
  try {
    await client.mailboxCreate(path); // an existing folder answers ALREADYEXISTS: not an error
  } catch (err) {
    // servers that refuse without that response code: fine if the folder is there
    const boxes = await client.list();
    if (!boxes.some((b) => b.path === path)) throw err;
  }
}

/** Act on these UIDs of the selected mailbox; throws when the server refuses. */
export async function act(client: ImapFlow, cfg: MailboxConfig, uids: readonly number[]): Promise<void> {
  if (uids.length === 0) return;
  const set = uidSet(uids);
  let ok: unknown;
  switch (cfg.action) {
    case 'move':
      ok = await client.messageMove(set, cfg.moveTo, { uid: true });
      break;
    case 'flag':
      ok = await client.messageFlagsAdd(set, ['\\Seen'], { uid: true });
      break;
    case 'delete':
      ok = await client.messageDelete(set, { uid: true });
      break;
  }
  if (ok === false) throw new Error(`${cfg.action} refused by the server for UIDs ${set}`);
}
