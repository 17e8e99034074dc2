// Hand-written samples in fixtures/dsn/: each `<name>.eml` is parsed and compared with `<name>.json`,
// which holds the fields that matter for that sample (what is right, not what the parser happens
// to print). Only the fields a .json names are compared; recipients are compared in order and
// their number must match. Every recipient must also carry a known reason and a bounce type that
// follows the hard/soft rule.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounce, REASONS, type Reason, type RecipientReport } from '../src/index.js';

const DIR = fileURLToPath(new URL('../fixtures/dsn/', import.meta.url));

interface Expected {
  kind: string;
  format: string | null;
  recipients: Array<Partial<RecipientReport>>;
  original?: Record<string, unknown> | null;
  feedback?: Record<string, unknown>;
}

const files = readdirSync(DIR).sort();
const samples = files.filter((f) => f.endsWith('.eml')).map((f) => f.slice(0, -'.eml'.length));

function expected(name: string): Expected {
  return JSON.parse(readFileSync(DIR + name + '.json', 'utf8')) as Expected;
}

/** the fields of `value` that `like` names (missing ones as undefined, so the diff shows them) */
function pick(value: object | null | undefined, like: object): Record<string, unknown> | null | undefined {
  if (value === null || value === undefined) return value;
  const v = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(like).map((k) => [k, v[k]]));
}

const ALWAYS_HARD: ReadonlySet<Reason> = new Set(['userunknown', 'hostunknown', 'hasmoved']);
const NOT_A_BOUNCE: ReadonlySet<Reason> = new Set(['delivered', 'feedback', 'vacation']);

/** ../shared/corpus/reasons.json: hard only for userunknown, hostunknown, hasmoved, and a permanent notaccept */
function typeByRule(r: RecipientReport): 'hard' | 'soft' | null {
  if (NOT_A_BOUNCE.has(r.reason)) return null;
  if (ALWAYS_HARD.has(r.reason)) return 'hard';
  if (r.reason === 'notaccept') {
    const temporary =
      !!r.status?.startsWith('4') ||
      (r.smtpCode !== null && r.smtpCode >= 400 && r.smtpCode < 500) ||
      /temporar|persistent/i.test(r.diagnostic ?? '');
    return temporary ? 'soft' : 'hard';
  }
  return 'soft';
}

describe('fixtures/dsn', () => {
  it('has an expectation for every sample and a sample for every expectation', () => {
    const jsons = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    expect(samples.length).toBeGreaterThan(0);
    expect([...jsons].sort()).toEqual([...samples].sort());
  });

  it.each(samples)('%s', (name) => {
    const want = expected(name);
    const report = parseBounce(readFileSync(DIR + name + '.eml'));

    expect.soft({ kind: report.kind, format: report.format }, 'kind and format').toEqual({ kind: want.kind, format: want.format });

    const got = report.recipients.map((r, i) => pick(r, want.recipients[i] ?? { address: null }));
    expect.soft(got, 'recipients').toEqual(want.recipients);

    if (want.original !== undefined) {
      expect.soft(want.original === null ? report.original : pick(report.original, want.original), 'original').toEqual(want.original);
    }
    if (want.feedback !== undefined) {
      expect.soft(pick(report.feedback, want.feedback), 'feedback').toEqual(want.feedback);
    }

    // well-formed Unicode: JSON escapes a lone surrogate (\udfbe) and nothing else
    expect.soft(JSON.stringify(report), 'lone surrogates').not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);

    for (const r of report.recipients) {
      expect.soft(REASONS, `reason of ${r.address}`).toContain(r.reason);
      expect.soft(r.type, `type of ${r.address} (${r.reason})`).toBe(typeByRule(r));
    }
  });
});
