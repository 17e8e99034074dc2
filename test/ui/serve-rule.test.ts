// A rule written in the dashboard of a running `rebound serve` (a real process): the rules are
// reloaded everywhere as on SIGHUP, the spool worker thread included, so the next bounce that comes
// in by SMTP with the same reply is classified by it too.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import SQLite from 'better-sqlite3';
import { dsn } from '../helpers.js';
import { buildCli, spawnServe, type ServeProcess, killServe } from '../helpers/cli-process.js';
import { freePort } from '../helpers/ports.js';
import { until } from '../helpers/until.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 }); // it compiles the CLI first

const ADMIN = 'admin-token-0123456789';
let dir: string | undefined;
let serve: ServeProcess | undefined;
afterEach(() => {
  killServe(serve);
  if (dir) rmSync(dir, { recursive: true, force: true });
  serve = dir = undefined;
});

describe('serve: a rule from the review queue', () => {
  it('reloads the rules of the spool worker too: the next bounce with that reply gets the rule', async () => {
    const cli = buildCli('test-ui-serve-rule');
    const d = (dir = mkdtempSync(join(tmpdir(), 'rebound-ui-rule-')));
    const rules = join(d, 'local.toml');
    const db = join(d, 'r.db');
    writeFileSync(rules, '# ours\n');
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    writeFileSync(
      join(d, 'rebound.toml'),
      `[store]\npath = "${db}"\n\n[classify]\nrules = ["${rules}"]\n\n[smtp]\nport = ${smtpPort}\ndomains = ["bounce.test"]\n\n` +
        `[http]\nport = ${httpPort}\n\n[ui]\nrulesFile = "${rules}"\n\n[[ui.tokens]]\nname = "alice"\nrole = "admin"\ntoken = "${ADMIN}"\n`,
    );
    serve = await spawnServe(cli, ['--config', join(d, 'rebound.toml'), 'serve'], { REBOUND_LOG_LEVEL: 'info' });
    expect(serve.lines.find((l) => l.msg === 'rebound serve started')).toMatchObject({ spooler: 'worker' });

    const t = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const send = (n: number) =>
      t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: dsn(`user${n}@frob.example`, { id: `frob-${n}`, status: '5.0.0', diagnostic: `550 5.0.0 <user${n}@frob.example>: the frobnicator declined this envelope` }) });
    const records = () => {
      const s = new SQLite(db, { readonly: true });
      try {
        return s.prepare('select message_id, recipient, reason, rule from bounces order by id').all() as Array<{ message_id: number; recipient: string; reason: string; rule: string }>;
      } finally {
        s.close();
      }
    };
    await send(1);
    await until(() => records().length === 1, Boolean, { label: 'the first record' });
    const first = records()[0]!;
    expect(first.reason).toMatch(/^(undefined|onhold)$/);

    const base = `http://127.0.0.1:${httpPort}/ui/api`;
    const signIn = await fetch(`${base}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN }) });
    const { csrf } = (await signIn.json()) as { csrf: string };
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${base}/review/${first.message_id}/rule`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ reason: 'mailboxfull', text: 'frobnicator declined' }),
    });
    const body = (await res.json()) as { rule: { id: string }; records: Array<{ reason: string; rule: string }> };
    expect(res.status).toBe(200);
    const ruleId = `${rules}:4`; // after "# ours", a blank line and the comment
    expect(body.rule.id).toBe(ruleId);
    expect(body.records).toMatchObject([{ reason: 'mailboxfull', rule: ruleId }]);
    expect(readFileSync(rules, 'utf8')).toMatch(/^# ours\n\n# from the review queue \(message \d+\) by ui:alice at \S+\n\[\[phrase\]\]\nreason = "mailboxfull"\ntext = "frobnicator declined"\n$/);
    // the reload is logged before the answer is sent; its line reaches this process through a pipe,
    // which under load may still hold it when the answer is here
    await until(() => serve!.lines.some((l) => l.msg === 'rule files reloaded'), Boolean, { label: "the log line 'rule files reloaded'", ms: 10_000 });
    expect(records()[0]).toMatchObject({ reason: 'mailboxfull', rule: ruleId });

    // the next one is parsed on the spool worker thread, with the reloaded rules
    await send(2);
    await until(() => records().length === 2, Boolean, { label: 'the second record' });
    expect(records()[1]).toMatchObject({ recipient: 'user2@frob.example', reason: 'mailboxfull', rule: ruleId });
    t.close();

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
  });
});
