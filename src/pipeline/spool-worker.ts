// The spool worker thread: the inline spooler on a thread of its own. Messages in: open, spool,
// stats, close. Answers carry the request id.
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { openInlineSpooler } from './spooler-inline.js';
import type { IngestMeta } from './ingest.js';
import type { SpoolWorkerData, WorkerMessage } from './spooler-worker.js';

type Request =
  | { id: number; op: 'spool'; raw: Uint8Array; meta: IngestMeta }
  | { id: number; op: 'stats' }
  | { id: number; op: 'rules' }
  | { id: number; op: 'close' };

const port = parentPort!;
const { logLevel, postQueued, postWritten, ...opts } = workerData as SpoolWorkerData;
// its own logger on standard error, like the main thread's
const log = pino({ name: 'rebound', level: logLevel }, pino.destination(2));
const post = (m: WorkerMessage) => port.postMessage(m);

const answer = (id: number, ok: boolean, value: unknown) => port.postMessage({ id, ok, value });
const problem = (err: unknown) => ({ message: (err as Error)?.message ?? String(err) });

try {
  // the outbox observer (opts.webhook) and the counts are on this thread's handle; the main thread
  // is told, for its drain loop and its metrics
  const spooler = await openInlineSpooler({
    ...opts,
    log,
    onQueued: postQueued ? () => post({ queued: true }) : undefined,
    onWritten: postWritten ? (written) => post({ written }) : undefined,
  });
  port.postMessage({ id: 0, ok: true, value: 'ready' });
  port.on('message', (req: Request) => {
    if (req.op === 'spool') {
      spooler.spool(req.raw, req.meta).then(
        (r) => answer(req.id, true, r),
        (err) => answer(req.id, false, problem(err)),
      );
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
          answer(req.id, true, null);
          port.close();
        },
        (err) => answer(req.id, false, problem(err)),
      );
    }
  });
} catch (err) {
  port.postMessage({ id: 0, ok: false, value: problem(err) });
}
