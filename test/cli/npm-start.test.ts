// `npm start` as an operator (or a supervisor) runs it: a signal to npm's own PID must stop the
// server. npm forwards SIGTERM and SIGINT to the script's shell only; without `exec` the shell
// dies and the server keeps the port, orphaned.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

beforeAll(() => ensureBuilt(['cli/serve.js']), 180_000);

let dir: string | undefined;
let npm: ChildProcess | undefined;
afterEach(() => {
  // whatever is left of the process group this test started (an orphaned server when it fails)
  if (npm?.pid) {
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      /* the group is gone */
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  npm = dir = undefined;
});

const accepts = (port: number) =>
  new Promise<boolean>((r) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => (s.destroy(), r(true)));
    s.on('error', () => r(false));
  });

describe('npm start', { timeout: 90_000 }, () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`ends, and frees the port, when npm's own PID gets ${signal}`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'rebound-npm-start-'));
      const config = join(dir, 'rebound.toml');
      writeFileSync(config, '');
      const port = await freePort();
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REBOUND_') && !k.startsWith('npm_')));
      // its own process group, so that the test can clean up after a failure
      npm = spawn('npm', ['start', '--silent'], {
        cwd: ROOT,
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...env, REBOUND_CONFIG: config, REBOUND_DB_PATH: join(dir, 'r.db'), REBOUND_SMTP_HOST: '127.0.0.1', REBOUND_SMTP_PORT: String(port), REBOUND_LOG_LEVEL: 'warn' },
      });
      let stderr = '';
      npm.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => npm!.on('exit', (code) => r(code)));
      await until(() => accepts(port), Boolean, { label: `the listener on ${port} (${stderr})`, ms: 30_000, everyMs: 100 });

      process.kill(npm.pid!, signal);
      expect(await exited).toBe(0);
      // the server itself is gone: nothing listens on its port any more
      await until(async () => !(await accepts(port)), Boolean, { label: 'the port to be freed', ms: 10_000, everyMs: 100 });
      expect(stderr).not.toMatch(/error/i);
    });
  }
});
