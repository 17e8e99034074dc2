// rebound ingest PATH...: files, directories, mbox, Maildir, `-` for stdin. A progress line on a
// terminal, a summary at the end; exit status 1 when an input could not be read.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { readInputs } from '../sources/files/read-inputs.js';
import { ingestParsed, sha256Of, type IngestMeta, type IngestResult } from '../pipeline/ingest.js';
import { createParsePool } from '../pipeline/parse-pool.js';
import { findMessageBySha } from '../store/messages.js';
import type { PipelineContext } from '../pipeline/context.js';
import { Batch, inTransaction } from '../store/sync.js';
import { startCheckpointer } from '../store/checkpointer.js';
import { maxMessageBytes, maxMessageBytesOption, noteSkipped, printJson, withPort, reportErrors, workerCount, workersOption } from './common.js';
import { ingestThroughPort } from './ingest-port.js';

export interface IngestSummary {
  messages: number;
  new: number;
  duplicates: number;
  /** stored but the parser could not read them */
  failed: number;
  /** inputs that could not be read at all */
  unreadable: number;
  records: number;
  suppressed: number;
  byKind: Record<string, number>;
  errors: Array<{ input: string; error: string }>;
  seconds: number;
  perSecond: number;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('store, parse and apply the policy to bounce messages (.eml files, directories, mbox, Maildir, - for stdin)')
    .argument('<paths...>', 'files, directories, mbox files, Maildir folders, or - for standard input')
    .option('--json', 'print the summary as JSON')
    .option('--sync <mode>', 'SQLite synchronous mode: NORMAL (fast; the input files are still there) or FULL', 'NORMAL')
    .addOption(workersOption())
    .addOption(maxMessageBytesOption())
    .action(reportErrors(async (paths: string[], opts: { json?: boolean; sync: string; workers: string; maxMessageBytes: string }, cmd: Command) => {
      const sync = opts.sync.toUpperCase();
      if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error('--sync is NORMAL or FULL');
      const workers = workerCount(opts.workers);
      const max = maxMessageBytes(opts.maxMessageBytes);
      const progress = !opts.json && !!process.stderr.isTTY;
      const summary = await withPort(cmd, (ctx) => runIngest(ctx, paths, { progress, workers, maxMessageBytes: max, onSkip: noteSkipped }), { synchronous: sync, create: true });
      if (opts.json) printJson(summary);
      else process.stdout.write(formatSummary(summary));
      if (summary.unreadable > 0) process.exitCode = 1;
    }));
}

export interface RunOptions {
  /** progress line on standard error */
  progress?: boolean;
  /** parser threads; default one less than the cores (at least 1) */
  workers?: number;
  /** a larger input message is counted unreadable (default: readInputs') */
  maxMessageBytes?: number;
  /** a symbolic link the directory walk did not follow */
  onSkip?: (ref: string, why: string) => void;
  /** the WAL's bound (checkpointer.ts; tests make it small) */
  walRestartBytes?: number;
}

/** Messages parsed ahead of the one being written. */
const IN_FLIGHT = 64;
/** Messages per post to a parser thread: a post (a copy and a wake-up of the other thread) costs about what parsing a small message does. */
const PARSE_BATCH = 16;

export async function runIngest(ctx: PipelineContext, paths: string[], opts: RunOptions = {}): Promise<IngestSummary> {
  // a shared store (PostgreSQL): groups of messages through the port, one transaction each
  if (ctx.port.backend !== 'sqlite') return ingestThroughPort(ctx, paths, opts);
  const store = ctx.store;
  const s = emptySummary();
  const t0 = process.hrtime.bigint();
  const bar = progressBar(opts);
  const checkpointer = startCheckpointer(store, { walRestartBytes: opts.walRestartBytes });
  const batch = new Batch(store, undefined, undefined, () => checkpointer.committed());
  const pool = createParsePool(opts.workers, { classifier: store.classifier });
  // parsed ahead on the pool, written here in input order (the policy depends on the order)
  const queue: Array<Promise<() => IngestResult>> = [];
  // read and not yet posted to the pool: they go in one post
  let toParse: Array<{ raw: Buffer; meta: IngestMeta; sha256: string }> = [];
  const post = () => {
    if (!toParse.length) return;
    const group = toParse;
    toParse = [];
    // copied, not moved: the bytes are stored after the parse
    const parsed = pool.parseAll(group.map((g) => ({ raw: g.raw, format: null })));
    for (const [i, g] of group.entries()) queue.push(parsed.then((p) => () => ingestParsed(ctx, g.raw, g.meta, p[i]!, g.sha256)));
  };
  const write = async () => {
    const commit = await queue.shift()!;
    // between two transactions only: a WAL starts again from its beginning when a transaction begins
    // with all of it copied, which a drain inside a transaction cannot leave it
    if (checkpointer.full && !inTransaction(store)) await checkpointer.drain();
    batch.begin();
    const r = commit();
    batch.done();
    tally(s, r);
    if (bar && s.messages % 50 === 0) bar.update(s.messages, { speed: Math.round(s.messages / elapsed(t0)) });
  };
  try {
    for await (const item of readInputs(paths, { maxMessageBytes: opts.maxMessageBytes, onSkip: opts.onSkip })) {
      if (!item.ok) {
        unreadable(s, item);
        continue;
      }
      const sha256 = sha256Of(item.raw);
      const found = findMessageBySha(store, sha256);
      const meta = { source: item.source, sourceRef: item.ref, receivedAt: item.receivedAt };
      if (found && found.status !== 'pending') {
        const dup: IngestResult = { messageId: found.id, sha256, duplicate: true, status: found.status, kind: null, records: 0, suppressed: [], problems: [] };
        post(); // what was read before it stays before it
        queue.push(Promise.resolve(() => dup));
      } else {
        toParse.push({ raw: item.raw, meta, sha256 });
        if (toParse.length >= PARSE_BATCH) post();
      }
      if (queue.length >= IN_FLIGHT) await write();
    }
    post();
    while (queue.length) await write();
  } finally {
    batch.commit();
    await pool.close();
    await checkpointer.close();
    stopBar(bar, s, t0);
  }
  return finish(s, t0);
}

export function emptySummary(): IngestSummary {
  return { messages: 0, new: 0, duplicates: 0, failed: 0, unreadable: 0, records: 0, suppressed: 0, byKind: {}, errors: [], seconds: 0, perSecond: 0 };
}

/** The progress line on standard error, when asked for. */
export function progressBar(opts: RunOptions): cliProgress.SingleBar | null {
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: 'ingest {value} messages  {speed} msg/s  {duration_formatted}', stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(0, 0, { speed: 0 });
  return bar;
}

export function stopBar(bar: cliProgress.SingleBar | null, s: IngestSummary, t0: bigint): void {
  bar?.update(s.messages, { speed: Math.round(s.messages / Math.max(elapsed(t0), 1e-9)) });
  bar?.stop();
}

/** One message written, counted. */
export function tally(s: IngestSummary, r: IngestResult): void {
  s.messages++;
  if (r.duplicate) s.duplicates++;
  else s.new++;
  if (r.status === 'failed' && !r.duplicate) s.failed++;
  if (r.kind) s.byKind[r.kind] = (s.byKind[r.kind] ?? 0) + 1;
  s.records += r.records;
  s.suppressed += r.suppressed.length;
}

/** An input that could not be read: said once, in the summary (or its JSON). */
export function unreadable(s: IngestSummary, item: { ref: string; error: string }): void {
  s.unreadable++;
  s.errors.push({ input: item.ref, error: item.error });
}

export function finish(s: IngestSummary, t0: bigint): IngestSummary {
  s.seconds = Number(elapsed(t0).toFixed(3));
  s.perSecond = s.seconds > 0 ? Math.round(s.messages / s.seconds) : s.messages;
  s.byKind = Object.fromEntries(Object.entries(s.byKind).sort(([a], [b]) => (a < b ? -1 : 1)));
  return s;
}

export function elapsed(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function formatSummary(s: IngestSummary): string {
  const kinds = Object.entries(s.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
  const lines = [
    `messages     ${s.messages} (${s.perSecond}/s)`,
    `new          ${s.new}`,
    `duplicates   ${s.duplicates}`,
    `by kind      ${kinds || '-'}`,
    `records      ${s.records}`,
    `suppressed   ${s.suppressed}`,
    `failures     ${s.failed} stored but unreadable by the parser, ${s.unreadable} inputs could not be read`,
  ];
  for (const e of s.errors) lines.push(`  cannot read ${e.input}: ${e.error}`);
  return lines.join('\n') + '\n';
}
