// accessTokenCommand: a command that prints a fresh OAuth2 access token (an oauth2l or gcloud
// call, a script asking a vault). It is one string, as an environment variable can hold it, so it
// is run by /bin/sh -c: quoting, pipes and $VARIABLES work as in a crontab. It gets the service's
// environment and no input. Errors say what went wrong, never what was printed on stdout.
import { spawn } from 'node:child_process';

export const TOKEN_COMMAND_TIMEOUT_MS = 30_000;
/** an access token is a few kilobytes at most; more is a command printing something else */
const MAX_STDOUT = 64 * 1024;
/** what is kept of stderr for the error message */
const MAX_STDERR = 2 * 1024;
const STOPPED = 'ended: the poller is stopping';

export interface TokenCommandOptions {
  timeoutMs?: number;
  /** aborted: give up at once (the poller is stopping) */
  signal?: AbortSignal;
}

/** The command's standard output, once it has exited with status 0. */
export function runTokenCommand(command: string, { timeoutMs = TOKEN_COMMAND_TIMEOUT_MS, signal }: TokenCommandOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(`accessTokenCommand ${STOPPED}`));
    // its own process group, so that giving up ends what the shell started too
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      if (err) reject(err);
      else resolve(stdout);
    };
    // without waiting for the pipes to close: a process the command left behind may hold them
    const giveUp = (why: string) => {
      settle(new Error(`accessTokenCommand ${why}`));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const timer = setTimeout(() => giveUp(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
    const stop = () => giveUp(STOPPED);
    signal?.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.length > MAX_STDOUT) giveUp(`printed more than ${MAX_STDOUT} bytes`);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-MAX_STDERR)));
    child.once('error', (err) => settle(new Error(`accessTokenCommand could not be started: ${err.message}`)));
    child.once('close', (code, killedBy) => {
      if (code === 0) return settle(null);
      const status = code === null ? `was killed (${killedBy})` : `exited with status ${code}`;
      settle(new Error(`accessTokenCommand ${status}${stderr.trim() ? `: ${lastLine(stderr)}` : ''}`));
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()!.trim().slice(0, 300);
}
