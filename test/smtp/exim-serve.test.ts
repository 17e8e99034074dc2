// A real Exim delivers a DSN to `rebound serve` (a real process). Exim sends QUIT right after the
// final "." (pipelined) and half-closes its side: the listener must still answer the end of data
// with 250 once the message is committed, or Exim logs "Remote host closed connection in response
// to end of data", keeps the DSN and delivers it again later.
import { afterEach, beforeAll, describe, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createTransport } from 'nodemailer';
import { buildCli, startServeProcess, type ServeProcess } from '../helpers/cli-process.js';
import { eximMissing, startExim } from '../helpers/exim.js';
import { itNeeds } from '../helpers/integration.js';
import { startNxResolver, type NxResolver } from '../helpers/mta-sandbox.js';
import { startScriptedRemote, type Listening } from '../helpers/mta-remote.js';
import { refusingHost, type RunningMta } from '../helpers/mta-routes.js';
import { freePort } from '../helpers/ports.js';

const missing = eximMissing();
let cli: string;
beforeAll(() => {
  if (!missing) cli = buildCli('test-exim-serve');
}, 120_000);

let dir: string | undefined;
let serve: ServeProcess | undefined;
let exim: RunningMta | undefined;
let remote: Listening | undefined;
let resolver: NxResolver | undefined;
afterEach(async () => {
  await exim?.stop();
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await remote?.close();
  await resolver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = serve = exim = remote = resolver = undefined;
});

function stored(dbPath: string): number {
  const db = new SQLite(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from messages').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('Exim delivering to rebound serve', () => {
  itNeeds(missing)(
    'gets its 250 after a pipelined QUIT and half-close: delivered once, nothing left in its queue',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'rebound-exim-serve-'));
      const dbPath = join(dir, 'r.db');
      const port = await freePort();
      serve = await startServeProcess(cli, dbPath, { REBOUND_SMTP_DOMAINS: 'sink.test', REBOUND_SMTP_PORT: String(port) });
      resolver = await startNxResolver();
      remote = await startScriptedRemote();
      exim = await startExim({
        resolver: resolver.address,
        remote: { domain: 'remote.test', host: '127.0.0.1', port: remote.port },
        refused: { domain: 'down.test', host: refusingHost(), port: 25 },
        sink: { domain: 'sink.test', host: '127.0.0.1', port },
        // long enough that a failed delivery of the DSN is retried (and seen), not given up
        lifetime: 120,
      });
      const t = createTransport({ host: '127.0.0.1', port: exim.port, secure: false, ignoreTLS: true });
      await t.sendMail({ envelope: { from: 'bounces@sink.test', to: ['unknown-one@remote.test'] }, from: 'news@sink.test', to: 'unknown-one@remote.test', subject: 'hello', text: 'Hello' });
      t.close();
      const log = () => `--- exim log ---\n${exim!.log()}\n--- serve ---\n${serve!.stderr().slice(-3000)}`;
      // the DSN is delivered (=>) to the listener, and both messages leave Exim's queue
      await expect.poll(() => /=> bounces@sink\.test .*C="250/.test(exim!.log()), { timeout: 20_000, interval: 100, message: log() }).toBe(true);
      await expect.poll(() => exim!.queued(), { timeout: 10_000, interval: 100, message: log() }).toBe(0);
      // a retry would come within a second or two (Exim retries every second here)
      await new Promise((r) => setTimeout(r, 3000));
      const text = exim.log();
      expect(text, log()).not.toMatch(/Remote host closed connection in response to end of data/);
      expect(text.match(/=> bounces@sink\.test/g), log()).toHaveLength(1);
      expect(text, log()).not.toMatch(/== bounces@sink\.test/);
      expect(stored(dbPath)).toBe(1);
    },
    90_000,
  );
});
