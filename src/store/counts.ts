// The counts a metrics scrape shows: active suppressions by type, messages waiting to be processed,
// the webhook outbox by state, the database's size. Counting a million suppressions takes most of a
// second, so for a file-backed store the counting runs on a worker thread with its own read-only
// connection (WAL lets it read while the main connection writes) and the event loop serving the
// API is not held up. Without the compiled worker (the tests run the sources) it counts inline.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import type { Store } from './open.js';
import type { OutboxState } from './schema.js';
import { walBytes } from './size.js';
import type { StorePort } from './port.js';

export interface StoreCounts {
  suppressionsByType: Record<string, number>;
  pendingMessages: number;
  outbox: Record<OutboxState, number>;
  /** null: the shared store did not answer (its gauges are left out, the spool backlog is there) */
  databaseBytes: number | null;
}

/** Count on this connection (read-only queries). */
export function countOn(db: SQLite.Database, path: string, at: string): StoreCounts {
  const byType = db
    .prepare('select type, count(*) as n from suppressions where lifted_at is null and (expires_at is null or expires_at > ?) group by type')
    .all(at) as Array<{ type: string; n: number }>;
  const pending = db.prepare("select count(*) as n from messages where status = 'pending'").get() as { n: number };
  const outbox: Record<OutboxState, number> = { pending: 0, delivered: 0, dead: 0 };
  for (const r of db.prepare('select state, count(*) as n from webhook_outbox group by state').all() as Array<{ state: OutboxState; n: number }>) {
    outbox[r.state] = r.n;
  }
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return {
    suppressionsByType: Object.fromEntries(byType.map((r) => [r.type, r.n])),
    pendingMessages: pending.n,
    outbox,
    databaseBytes: pages * pageSize + (path === ':memory:' ? 0 : walBytes(path)),
  };
}

export interface CountReader {
  read(): Promise<StoreCounts>;
  close(): Promise<void>;
}

const WORKER = new URL('./counts-worker.js', import.meta.url);

/**
 * `now`: the clock the active suppressions are counted at. `shared`: the store port when it is not
 * this file (a shared PostgreSQL store): the suppressions, the outbox and the size are its; the
 * messages pending are this host's local spool's (its backlog) and the shared store's together.
 */
export function createCountReader(store: Store, now: () => Date, shared?: Pick<StorePort, 'backend' | 'counts'>): CountReader {
  const local = localCountReader(store, now);
  if (!shared || shared.backend === 'sqlite') return local;
  return {
    async read() {
      const [spool, counts] = await Promise.all([local.read(), shared.counts(now()).catch(() => null)]);
      // an outage of the shared store is when the spool backlog matters most: a scrape still
      // answers with it, and without the shared store's figures rather than stale or local ones
      if (!counts) return { suppressionsByType: {}, outbox: {} as StoreCounts['outbox'], databaseBytes: null, pendingMessages: spool.pendingMessages };
      return { ...counts, pendingMessages: spool.pendingMessages + counts.pendingMessages };
    },
    close: () => local.close(),
  };
}

function localCountReader(store: Store, now: () => Date): CountReader {
  const inline: CountReader = { read: async () => countOn(store.sqlite, store.path, now().toISOString()), close: async () => {} };
  if (store.path === ':memory:' || !existsSync(fileURLToPath(WORKER))) return inline;
  const worker = new Worker(WORKER, { workerData: { path: store.path } });
  worker.unref(); // never what keeps the process alive
  let next = 0;
  const waiting = new Map<number, { resolve: (c: StoreCounts) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { id: number; counts?: StoreCounts; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.counts) w?.resolve(m.counts);
    else w?.reject(new Error(m.error ?? 'counting failed'));
  });
  worker.on('error', (err) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  });
  return {
    read() {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, at: now().toISOString() });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
