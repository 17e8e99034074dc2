// The spool worker thread: the inline spooler on a thread of its own. Messages in: open, spool,
// stats, close. Answers carry the request id.
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { openInlineSpooler } from './spooler-inline.js';
import type { IngestMeta } from './ingest.js';
import type { SpoolWorkerData, WorkerAnswer, WorkerMessage } from './spooler-worker.js';
import type { WrittenSummary } from '../events/wire.js';

type Request =
  | { op: 'spool'; items: Array<{ id: number; raw: Uint8Array; meta: IngestMeta }> }
  | { id: number; op: 'stats' }
  | { id: number; op: 'rules' }
  | { id: number; op: 'close' };

const port = parentPort!;
const { logLevel, postQueued, postWritten, ...opts } = workerData as SpoolWorkerData;
// its own logger on standard error, like the main thread's
const log = pino({ name: 'rebound', level: logLevel }, pino.destination(2));
const post = (m: WorkerMessage) => port.postMessage(m);

/**
 * Answers and notices settled in the same turn go in one post each: a group commit settles all its
 * messages together, and a post (a copy and a wake-up of the other thread) costs more than a message.
 * Flushed once the turn's promise callbacks have run.
 */
function batcher<T>(send: (items: T[]) => void): (item: T) => void {
  let items: T[] = [];
  return (item) => {
    if (items.length === 0)
      queueMicrotask(() => {
        const out = items;
        items = [];
        send(out);
      });
    items.push(item);
  };
}
const answer = ((push) => (id: number, ok: boolean, value: unknown) => push({ id, ok, value }))(batcher<WorkerAnswer>((answers) => post({ answers })));
const written = batcher<WrittenSummary>((list) => post({ written: list }));
const problem = (err: unknown) => ({ message: (err as Error)?.message ?? String(err) });

try {
  // the outbox observer (opts.webhook) and the counts are on this thread's handle; the main thread
  // is told, for its drain loop and its metrics
  const spooler = await openInlineSpooler({
    ...opts,
    log,
    onQueued: postQueued ? () => post({ queued: true }) : undefined,
    onWritten: postWritten ? written : undefined,
  });
  port.postMessage({ id: 0, ok: true, value: 'ready' });
  port.on('message', (req: Request) => {
    if (req.op === 'spool') {
      for (const { id, raw, meta } of req.items) {
        spooler.spool(raw, meta).then(
          (r) => answer(id, true, r),
          (err) => answer(id, false, problem(err)),
        );
      }
    } else if (req.op === 'rules') {
      spooler.reloadRules().then(
        () => answer(req.id, true, null),
        (err) => answer(req.id, false, problem(err)),
      );
    } else if (req.op === 'stats') {
      void spooler.stats().then((s) => answer(req.id, true, s));
    } else if (req.op === 'close') {
      spooler.close().then(
        () => {
          post({ id: req.id, ok: true, value: null }); // now: the port closes next
          port.close();
        },
        (err) => answer(req.id, false, problem(err)),
      );
    }
  });
} catch (err) {
  port.postMessage({ id: 0, ok: false, value: problem(err) });
}
