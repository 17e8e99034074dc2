// A parse thread of `rebound parse`: a batch of messages in, what they print out (UTF-8), classified
// with the user rules the calling thread read and checked (they travel as data: a structured clone
// keeps their expressions). The build bundles it into one file, as it does the parser entry.
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_CLASSIFIER, createClassifier } from '../parser.js';
import type { UserRules } from '../classify/user-rules.js';
import { type RenderStyle, parseAndRender } from './parse-render.js';

export interface ParseThreadData {
  user: UserRules;
  style: RenderStyle;
}

export interface ParseThreadJob {
  id: number;
  batch: Array<{ ref: string; raw: Uint8Array }>;
}

export interface ParseThreadAnswer {
  id: number;
  bytes: Uint8Array;
}

const { user, style } = workerData as ParseThreadData;
const classifier = user.phrases.length || user.providers.length ? createClassifier(user) : BUILTIN_CLASSIFIER;

parentPort?.on('message', ({ id, batch }: ParseThreadJob) => {
  const answer: ParseThreadAnswer = { id, bytes: parseAndRender(batch, classifier, style) };
  // the bytes are the thread's own (Utf8Builder allocates outside Node's shared pool): moved, not copied
  parentPort!.postMessage(answer, [answer.bytes.buffer as ArrayBuffer]);
});
// loaded: from now on the calling thread gives it batches (before, it parsed them itself)
parentPort?.postMessage({ ready: true });
