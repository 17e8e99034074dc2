// A worker thread that parses raw messages for the parse pool: bytes in, report out, classified
// with the rule files the pool was given (the calling thread has checked them already).
import { parentPort, workerData } from 'node:worker_threads';
import { safeParse } from './parse-safe.js';
import { createClassifier } from '../classify/classifier.js';
import { loadRuleFiles } from '../config/rule-files.js';

const classifier = createClassifier(loadRuleFiles((workerData as { rules: readonly string[] }).rules));

parentPort?.on('message', (msg: { id: number; raw: Uint8Array }) => {
  parentPort!.postMessage({ id: msg.id, parsed: safeParse(msg.raw, classifier) });
});
