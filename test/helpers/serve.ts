// `startServe` in this process on a free loopback port, with a fresh SQLite file in a temporary
// directory and the log lines kept for the test to read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseSmtpConfig, type SmtpConfigInput } from '../../src/config/smtp.js';
import { parseReturnPathSettings, type ReturnPathSettingsInput } from '../../src/config/return-path.js';
import { startServe, type Serving } from '../../src/serve.js';
import type { InlineSpooler } from '../../src/pipeline/spooler.js';
import type { MailboxConfig } from '../../src/config/imap.js';
import type { SpoolSettings } from '../../src/config/spool.js';
import type { Store } from '../../src/store/open.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import type { GroupCommit } from '../../src/pipeline/group-commit.js';

export interface TestServer extends Serving<InlineSpooler> {
  store: Store;
  /** the spooler's pipeline context (policy, keys, clock) over `store` */
  ctx: PipelineContext;
  commits: GroupCommit;
  port: number;
  dir: string;
  dbPath: string;
  /** parsed log lines */
  lines: Array<Record<string, unknown>>;
  count(table: string, where?: string): number;
  /** the 'smtp session' log lines, once there are at least `n` (sessions are logged when they end) */
  sessionLines(n: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
  /** wait until nothing is pending (the background loop processed everything) */
  processed(timeoutMs?: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** `smtp` may carry the `returnPath` section too, for brevity */
export async function testServer(input: SmtpConfigInput & { returnPath?: ReturnPathSettingsInput } = {}, opts: { dir?: string; imap?: MailboxConfig[]; spool?: SpoolSettings; storeUrl?: string } = {}): Promise<TestServer> {
  const { returnPath, ...smtp } = input;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'rebound-smtp-'));
  const dbPath = join(dir, 'rebound.db');
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  const config = parseSmtpConfig({ port: 0, hostname: 'mx.bounce.test', domains: ['bounce.test'], ...smtp });
  // inline: the test reads and breaks the very store the listener writes to
  const s = (await startServe({ dbPath, smtp: config, returnPath: parseReturnPathSettings(returnPath), spool: opts.spool, imap: opts.imap, log, spooler: 'inline', store: { url: opts.storeUrl } })) as Serving<InlineSpooler>;
  const count = (table: string, where = '1') =>
    (s.spooler.store.sqlite.prepare(`select count(*) as n from ${table} where ${where}`).get() as { n: number }).n;
  return Object.assign(s, {
    store: s.spooler.store,
    ctx: s.spooler.ctx,
    commits: s.spooler.commits,
    port: s.smtp.port,
    dir,
    dbPath,
    lines,
    count,
    async processed(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (count('messages', "status = 'pending'") > 0) {
        if (Date.now() > until) throw new Error('messages still pending');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async sessionLines(n: number, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      const get = () => lines.filter((l) => l.msg === 'smtp session');
      while (get().length < n) {
        if (Date.now() > until) throw new Error(`${get().length} session lines, expected ${n}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return get();
    },
    async cleanup() {
      await s.stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  });
}
