// A worker thread that parses raw messages for the parse pool: bytes in, report out.
import { parentPort } from 'node:worker_threads';
import { safeParse } from './parse-safe.js';

parentPort?.on('message', (msg: { id: number; raw: Uint8Array }) => {
  parentPort!.postMessage({ id: msg.id, parsed: safeParse(msg.raw) });
});
