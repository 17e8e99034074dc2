// The poller parses on a parse thread while it fetches, and commits a batch while it fetches the
// next: the same records as parsing on the poller's own thread, a message moved only once its
// records are committed, and a parse thread that dies or a commit that fails loses nothing. The
// real thread needs the compiled worker: the sources are compiled into .tmp/ (as the CLI tests do).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pollOnce } from '../../src/sources/imap/index.js';
import { type ParsePool, createParsePool } from '../../src/pipeline/parse-pool.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import type { StorePort } from '../../src/store/port.js';
import { complaint, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore } from '../helpers/backends.js';
import { buildCli } from '../helpers/cli-process.js';
import { type Dovecot, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig, personal } from '../helpers/imap.js';

let d: Dovecot | undefined;
let t: BackendStore;
let other: BackendStore | undefined;
let compiledPool: typeof createParsePool;
const DYING_WORKER = new URL('../helpers/dying-parse-worker.mjs', import.meta.url);

/** A pool that counts what it is given. */
function counting(pool: ParsePool): ParsePool & { messages: number; posts: number } {
  const c = {
    ...pool,
    messages: 0,
    posts: 0,
    parseAll(inputs: Parameters<ParsePool['parseAll']>[0]) {
      c.messages += inputs.length;
      c.posts++;
      return pool.parseAll(inputs);
    },
  };
  return c;
}

const mixed = () => [
  hard('gone@dest.example'),
  personal('Lunch?'),
  mailboxFull('full@dest.example'),
  complaint('angry@dest.example', 'abuse'),
  ...Array.from({ length: 36 }, (_, i) => hard(`many${i}@dest.example`)),
  personal('Minutes'),
];

describe.skipIf(skipWithoutDovecot())('the poller parses on a parse thread (Dovecot)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const out = dirname(buildCli('test-imap-parse-thread'));
    compiledPool = ((await import(pathToFileURL(join(out, 'pipeline/parse-pool.js')).href)) as { createParsePool: typeof createParsePool }).createParsePool;
  }, 120_000);
  beforeEach(async () => {
    d = await startDovecot();
    t = await backendStore('sqlite');
  });
  afterEach(async () => {
    await d?.cleanup();
    await t?.cleanup();
    await other?.cleanup();
    other = undefined;
  });

  const records = (s: BackendStore) =>
    s.db.selectFrom('bounces').innerJoin('messages', 'messages.id', 'bounces.message_id')
      .select(['bounces.recipient', 'bounces.kind', 'bounces.status', 'bounces.action', 'bounces.type', 'bounces.reason', 'bounces.rule', 'bounces.diagnostic', 'messages.status as messageStatus', 'messages.parser_version'])
      .orderBy('bounces.recipient').execute();
  const kinds = async (s: BackendStore) => (await s.db.selectFrom('messages').select(['kind', 'status', 'problems']).orderBy('id').execute());

  it('on a real thread: every message parsed there, the same records as parsing inline, bounces moved after their commit', async () => {
    const messages = mixed();
    await append(d!, 'INBOX', messages);
    await append(d!, 'Copy', messages);
    const pool = counting(compiledPool(1, { classifier: t.ctx.store.classifier }));
    expect(pool.size).toBe(1);
    try {
      const r = await pollOnce(t.ctx, mailboxConfig(d!, { batchSize: 7 }), { logger: captureLogger().logger, parser: pool });
      expect(r).toMatchObject({ messages: 41, new: 41, acted: 39, left: 2, lastUid: 41 });
    } finally {
      await pool.close();
    }
    // every message went to the thread, several to a post
    expect(pool.messages).toBe(41);
    expect(pool.posts).toBeLessThan(41);
    expect((await listMailbox(d!, 'INBOX')).map((m) => m.subject)).toEqual(['Lunch?', 'Minutes']);
    expect(await listMailbox(d!, 'Processed')).toHaveLength(39);

    // the same messages parsed on this thread (a pool of none): the same rows
    other = await backendStore('sqlite');
    const inline = createParsePool(0);
    await pollOnce(other.ctx, mailboxConfig(d!, { mailbox: 'Copy', batchSize: 7 }), { logger: captureLogger().logger, parser: inline });
    expect(await records(t)).toEqual(await records(other));
    expect(await records(t)).toHaveLength(39);
    expect(await kinds(t)).toEqual(await kinds(other));
  });

  it('a parse thread that dies: every message still stored, parsed, and moved once', async () => {
    await append(d!, 'INBOX', mixed());
    const { logger } = captureLogger();
    // the thread fails as it starts, with whatever was posted to it
    const pool = compiledPool(1, { classifier: t.ctx.store.classifier }, { worker: DYING_WORKER });
    try {
      const r = await pollOnce(t.ctx, mailboxConfig(d!, { batchSize: 7 }), { logger, parser: pool });
      expect(r).toMatchObject({ messages: 41, new: 41, acted: 39, left: 2 });
    } finally {
      await pool.close();
    }
    expect(await listMailbox(d!, 'Processed')).toHaveLength(39);
    expect(await records(t)).toHaveLength(39);
    expect((await kinds(t)).every((m) => m.status === 'parsed')).toBe(true);
  });

  it('a parse that fails: those messages are parsed by the store port instead, said in the log', async () => {
    await append(d!, 'INBOX', mixed());
    const { logger, lines } = captureLogger();
    const inline = createParsePool(0);
    let calls = 0;
    const flaky: ParsePool = { ...inline, parseAll: (inputs) => (++calls % 2 ? Promise.reject(new Error('worker died')) : inline.parseAll(inputs)) };
    const r = await pollOnce(t.ctx, mailboxConfig(d!, { batchSize: 7 }), { logger, parser: flaky });
    expect(r).toMatchObject({ messages: 41, new: 41, acted: 39, left: 2 });
    expect(lines.filter((l) => String(l.msg).includes('a parse thread failed')).length).toBeGreaterThan(0);
    expect(await records(t)).toHaveLength(39);
    expect(await listMailbox(d!, 'Processed')).toHaveLength(39);
  });

  it('a commit that fails: nothing after it is written, only what was committed before is moved, the pass fails', async () => {
    await append(d!, 'INBOX', Array.from({ length: 6 }, (_, i) => hard(`c${i}@dest.example`)));
    let groups = 0;
    const port: StorePort = t.ctx.port;
    const failing: PipelineContext = {
      store: t.ctx.store,
      policy: t.ctx.policy,
      returnPaths: t.ctx.returnPaths,
      now: t.ctx.now,
      port: { ...port, ingestGroup: (items) => (++groups === 2 ? Promise.reject(new Error('disk full')) : port.ingestGroup(items)) },
    };
    // batches of 2: the first committed and moved, the second fails, the third is fetched but not written
    await expect(pollOnce(failing, mailboxConfig(d!, { batchSize: 2 }), { logger: captureLogger().logger })).rejects.toThrow('disk full');
    expect(groups).toBe(2);
    expect(await t.db.selectFrom('messages').select('source_ref').execute()).toHaveLength(2);
    expect((await listMailbox(d!, 'Processed')).length).toBe(2);
    expect((await listMailbox(d!, 'INBOX')).map((m) => m.uid)).toEqual([3, 4, 5, 6]);
    expect(await t.ctx.port.imapState('bounces@example.test@127.0.0.1/INBOX')).toMatchObject({ last_uid: 2 });
    // the next pass takes them all, once
    const again = await pollOnce(t.ctx, mailboxConfig(d!, { batchSize: 2 }), { logger: captureLogger().logger });
    expect(again).toMatchObject({ messages: 4, new: 4, duplicates: 0, acted: 4 });
    expect(await listMailbox(d!, 'Processed')).toHaveLength(6);
  });
});
