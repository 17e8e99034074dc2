// What a mailbox logs in with: a password or an access token from the settings, or an access token
// fetched anew before every login, so that a long-running poller outlives a token's hour:
// accessTokenCommand prints one, accessTokenFile holds one that another program keeps fresh.
import { readFile } from 'node:fs/promises';
import type { AuthOptions } from 'imapflow';
import type { MailboxConfig } from '../../config/imap.js';
import { runTokenCommand } from './token-command.js';

/** `signal`: aborted when the poller stops, which ends a command still running. */
export async function loginOf(cfg: MailboxConfig, signal?: AbortSignal): Promise<AuthOptions> {
  if (cfg.pass !== undefined) return { user: cfg.user, pass: cfg.pass };
  return { user: cfg.user, accessToken: await accessToken(cfg, signal) };
}

/** Whether asking again may give another token than the one the server just refused. */
export function tokenIsFetched(cfg: MailboxConfig): boolean {
  return cfg.accessTokenCommand !== undefined || cfg.accessTokenFile !== undefined;
}

async function accessToken(cfg: MailboxConfig, signal?: AbortSignal): Promise<string> {
  if (cfg.accessTokenCommand !== undefined) return oneToken(await runTokenCommand(cfg.accessTokenCommand, { signal }), 'accessTokenCommand printed');
  if (cfg.accessTokenFile === undefined) return cfg.accessToken!;
  let text: string;
  try {
    text = await readFile(cfg.accessTokenFile, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new Error(`accessTokenFile ${cfg.accessTokenFile} cannot be read (${e.code ?? e.message})`);
  }
  return oneToken(text, `accessTokenFile ${cfg.accessTokenFile} holds`);
}

/** The token alone: a second word would be a message printed beside it, and make a token the server refuses. */
function oneToken(text: string, what: string): string {
  const token = text.trim();
  if (!token) throw new Error(`${what} no access token (nothing but white space)`);
  if (/\s/.test(token)) throw new Error(`${what} more than one word: expected the access token alone`);
  return token;
}
