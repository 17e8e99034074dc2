// The one address rule in the CLI (the built dist/cli.js, a real SQLite file, and Postfix's own
// postmap reading the exported access map): a bad address is exit 2 with the reason; quoted local
// parts and IDN domains work in check, suppress and export.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../helpers.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { itNeeds } from '../helpers/integration.js';

beforeAll(() => ensureBuilt([]), 180_000);

let t: TempStore;
let db: string;
beforeAll(async () => {
  t = await tempStore();
  db = join(t.dir, 'cli.db');
});
afterAll(async () => t?.cleanup());

const rebound = (...args: string[]) => runCli(['--db', db, ...args], {});
const POSTMAP = ['/usr/sbin/postmap', '/usr/bin/postmap'].find(existsSync) ?? null;

describe('rebound and the address rule', { timeout: 60_000 }, () => {
  it('refuses a control character, a comma or a space: one line on stderr, exit 2', async () => {
    for (const [address, why] of [
      ['a\x01b@example.com', 'control character U+0001'],
      ['a,b@example.com', '"," in an unquoted local part'],
      ['a b@example.com', 'whitespace (quote a local part that holds spaces)'],
    ]) {
      const r = await rebound('suppress', address!, '--reason', 'x');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`rebound: not an email address: ${JSON.stringify(address)}: ${why}\n`);
    }
  });

  it('suppresses, checks and exports a quoted local part and an IDN domain', async () => {
    expect((await rebound('suppress', '"John Doe"@Example.com', '--reason', 'asked')).stdout).toBe('"john doe"@example.com suppressed (manual: asked)\n');
    expect((await rebound('suppress', 'jörg@bücher.example', '--reason', 'asked')).status).toBe(0);
    const check = await rebound('check', '"john doe"@example.com');
    expect(check.status).toBe(1);
    expect((await rebound('check', 'jörg@xn--bcher-kva.example')).status).toBe(1);
    const txt = await rebound('export', '--format', 'txt');
    expect(txt.stdout).toBe('"john doe"@example.com\njörg@xn--bcher-kva.example\n');
  });

  itNeeds(POSTMAP ? null : 'postmap (Debian package postfix) is not installed')('postmap reads the exported access map, quoted key included', async () => {
    const map = join(t.dir, 'access');
    const r = await rebound('export', '--format', 'postfix', '--out', map);
    expect(r.status).toBe(0);
    execFileSync(POSTMAP!, [map]);
    expect(execFileSync(POSTMAP!, ['-q', '"john doe"@example.com', map], { encoding: 'utf8' })).toBe('REJECT recipient suppressed: manual: asked\n');
    expect(execFileSync(POSTMAP!, ['-q', 'jörg@xn--bcher-kva.example', map], { encoding: 'utf8' })).toBe('REJECT recipient suppressed: manual: asked\n');
  });
});
