// Two hosts' pollers of one mailbox (a real Dovecot) sharing one store: only the holder of the
// mailbox's lease connects and ingests; the other stands by. When the holder loses the store (as a
// host that dies: its lease is no longer renewed) it drops its connection before the lease expires,
// and the other takes the mailbox over within the lease. Every message is ingested and moved once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pollers, startPollers } from '../../src/sources/imap/index.js';
import { keepLease } from '../../src/cluster/lease.js';
import { imapLeaseName } from '../../src/cluster/lease-names.js';
import { hard, tempStore, type TempStore } from '../helpers.js';
import { type Dovecot, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig, waitFor } from '../helpers/imap.js';
import { killable } from '../helpers/killable-port.js';

let d: Dovecot | undefined;
let t: TempStore;
const running: Pollers[] = [];

beforeAll(async () => {
  if (skipWithoutDovecot()) return;
  d = await startDovecot();
  t = await tempStore();
}, 60_000);
afterAll(async () => {
  for (const p of running) await p.stop();
  await d?.cleanup();
  await t?.cleanup();
});

const count = () => (t.store.sqlite.prepare('select count(*) as n from messages').get() as { n: number }).n;
const ttlMs = 1500;

describe.skipIf(skipWithoutDovecot())('IMAP mailbox leases (Dovecot)', { timeout: 60_000 }, () => {
  it('one host polls, the other stands by, and takes the mailbox over within the lease when the first loses the store', async () => {
    const cfg = mailboxConfig(d!, { pollIntervalMs: 300, idle: false, batchSize: 5 });
    const a = killable(t.ctx.port);
    const start = (owner: string, port: typeof t.ctx.port) => {
      const p = startPollers(t.ctx, [cfg], {
        logger: captureLogger().logger,
        backoff: { baseMs: 50, maxMs: 300 },
        lease: (key) => keepLease({ port, name: imapLeaseName(key), owner, ttlMs }),
      });
      running.push(p);
      return p;
    };
    const pa = start('mx-a', a.port);
    await waitFor('mx-a polling', () => pa.status()[0]!.lastSuccessAt !== null);
    const pb = start('mx-b', t.ctx.port);
    await waitFor('mx-b on standby', () => pb.status()[0]!.standby);
    expect(pb.status()[0]).toMatchObject({ standby: true, leaseHolder: 'mx-a', connected: false });

    await append(d!, 'INBOX', Array.from({ length: 12 }, (_, i) => hard(`first${i}@dest.example`)));
    await waitFor('the first 12 in the store', () => count() === 12, 10_000);
    await waitFor('the first 12 moved', async () => (await listMailbox(d!, 'Processed')).length === 12, 10_000);
    expect(pa.status()[0]!.totals).toMatchObject({ messages: 12, new: 12, duplicates: 0 });
    expect(pb.status()[0]!.totals).toMatchObject({ messages: 0, connects: 0 });

    // mx-a can no longer reach the store: it stops before the lease expires; mx-b takes over within it
    const killedAt = Date.now();
    a.kill();
    await waitFor('mx-b polling', () => !pb.status()[0]!.standby && pb.status()[0]!.connected, ttlMs * 4);
    expect(Date.now() - killedAt).toBeLessThan(ttlMs + ttlMs / 3 + 1000);
    await waitFor('mx-a off the mailbox', () => !pa.status()[0]!.connected, ttlMs * 2);
    expect(pa.status()[0]!.standby).toBe(true);

    await append(d!, 'INBOX', Array.from({ length: 8 }, (_, i) => hard(`second${i}@dest.example`)));
    await waitFor('all 20 in the store', () => count() === 20, 10_000);
    await waitFor('all 20 moved', async () => (await listMailbox(d!, 'Processed')).length === 20, 10_000);
    expect(await listMailbox(d!, 'INBOX')).toEqual([]);
    // each message ingested once: by mx-a before, by mx-b after
    expect(pa.status()[0]!.totals).toMatchObject({ messages: 12, duplicates: 0 });
    expect(pb.status()[0]!.totals).toMatchObject({ messages: 8, new: 8, duplicates: 0 });
  });
});
