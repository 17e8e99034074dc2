// What the HTTP, webhook and export tests share: a logger whose lines can be read back, a strict
// reader of the Prometheus text format, and a local webhook receiver whose answers a test sets.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';

export interface CapturedLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function capturingLogger(): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parse the Prometheus text exposition format (0.0.4), failing on any line that is not a comment,
 * a HELP/TYPE line or a well-formed sample, and on a sample whose metric has no TYPE.
 */
export function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const sampleRe = new RegExp(`^(${name})(\\{(.*)\\})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?\\d+)?$`);
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = new RegExp(`^# (HELP|TYPE) (${name}) ?(.*)$`).exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3]!)) throw new Error(`bad TYPE line: ${line}`);
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = sampleRe.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    if (m[3]) {
      const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
      let pos = 0;
      while (pos < m[3].length) {
        labelRe.lastIndex = pos;
        const l = labelRe.exec(m[3]);
        if (!l) throw new Error(`bad labels in ${JSON.stringify(line)}`);
        labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        pos = labelRe.lastIndex;
      }
    }
    const base = m[1]!.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(m[1]!) && !types.has(base)) throw new Error(`sample of a metric without TYPE: ${line}`);
    samples.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return { samples, types };
}

/** The value of one sample (0 when absent): the labels given must all match. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);
}

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** What the receiver does with the next request: answer a status, or never answer. */
export type Behaviour = { status: number } | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** answers to give, in order; after them, 200 */
  script: Behaviour[];
  /** resolves once `n` requests have arrived */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const hanging = new Set<import('node:http').ServerResponse>();
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const r: Receiver = {
    url: '',
    received: [],
    script: [],
    waitFor(n, timeoutMs = 10_000) {
      if (r.received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`receiver: ${r.received.length} of ${n} requests after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(t), resolve()) });
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      for (const w of waiters.filter((w) => r.received.length >= w.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const b = r.script.shift() ?? { status: 200 };
      if (b === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(b.status, { 'content-type': 'text/plain' }).end(b.status < 300 ? 'ok' : 'receiver says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return r;
}
