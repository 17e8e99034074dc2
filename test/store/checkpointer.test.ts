// The checkpointer (src/store/checkpointer.ts): a thread with its own connection copies the WAL into
// the database file while the writer commits, the writer's own checkpoints off meanwhile; a WAL
// past its bound is copied whole before the next transaction, so it starts again from its
// beginning; a thread that fails gives the checkpoints back to the writer. The real thread needs
// the compiled script: the sources are compiled into .tmp/ (as the CLI tests do).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { startCheckpointer as StartCheckpointer } from '../../src/store/checkpointer.js';
import type { openStore as OpenStore, Store } from '../../src/store/open.js';
import type { runIngest as RunIngest } from '../../src/cli/ingest.js';
import type { pipelineContext as PipelineContextOf } from '../../src/pipeline/context.js';
import { buildCli } from '../helpers/cli-process.js';

let startCheckpointer: typeof StartCheckpointer;
let openStore: typeof OpenStore;
let runIngest: typeof RunIngest;
let pipelineContext: typeof PipelineContextOf;
let dir: string | undefined;
let store: Store | undefined;
const DYING = new URL('../helpers/dying-parse-worker.mjs', import.meta.url);

beforeAll(async () => {
  const out = dirname(buildCli('test-checkpointer'));
  ({ startCheckpointer } = (await import(pathToFileURL(join(out, 'store/checkpointer.js')).href)) as { startCheckpointer: typeof StartCheckpointer });
  ({ openStore } = (await import(pathToFileURL(join(out, 'store/open.js')).href)) as { openStore: typeof OpenStore });
  ({ runIngest } = (await import(pathToFileURL(join(out, 'cli/ingest.js')).href)) as { runIngest: typeof RunIngest });
  ({ pipelineContext } = (await import(pathToFileURL(join(out, 'pipeline/context.js')).href)) as { pipelineContext: typeof PipelineContextOf });
}, 120_000);

afterEach(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = dir = undefined;
});

/** How many times the WAL started again from its beginning: its header's checkpoint sequence number. */
function walRestarts(wal: string): number {
  const fd = openSync(wal, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

async function freshStore(): Promise<{ store: Store; db: string }> {
  dir = mkdtempSync(join(tmpdir(), 'rebound-checkpointer-'));
  const db = join(dir, 'c.db');
  store = await openStore(db, { synchronous: 'NORMAL' });
  store.sqlite.exec('create table filler (b blob not null)');
  return { store, db };
}

/** one commit of `rows` rows of 1,000 random bytes (four to a page) */
function commit(s: Store, rows: number): void {
  const insert = s.sqlite.prepare('insert into filler (b) values (randomblob(1000))');
  s.sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run();
  })();
}

const autocheckpoint = (s: Store) => s.sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('the checkpointer', { timeout: 60_000 }, () => {
  it('copies the WAL into the database file on its own thread, the writer not checkpointing meanwhile', async () => {
    const { store: s, db } = await freshStore();
    const before = statSync(db).size;
    const cp = startCheckpointer(s);
    expect(autocheckpoint(s)).toBe(0);
    for (let i = 0; i < 5; i++) {
      commit(s, 256);
      cp.committed();
    }
    await cp.drain();
    // 1.25 MB of rows, copied by the thread only: the writer had no checkpoint of its own
    expect(statSync(db).size - before).toBeGreaterThan(1_280_000);
    await cp.close();
    expect(autocheckpoint(s)).toBe(1000);
    expect(s.sqlite.prepare('select count(*) from filler').pluck().get()).toBe(1280);
  });

  it('keeps the WAL bounded: past its bound, the writer drains before it begins again', async () => {
    const { store: s, db } = await freshStore();
    s.sqlite.pragma('wal_checkpoint(TRUNCATE)'); // the migrations' frames
    const bound = 512 * 1024;
    const cp = startCheckpointer(s, { walRestartBytes: bound });
    await cp.drain(); // its thread is up
    let drains = 0;
    for (let i = 0; i < 30; i++) {
      if (cp.full) {
        drains++;
        await cp.drain();
      }
      // three commits faster than a checkpoint beside them lets the WAL start again
      for (let k = 0; k < 3; k++) {
        commit(s, 128);
        cp.committed();
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await cp.close();
    expect(s.sqlite.prepare('select count(*) from filler').pluck().get()).toBe(30 * 3 * 128);
    // 11 MiB written in all, which an unbounded WAL holds at the end; here it went past its bound
    // only by what was committed before the thread's report of it came, which waits for the
    // checkpoint's syncs (1.3-3.4 MB seen). That depends on the disk's pace, so what is checked is
    // that the WAL started again from its beginning after each drain: once for the TRUNCATE above,
    // once after each drain (10 for 9 seen; without the drains, 1 for 27 reports of a full WAL)
    expect(drains).toBeGreaterThan(2);
    expect(walRestarts(`${db}-wal`)).toBeGreaterThan(drains);
  });

  it('a thread that fails gives the checkpoints back to the writer', async () => {
    const { store: s } = await freshStore();
    const cp = startCheckpointer(s, { script: DYING });
    commit(s, 64);
    cp.committed();
    await new Promise((resolve) => setTimeout(resolve, 200)); // it has failed
    await cp.drain();
    await cp.close();
    expect(autocheckpoint(s)).toBe(1000);
    expect(cp.full).toBe(false);
  });

  it('an in-memory store has no WAL: nothing is started, the writer keeps its checkpoints', async () => {
    store = await openStore(':memory:');
    const cp = startCheckpointer(store);
    expect(autocheckpoint(store)).toBe(1000);
    cp.committed();
    await cp.drain();
    await cp.close();
  });

  it('keeps ingest\'s WAL bounded: it drains between two transactions, where the WAL can start again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebound-checkpointer-'));
    mkdirSync(join(dir, 'in'));
    const filler = 'x'.repeat(1500);
    for (let i = 0; i < 6000; i++) {
      const text = `From: MAILER-DAEMON@mta.test\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <m${i}@mta.test>\r\n\r\n<user${i}@dest.example>: host mx.dest.example said: 550 5.1.1 unknown user ${filler}\r\n`;
      writeFileSync(join(dir, 'in', `${String(i).padStart(5, '0')}.eml`), text);
    }
    const db = join(dir, 'i.db');
    store = await openStore(db, { synchronous: 'NORMAL' });
    const s = await runIngest(pipelineContext(store), [join(dir, 'in')], { walRestartBytes: 512 * 1024 });
    expect(s).toMatchObject({ messages: 6000, new: 6000, unreadable: 0 });
    // Each time the WAL starts again from its beginning, SQLite adds one to the checkpoint sequence
    // number in its header (bytes 12-15). Started again after each drain: 5-6 times, the WAL 6-9 MB
    // (also with three CPU-bound processes beside it); never without the bound (the WAL then holds
    // all 6,000, 35.5 MB), nor with a drain inside a transaction. The WAL's size is not what is
    // checked: it holds what was committed while a checkpoint ran, and that many commits under the
    // full suite's disk load (11.3 MB seen once, 24 MB once).
    expect(walRestarts(`${db}-wal`)).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
