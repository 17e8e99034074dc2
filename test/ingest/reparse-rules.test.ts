// A rule change reaches stored data: the parser version stamped on a message carries the rules'
// fingerprint, so a plain `reparse` with another rule set reads the message again, and the record
// names the rule that decided it.
import { describe, it, expect, afterEach } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../src/pipeline/ingest.js';
import { reparse } from '../../src/pipeline/reparse.js';
import { openStore, type Store } from '../../src/store/open.js';
import { bouncesOfMessage } from '../../src/store/bounces.js';
import { getMessage } from '../../src/store/messages.js';
import { checkAddress } from '../../src/policy/check.js';
import { PARSER_VERSION } from '../../src/parse/version.js';
import { at, dsn, tempStore, type TempStore } from '../helpers.js';

let t: TempStore;
let other: Store | undefined;
afterEach(async () => {
  await other?.close();
  other = undefined;
  await t?.cleanup();
});

describe('reparse after a rule change', () => {
  it('reads again what an older rule set decided, and records the rule', async () => {
    t = await tempStore({ now0: '2024-05-10T00:00:00Z' });
    const raw = dsn('mario@esempio.it', { status: '5.0.0', diagnostic: '550 5.0.0 <mario@esempio.it>: indirizzo chiuso definitivamente' });
    const r = ingest(t.ctx, raw, at('2024-05-01T08:00:00Z'));
    const first = bouncesOfMessage(t.store, r.messageId)[0]!;
    expect(first.reason).not.toBe('userunknown');
    expect(first.rule).toMatch(/^builtin:/);
    const version = getMessage(t.store, r.messageId)!.parser_version!;
    expect(version).toBe(`${PARSER_VERSION}+${t.store.classifier.fingerprint}`);
    // with the same rules there is nothing to read again
    expect(reparse(t.ctx).messages).toBe(0);
    await t.store.close();

    // the user adds a rule: the same database opened with it
    const file = join(t.dir, 'local.toml');
    writeFileSync(file, '# our Italian provider\n[[phrase]]\nreason = "userunknown"\ntext = "indirizzo chiuso"\n');
    other = t.store = await openStore(join(t.dir, 'rebound.db'), { rules: [file] });
    t.setNow('2024-05-10T00:00:00Z');
    const result = reparse(t.ctx);
    expect(result.messages).toBe(1);
    expect(result.changed[0]!.changes).toEqual([`~ mario@esempio.it soft ${first.reason} -> hard userunknown`]);
    expect(bouncesOfMessage(other, r.messageId)[0]).toMatchObject({ reason: 'userunknown', type: 'hard', rule: `${file}:2` });
    expect(checkAddress(t.ctx, 'mario@esempio.it').suppression).toMatchObject({ type: 'hard', reason: 'userunknown' });
    expect(getMessage(other, r.messageId)!.parser_version).not.toBe(version);
    expect(reparse(t.ctx).messages).toBe(0);
    other = undefined;
  });
});
