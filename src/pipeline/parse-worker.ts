// A worker thread that parses raw messages for the parse pool: bytes in, report out, classified
// with the user rules the pool hands it as data (the calling thread read and checked the files).
// What it loads is what a mail message needs: the decoders of the sending services' events (and
// zod, which checks them: about 130 ms of the thread's 300 ms start-up) come with the first event.
// A failure to load them rejects the chain below: the thread dies, and the pool parses on its
// calling thread from then on (parse-pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type ClassifyEvent, parseGuarded } from './parse-guarded.js';
import { BUILTIN_CLASSIFIER, type Classifier, createClassifier } from '../classify/classifier.js';
import type { UserRules } from '../classify/user-rules.js';

export interface ParseWorkerData {
  user: UserRules;
}

type Input = { raw: Uint8Array; format?: string | null };
type Message = ({ id: number } & (Input | { batch: Input[] })) | { reload: UserRules };

const classifierOf = (user: UserRules): Classifier => (user.phrases.length || user.providers.length ? createClassifier(user) : BUILTIN_CLASSIFIER);

let classifier = classifierOf((workerData as ParseWorkerData).user);
let classifyEvent: ClassifyEvent | undefined;
const noEvents: ClassifyEvent = () => {
  throw new Error('the event decoders are not loaded');
};

/** In the order posted (the pool times a thread's posts oldest first): a post that waits for the
 * decoders to load holds the ones behind it. */
let previous: Promise<void> = Promise.resolve();

async function handle(msg: Message): Promise<void> {
  // the rules again (the calling thread has read the files and found them good)
  if ('reload' in msg) return void (classifier = classifierOf(msg.reload));
  const inputs = 'batch' in msg ? msg.batch : [msg];
  if (!classifyEvent && inputs.some((i) => (i.format ?? null) !== null)) classifyEvent = (await import('../events/classify-event.js')).classifyEvent;
  const parse = (i: Input) => parseGuarded(i.raw, classifier, i.format ?? null, classifyEvent ?? noEvents);
  parentPort!.postMessage({ id: msg.id, parsed: 'batch' in msg ? msg.batch.map(parse) : parse(msg) });
}

parentPort?.on('message', (msg: Message) => {
  previous = previous.then(() => handle(msg));
});
