// Rules reloaded while a parse thread holds messages posted before: those are read with the rules
// they were posted under, and say so (Parsed.version), so the writer stamps them with those rules'
// version and `rebound reparse` reads them again; what is posted after the reload gets the new
// rules. Real threads: the sources are compiled into .tmp/ (as the CLI tests do).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParsePool, createParsePool as CreateParsePool } from '../../src/pipeline/parse-pool.js';
import { type Classifier, BUILTIN_CLASSIFIER, createClassifier } from '../../src/classify/classifier.js';
import { parserVersion } from '../../src/pipeline/parser-version.js';
import { processedFieldsBy } from '../../src/pipeline/ingest.js';
import { dsn } from '../helpers.js';
import { buildCli } from '../helpers/cli-process.js';

let createParsePool: typeof CreateParsePool;
let pool: ParsePool | undefined;

beforeAll(async () => {
  const out = dirname(buildCli('test-parse-pool-reload'));
  ({ createParsePool } = (await import(pathToFileURL(join(out, 'pipeline/parse-pool.js')).href)) as { createParsePool: typeof CreateParsePool });
}, 120_000);

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('a parse thread and a rules reload', { timeout: 60_000 }, () => {
  it('reads what was posted before the reload with the old rules and stamps their version; what comes after, with the new', async () => {
    const raw = Buffer.from(dsn('utente@esempio.it', { id: 'reload', status: '5.0.0', diagnostic: '550 5.0.0 <utente@esempio.it>: casella esaurita' }));
    const inputs = Array.from({ length: 200 }, () => ({ raw, format: null }));
    const reloaded: Classifier = createClassifier({ phrases: [{ id: 'local.toml:1', reason: 'mailboxfull', text: 'casella esaurita' }], providers: [] });
    let classifier = BUILTIN_CLASSIFIER;
    pool = createParsePool(1, {
      get classifier() {
        return classifier;
      },
    });
    expect(pool.size).toBe(1);
    const before = pool.parseAll(inputs); // the thread is still starting: all of them wait in its queue
    classifier = reloaded;
    pool.reload();
    const after = pool.parseAll(inputs);

    const old = await before;
    expect(parserVersion(BUILTIN_CLASSIFIER)).not.toBe(parserVersion(reloaded));
    expect(new Set(old.map((p) => p.version))).toEqual(new Set([parserVersion(BUILTIN_CLASSIFIER)]));
    expect(old[0]!.report!.recipients[0]!.rule).not.toBe('local.toml:1');
    const fresh = await after;
    expect(new Set(fresh.map((p) => p.version))).toEqual(new Set([parserVersion(reloaded)]));
    expect(fresh[0]!.report!.recipients[0]).toMatchObject({ reason: 'mailboxfull', rule: 'local.toml:1' });

    // the writer has the new rules by now; the message read with the old is stamped with their version
    expect(processedFieldsBy(reloaded, new Date(), old[0]!, 1).parser_version).toBe(parserVersion(BUILTIN_CLASSIFIER));
    expect(processedFieldsBy(reloaded, new Date(), fresh[0]!, 1).parser_version).toBe(parserVersion(reloaded));
  });
});
