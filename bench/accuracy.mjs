#!/usr/bin/env node
// Accuracy of the parser on the labelled development corpus, scored as ../shared/corpus/README.md
// says. Usage: npm run bench:accuracy [-- --corpus DIR] [--only PREFIX,...] [--subset foundation] [--generic-only]
// [--verbose]. --generic-only switches every named format decoder off (what a format never seen gets).
// Precision: every failed recipient reported that the label does not name is counted and printed.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBounce, canonicalReason } from '../dist/index.js';
import { args, opt } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(opt('--corpus') ?? process.env.REBOUND_CORPUS ?? join(here, '../../shared/corpus/sisimai'));
const verbose = args.includes('--verbose');
const genericOnly = args.includes('--generic-only');
const parseOptions = genericOnly ? { decoders: 'generic-only' } : {};
if (!existsSync(join(corpus, 'manifest.json'))) {
  console.error(`no corpus at ${corpus} (set --corpus DIR or REBOUND_CORPUS)`);
  process.exit(2);
}

// The files of the standard formats and the decoders of the foundation issue.
const FOUNDATION = /^(?:rfc3464|arf|rfc3834|lhost-(?:postfix|exim|sendmail|qmail|gmail|exchange\d*|office365|outlook|yahoo)|rhost-(?:google|gsuite|microsoft|outlook|yahooinc|aol))-/;

const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8'));
const only = opt('--only')?.split(',');
const subset = opt('--subset');
const entries = manifest.filter(
  (e) => (!only || only.some((p) => e.file.startsWith(p))) && (subset !== 'foundation' || FOUNDATION.test(e.file)),
);

// Sisimai's own placeholders (X.0.9xx, X.9.xxx) are not codes a server sends: not scored.
const realStatus = (s) => /^[245]\.\d{1,3}\.\d{1,3}$/.test(s) && !/^\d\.0\.9\d\d$/.test(s) && !/^\d\.9\.\d+$/.test(s);

const score = { files: 0, kind: 0, rows: 0, recipient: 0, statusRows: 0, status: 0, codeRows: 0, code: 0, type: 0, reason: 0 };
// the same rows counted over the matched recipients only (the other reading of "per matched row")
const matched = { statusRows: 0, codeRows: 0 };
const misses = [];
// failed recipients reported that the label does not name (goal: none)
const extras = [];
const unlabelled = [];
const t0 = process.hrtime.bigint();
for (const e of entries) {
  const raw = readFileSync(join(corpus, 'eml', e.file));
  let report;
  try {
    report = parseBounce(raw, undefined, parseOptions);
  } catch (err) {
    misses.push(`${e.file}: THREW ${err.stack}`);
    report = { kind: 'error', recipients: [] };
  }
  score.files++;
  const kindOk = report.kind === e.kind || (e.kind === 'bounce' && report.kind === 'delay');
  if (kindOk) score.kind++;
  else misses.push(`${e.file}: kind ${report.kind} != ${e.kind}`);
  const alts = e.alt_expected?.expected ?? [];
  const labelled = new Set((e.expected ?? []).map((row) => (row.recipient ?? '').toLowerCase()));
  // a bounce labelled without rows, or a row without an address (the reference parser found none),
  // names nobody: not counted
  const unnamed = (e.kind === 'bounce' && !e.expected?.length) || (e.expected ?? []).some((row) => !row.recipient);
  for (const r of report.recipients) {
    if (r.action !== 'failed' || labelled.has(r.address.toLowerCase())) continue;
    (unnamed ? unlabelled : extras).push(`${e.file}: extra ${r.address} (${r.type ?? '-'} ${r.reason}) [${report.format}]`);
  }
  for (const [i, row] of (e.expected ?? []).entries()) {
    score.rows++;
    const want = (row.recipient ?? '').toLowerCase();
    const got = report.recipients.find((r) => r.address.toLowerCase() === want);
    const scoredStatus = realStatus(row.status);
    const scoredCode = row.replycode !== '';
    if (scoredStatus) score.statusRows++;
    if (scoredCode) score.codeRows++;
    if (!got) {
      misses.push(`${e.file}: recipient ${row.recipient} missing (got ${report.recipients.map((r) => r.address).join(', ') || 'none'})`);
      continue;
    }
    score.recipient++;
    if (scoredStatus) matched.statusRows++;
    if (scoredCode) matched.codeRows++;
    const why = [];
    if (scoredStatus) {
      if (got.status === row.status) score.status++;
      else why.push(`status ${got.status} != ${row.status}`);
    }
    if (scoredCode) {
      if (String(got.smtpCode ?? '') === row.replycode) score.code++;
      else why.push(`code ${got.smtpCode} != ${row.replycode}`);
    }
    if ((got.type === 'hard') === row.hardbounce) score.type++;
    else why.push(`type ${got.type} != ${row.hardbounce ? 'hard' : 'soft'}`);
    // the labels use Sisimai's older names (speeding, mesgtoobig, ...): either name of a pair counts
    const alt = alts[i]?.reason;
    const same = (label) => label !== undefined && (got.reason === label || got.reason === canonicalReason(label));
    if (same(row.reason) || same(alt)) score.reason++;
    else why.push(`reason ${got.reason} != ${row.reason}${alt ? `|${alt}` : ''}`);
    if (why.length) misses.push(`${e.file}: ${row.recipient}: ${why.join('; ')} [${report.format}] ${(got.diagnostic ?? '').slice(0, 140)}`);
  }
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
if (verbose) for (const m of misses) console.log(m);
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) + '%' : 'n/a');
console.log(
  `corpus: ${corpus}${subset ? ` (subset: ${subset})` : ''}${only ? ` (only: ${only})` : ''}${genericOnly ? ' (generic only)' : ''}`,
);
console.log(`files ${score.files}, labelled recipients ${score.rows}, ${ms.toFixed(0)} ms`);
console.log('| measure   | share  | of |');
console.log('|-----------|--------|----|');
console.log(`| kind      | ${pct(score.kind, score.files)} | ${score.files} files |`);
console.log(`| recipient | ${pct(score.recipient, score.rows)} | ${score.rows} rows |`);
console.log(`| status    | ${pct(score.status, score.statusRows)} | ${score.statusRows} rows with a real code |`);
console.log(`| reply code| ${pct(score.code, score.codeRows)} | ${score.codeRows} rows with a code |`);
console.log(`| hard/soft | ${pct(score.type, score.rows)} | ${score.rows} rows |`);
console.log(`| reason    | ${pct(score.reason, score.rows)} | ${score.rows} rows |`);
console.log(
  `over matched rows only: status ${pct(score.status, matched.statusRows)}, reply code ${pct(score.code, matched.codeRows)}, ` +
    `hard/soft ${pct(score.type, score.recipient)}, reason ${pct(score.reason, score.recipient)} (${score.recipient} rows)`,
);
const hardExtras = extras.filter((x) => / \(hard /.test(x)).length;
console.log(`precision: ${extras.length} failed recipients reported that the label does not name (${hardExtras} typed hard)`);
for (const x of extras) console.log(`  ${x}`);
if (unlabelled.length) console.log(`not counted: ${unlabelled.length} in files whose label row names no address`);
if (verbose) for (const x of unlabelled) console.log(`  ${x}`);
