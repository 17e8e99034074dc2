// `rebound serve` reads its rule files again on SIGHUP (a real process, the spool worker thread
// included): a new rule applies to the next bounce; a bad file is refused, logged, and the rules in
// use stay.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import SQLite from 'better-sqlite3';
import { dsn } from '../helpers.js';
import { buildCli, spawnServe, type ServeProcess, killServe } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let dir: string | undefined;
let serve: ServeProcess | undefined;
afterEach(() => {
  killServe(serve);
  if (dir) rmSync(dir, { recursive: true, force: true });
  serve = dir = undefined;
});

describe('serve and SIGHUP', () => {
  it('reloads the rule files, and keeps the old rules when a file is bad', async () => {
    const cli = buildCli('test-rules-reload');
    dir = mkdtempSync(join(tmpdir(), 'rebound-reload-'));
    const rules = join(dir, 'local.toml');
    const db = join(dir, 'r.db');
    writeFileSync(rules, '[[phrase]]\nreason = "mailboxfull"\ntext = "casella esaurita"\n');
    const port = await freePort();
    writeFileSync(join(dir, 'rebound.toml'), `[store]\npath = "${db}"\n\n[classify]\nrules = ["${rules}"]\n\n[smtp]\nport = ${port}\ndomains = ["bounce.test"]\n`);
    serve = await spawnServe(cli, ['--config', join(dir, 'rebound.toml'), 'serve'], { REBOUND_LOG_LEVEL: 'info' });
    expect(serve.lines.find((l) => l.msg === 'rebound serve started')).toMatchObject({ spooler: 'worker' });

    const t = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const send = (n: number) =>
      t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: dsn(`user${n}@esempio.it`, { id: `reload-${n}`, status: '5.0.0', diagnostic: `550 5.0.0 <user${n}@esempio.it>: indirizzo chiuso, casella esaurita` }) });
    const reasons = () => {
      const s = new SQLite(db, { readonly: true });
      try {
        return s.prepare('select recipient, reason, rule from bounces order by id').all() as Array<{ recipient: string; reason: string; rule: string }>;
      } finally {
        s.close();
      }
    };

    await send(1);
    await until(() => reasons().length === 1, Boolean, { label: 'the first record' });
    expect(reasons()[0]).toEqual({ recipient: 'user1@esempio.it', reason: 'mailboxfull', rule: `${rules}:1` });

    // a rule before it: "indirizzo chiuso" is an unknown user
    writeFileSync(rules, '[[phrase]]\nreason = "userunknown"\ntext = "indirizzo chiuso"\n\n[[phrase]]\nreason = "mailboxfull"\ntext = "casella esaurita"\n');
    serve.child.kill('SIGHUP');
    await until(() => serve!.lines.some((l) => l.msg === 'rule files reloaded'), Boolean, { label: 'the reload' });
    await send(2);
    await until(() => reasons().length === 2, Boolean, { label: 'the second record' });
    expect(reasons()[1]).toEqual({ recipient: 'user2@esempio.it', reason: 'userunknown', rule: `${rules}:1` });

    // a bad file: refused, logged with its line; the rules in use stay
    writeFileSync(rules, '[[phrase]]\nreason = "nosuch"\ntext = "indirizzo chiuso"\n');
    serve.child.kill('SIGHUP');
    await until(() => serve!.lines.some((l) => l.msg === 'rule files not reloaded: the rules in use stay'), Boolean, { label: 'the refusal' });
    expect(serve.lines.find((l) => l.msg === 'rule files not reloaded: the rules in use stay')!.err).toMatch(new RegExp(`^${rules}:2: phrase #1 reason: unknown reason 'nosuch'`));
    await send(3);
    await until(() => reasons().length === 3, Boolean, { label: 'the third record' });
    expect(reasons()[2]).toEqual({ recipient: 'user3@esempio.it', reason: 'userunknown', rule: `${rules}:1` });
    t.close();

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
  });
});
