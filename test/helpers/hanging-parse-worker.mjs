// A stand-in for the parse pool's worker (src/pipeline/parse-worker.ts), same messages in and out:
// it "parses" a message into its text, and never finishes one that holds the word HANG.
import { parentPort } from 'node:worker_threads';

const text = (raw) => Buffer.from(raw).toString('latin1');
const parse = (i) => {
  if (text(i.raw).includes('HANG')) for (;;);
  return { report: { kind: `parsed ${text(i.raw)}` }, threw: null };
};
parentPort.on('message', (msg) => {
  if ('reload' in msg) return;
  parentPort.postMessage({ id: msg.id, parsed: 'batch' in msg ? msg.batch.map(parse) : parse(msg) });
});
