#!/usr/bin/env node
// What the suppression list makes of the labelled corpus, ingested into a fresh database:
//  - coverage: the share of recipients with a hard bounce (label hardbounce=true) or an abuse
//    complaint (Feedback-Type abuse/fraud/virus, or none: provider loops without an ARF part) that
//    `export --format txt` lists (goal >= 95%);
//  - wrongly suppressed: addresses seen once, with a soft bounce or an auto-reply, that it lists
//    (goal: none);
//  - idempotency: ingesting the corpus again leaves `stats --json` byte-identical.
// Usage: npm run build && npm run bench:coverage [-- --corpus DIR] [--verbose]
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../dist/store/open.js';
import { pipelineContext } from '../dist/pipeline/context.js';
import { runIngest } from '../dist/cli/ingest.js';
import { exportSuppressions } from '../dist/export/export.js';
import { computeStats } from '../dist/stats/stats.js';
import { addressKey } from '../dist/address.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const i = args.indexOf('--corpus');
const corpus = resolve(i >= 0 ? args[i + 1] : (process.env.REBOUND_CORPUS ?? join(here, '../../shared/corpus/sisimai')));
const verbose = args.includes('--verbose');
if (!existsSync(join(corpus, 'manifest.json'))) {
  console.error(`no corpus at ${corpus} (set --corpus DIR or REBOUND_CORPUS)`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8'));

const must = new Map(); // address -> file
const seen = new Map(); // address -> [{file, kind, hard}]
for (const e of manifest) {
  const raw = readFileSync(join(corpus, 'eml', e.file), 'latin1');
  const ft = /^Feedback-Type:\s*([\w-]+)/im.exec(raw)?.[1]?.toLowerCase() ?? null;
  for (const row of e.expected ?? []) {
    if (!row.recipient) continue;
    const a = addressKey(row.recipient);
    if (!seen.has(a)) seen.set(a, []);
    seen.get(a).push({ file: e.file, kind: e.kind, hard: row.hardbounce });
    const abuse = e.kind === 'complaint' && (ft === null || ['abuse', 'fraud', 'virus'].includes(ft));
    if (row.hardbounce || abuse) must.set(a, e.file);
  }
}
const once = [...seen].filter(([a, v]) => v.length === 1 && !must.has(a) && (v[0].kind === 'auto-reply' || (v[0].kind === 'bounce' && !v[0].hard)));

const work = mkdtempSync(join(tmpdir(), 'rebound-coverage-'));
try {
  const store = await openStore(join(work, 'rebound.db'), { synchronous: 'NORMAL' });
  const ctx = pipelineContext(store);
  const first = await runIngest(ctx, [join(corpus, 'eml')]);
  const stats1 = JSON.stringify(computeStats(ctx), null, 2);
  const listed = new Set((await exportSuppressions(ctx, { format: 'txt' })).text.split('\n').filter(Boolean));
  const second = await runIngest(ctx, [join(corpus, 'eml')]);
  const stats2 = JSON.stringify(computeStats(ctx), null, 2);
  await store.close();

  const missed = [...must].filter(([a]) => !listed.has(a));
  const wrong = once.filter(([a]) => listed.has(a));
  const covered = must.size - missed.length;
  console.log(`ingested      ${first.messages} messages (${first.new} new, ${first.duplicates} duplicates, ${first.failed} failed), ${listed.size} suppressed`);
  console.log(`coverage      ${covered}/${must.size} = ${((100 * covered) / must.size).toFixed(1)}% of hard-bounce and abuse-complaint recipients listed`);
  console.log(`wrongly       ${wrong.length} of ${once.length} addresses seen once with a soft bounce or an auto-reply listed`);
  console.log(`idempotent    second ingest: ${second.new} new, ${second.duplicates} duplicates; stats --json ${stats1 === stats2 ? 'byte-identical' : 'DIFFERENT'}`);
  if (verbose) {
    for (const [a, f] of missed) console.log(`  missed ${a} (${f})`);
    for (const [a, v] of wrong) console.log(`  wrong  ${a} (${v[0].file})`);
  }
  if (stats1 !== stats2) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
