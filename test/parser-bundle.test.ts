// The parser entry as the build ships it (scripts/bundle-parser.mjs: one file): it loads on its own,
// names no module of ours outside itself, and reads reports exactly as the separate modules do.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../src/parser.js';
import { type Parsed, safeParse } from '../src/pipeline/parse-safe.js';
import { BUILTIN_CLASSIFIER } from '../src/classify/classifier.js';
// @ts-expect-error: a plain .mjs script without types
import { bundleParser, bundleParseThread, bundleParseWorker } from '../scripts/bundle-parser.mjs';
import { parseAndRender } from '../src/cli/parse-render.js';
import { NO_USER_RULES } from '../src/classify/user-rules.js';

const ROOT = join(import.meta.dirname, '..');

describe('the bundled parser entry', () => {
  it('is one file that parses the fixtures as the sources do', async () => {
    const dir = join(ROOT, '.tmp', 'parser-bundle');
    mkdirSync(dir, { recursive: true });
    const out = (await bundleParser(join(dir, 'parser.js'))) as string;
    const code = readFileSync(out, 'utf8');
    expect(code).not.toMatch(/from ["']\.{1,2}\//); // no relative import left
    const bundled = (await import(pathToFileURL(out).href)) as { parseBounce: typeof parseBounce };
    const files = readdirSync(join(ROOT, 'fixtures', 'dsn')).filter((f) => f.endsWith('.eml')).sort().slice(0, 40);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const raw = readFileSync(join(ROOT, 'fixtures', 'dsn', f));
      expect(bundled.parseBounce(raw), f).toEqual(parseBounce(raw));
    }
  }, 120_000);

  it("the parse pool's worker is bundled too, loads no event decoder before its first event, and answers as the sources parse", async () => {
    const dir = join(ROOT, '.tmp', 'parse-worker-bundle');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const out = (await bundleParseWorker(join(dir, 'parse-worker.js'))) as string;
    // the entry and the files it imports statically (its bundle's, beside it) name none of our modules, and not zod
    const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gms)].map((m) => m[1]!);
    const loaded = new Set<string>();
    const walk = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const spec of imports(file)) {
        if (spec.startsWith('.')) {
          expect(spec, file).toMatch(/^\.\/parse-worker-[^/]+\.js$/);
          walk(join(dir, spec));
        } else expect(spec, file).not.toMatch(/^zod/);
      }
    };
    walk(out);
    expect(loaded.size).toBeGreaterThan(1);
    const files = readdirSync(join(ROOT, 'fixtures', 'dsn')).filter((f) => f.endsWith('.eml')).sort().slice(0, 40);
    const raws = files.map((f) => readFileSync(join(ROOT, 'fixtures', 'dsn', f)));
    // a sending service's event (one event's bytes, as stored): its decoder is loaded when it comes
    const event = Buffer.from(JSON.stringify({ event: 'bounce', type: 'bounce', email: 'gone@dest.example', sg_event_id: 'ev-1', timestamp: 1700000000, status: '5.1.1', reason: '550 5.1.1 no such user' }));
    const inputs = [...raws.map((raw) => ({ raw, format: null })), { raw: event, format: 'sendgrid' }];
    const worker = new Worker(pathToFileURL(out), { workerData: { user: NO_USER_RULES } });
    try {
      const answer = await new Promise<{ id: number; parsed: Parsed[] }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 7, batch: inputs });
      });
      expect(answer.id).toBe(7);
      // what a worker's answer is after the copy between threads: the same as the sources' parse
      expect(answer.parsed).toEqual(inputs.map((i) => structuredClone(safeParse(i.raw, BUILTIN_CLASSIFIER, i.format))));
      expect(answer.parsed.at(-1)!.report!.recipients).toMatchObject([{ address: 'gone@dest.example', reason: 'userunknown' }]);
    } finally {
      await worker.terminate();
    }
  }, 120_000);

  it("`rebound parse`'s thread is one file too, and prints what the calling thread prints", async () => {
    const dir = join(ROOT, '.tmp', 'parse-thread-bundle');
    mkdirSync(dir, { recursive: true });
    const out = (await bundleParseThread(join(dir, 'parse-thread.js'))) as string;
    expect(readFileSync(out, 'utf8')).not.toMatch(/from ["']\.{1,2}\//);
    const batch = readdirSync(join(ROOT, 'fixtures', 'dsn')).filter((f) => f.endsWith('.eml')).sort().slice(0, 40).map((f) => ({ ref: f, raw: readFileSync(join(ROOT, 'fixtures', 'dsn', f)) }));
    const style = { json: true, unknown: false };
    const worker = new Worker(pathToFileURL(out), { workerData: { user: NO_USER_RULES, style } });
    try {
      const answer = await new Promise<{ id: number; bytes: Uint8Array }>((resolve, reject) => {
        worker.on('message', (m: { ready: true } | { id: number; bytes: Uint8Array }) => void ('ready' in m ? worker.postMessage({ id: 3, batch }) : resolve(m)));
        worker.once('error', reject);
      });
      expect(answer.id).toBe(3);
      const text = Buffer.from(answer.bytes).toString('utf8');
      expect(text).toBe(Buffer.from(parseAndRender(batch, BUILTIN_CLASSIFIER, style)).toString('utf8'));
      expect(text.split('\n')).toHaveLength(41); // 40 lines and the end of the last
    } finally {
      await worker.terminate();
    }
  }, 120_000);
});
