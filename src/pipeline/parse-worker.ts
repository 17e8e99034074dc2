// A worker thread that parses raw messages for the parse pool: bytes in, report out, classified
// with the rule files the pool was given (the calling thread has checked them already).
import { parentPort, workerData } from 'node:worker_threads';
import { safeParse } from './parse-safe.js';
import { createClassifier } from '../classify/classifier.js';
import { loadRuleFiles } from '../config/rule-files.js';

const rules = (workerData as { rules: readonly string[] }).rules;
let classifier = createClassifier(loadRuleFiles(rules));

type Input = { raw: Uint8Array; format?: string | null };

parentPort?.on('message', (msg: ({ id: number } & (Input | { batch: Input[] })) | { reload: true }) => {
  // the rule files again (the calling thread has read them and found them good)
  if ('reload' in msg) return void (classifier = createClassifier(loadRuleFiles(rules)));
  const parse = (i: Input) => safeParse(i.raw, classifier, i.format ?? null);
  parentPort!.postMessage({ id: msg.id, parsed: 'batch' in msg ? msg.batch.map(parse) : parse(msg) });
});
