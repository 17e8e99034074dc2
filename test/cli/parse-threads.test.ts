// `rebound parse --workers N`: the calling thread parses as well as the threads, and what is printed
// keeps the input order whoever parsed it; a thread that fails gives its batches back. The threads
// need the compiled sources: they are compiled into .tmp/ (as the CLI tests do).
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderStyle } from '../../src/cli/parse-render.js';
import type { orderedParse as OrderedParseFn } from '../../src/cli/parse-threads.js';
import { NO_USER_RULES } from '../../src/classify/user-rules.js';
import { hard } from '../helpers.js';
import { buildCli } from '../helpers/cli-process.js';

let orderedParse: typeof OrderedParseFn;

beforeAll(async () => {
  const out = dirname(buildCli('test-parse-threads'));
  orderedParse = ((await import(pathToFileURL(join(out, 'cli/parse-threads.js')).href)) as { orderedParse: typeof OrderedParseFn }).orderedParse;
}, 120_000);

const json: RenderStyle = { json: true, unknown: false };

/** Parses with one thread; the calling thread marks what it parses itself ("here REF"). */
function run(style: RenderStyle) {
  const printed: string[] = [];
  const parse = orderedParse({
    threads: 1,
    data: { user: NO_USER_RULES, style },
    parseHere: (batch) => Buffer.from(batch.map((m) => `here ${m.ref}\n`).join('')),
    write: async (bytes) => void printed.push(...Buffer.from(bytes).toString('utf8').split('\n').filter(Boolean)),
    fail: async (line) => void printed.push(line.trim()),
  });
  return { parse, printed, refOf: (line: string) => (line.startsWith('here ') ? line.slice(5) : line.startsWith('{') ? (JSON.parse(line) as { source: string }).source : line) };
}

describe('parse threads', { timeout: 60_000 }, () => {
  it('share the messages with the calling thread, and the output keeps the input order', async () => {
    const { parse, printed, refOf } = run(json);
    const refs: string[] = [];
    // messages come until the thread (loading at first) has parsed some: a run of any length could end before it is ready
    for (let i = 0; parse.onThreads.parsed < 3 && i < 20_000; i++) {
      refs.push(`m${i}`);
      await parse.add(`m${i}`, hard(`r${i}@dest.example`));
      if (i === 40) await parse.fail('rebound: cannot read m40b: gone\n');
      if (i === 40) refs.push('rebound: cannot read m40b: gone');
      if (i % 64 === 0) await sleep(5);
    }
    await parse.end();
    expect(parse.onThreads.parsed).toBeGreaterThanOrEqual(3);
    expect(printed.map(refOf)).toEqual(refs);
    const fromThread = printed.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { source: string; recipients: Array<{ address: string; reason: string }> });
    expect(fromThread.length).toBeGreaterThan(0);
    for (const r of fromThread) expect(r.recipients).toMatchObject([{ address: `r${r.source.slice(1)}@dest.example`, reason: 'userunknown' }]);
    // and the calling thread parsed some too: it does not only wait
    expect(printed.some((l) => l.startsWith('here '))).toBe(true);
  });

  it('batches that print nothing (--unknown, every message classified) keep the thread: each answer moves a buffer of its own', async () => {
    const { parse, printed } = run({ json: true, unknown: true });
    for (let i = 0; parse.onThreads.parsed < 4 && i < 20_000; i++) {
      await parse.add(`m${i}`, hard(`r${i}@dest.example`));
      if (i % 64 === 0) await sleep(5);
    }
    await parse.end();
    expect(parse.onThreads.parsed).toBeGreaterThanOrEqual(4);
    expect(parse.onThreads.parsed).toBe(parse.onThreads.given);
    expect(printed.filter((l) => !l.startsWith('here '))).toEqual([]);
  });

  it('a run within one batch starts no thread', async () => {
    const { parse, printed } = run(json);
    for (let i = 0; i < 10; i++) await parse.add(`m${i}`, hard(`r${i}@dest.example`));
    await parse.end();
    expect(parse.onThreads.given).toBe(0);
    expect(printed).toEqual(Array.from({ length: 10 }, (_, i) => `here m${i}`));
  });

  it('a thread that fails gives its batches back: each is parsed here, in its place', async () => {
    // a style the thread cannot render with: it throws at its first batch
    const { parse, printed } = run(null as unknown as RenderStyle);
    const refs: string[] = [];
    for (let i = 0; parse.onThreads.given < 1 && i < 20_000; i++) {
      refs.push(`m${i}`);
      await parse.add(`m${i}`, hard(`r${i}@dest.example`));
      if (i % 64 === 0) await sleep(5);
    }
    // and more after it failed
    for (let i = 0; i < 100; i++) {
      refs.push(`n${i}`);
      await parse.add(`n${i}`, hard(`n${i}@dest.example`));
    }
    await parse.end();
    expect(parse.onThreads.given).toBeGreaterThanOrEqual(1);
    expect(parse.onThreads.parsed).toBe(0);
    expect(printed).toEqual(refs.map((r) => `here ${r}`));
  });
});
