// startPollers against a real Dovecot: IDLE, the poll-interval fallback, the server going away and
// coming back mid-run, a mailbox that keeps failing beside one that works, and stopping; on SQLite
// and on PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Pollers, startPollers } from '../../src/sources/imap/index.js';
import { hard } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';
import { type Dovecot, freePort, skipWithoutDovecot, startDovecot } from '../helpers/dovecot.js';
import { append, captureLogger, listMailbox, mailboxConfig, personal, waitFor, withClient } from '../helpers/imap.js';

let d: Dovecot | undefined;
let t: BackendStore;
let pollers: Pollers | undefined;

describeBackends('the pollers', (backend) => {
  beforeEach(async () => {
    d = await startDovecot();
    t = await backendStore(backend);
  });
  afterEach(async () => {
    await pollers?.stop();
    pollers = undefined;
    await d?.cleanup();
    await t?.cleanup();
  });

  const count = async (table: 'messages' | 'bounces') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const imapState = (mailbox: string) => t.ctx.port.imapState(mailbox);
  const fast = { backoff: { baseMs: 50, maxMs: 400 } };

  describe.skipIf(skipWithoutDovecot())('startPollers (Dovecot)', { timeout: 60_000 }, () => {
    it('a message appended while idling is ingested and moved within 2 s', async () => {
      const { logger, lines } = captureLogger();
      // a poll interval far longer than the test: only IDLE can bring the message in time
      pollers = startPollers(t.ctx, [mailboxConfig(d!, { pollIntervalMs: 120_000 })], { logger, ...fast });
      await waitFor('the poller to idle', () => pollers!.status()[0]!.idling);
      expect(lines.find((l) => l.msg === 'imap connected')).toMatchObject({ idle: true });

      const t0 = Date.now();
      await append(d!, 'INBOX', [hard('idle@dest.example')]);
      await waitFor('the bounce in the database', async () => (await count('messages')) === 1, 2_000, 10);
      await waitFor('the bounce moved', async () => (await listMailbox(d!, 'Processed')).length === 1, 2_000, 10);
      expect(Date.now() - t0).toBeLessThan(2_000);
      const s = pollers.status()[0]!;
      expect(s).toMatchObject({ connected: true, consecutiveFailures: 0, lag: 0, totals: { messages: 1, new: 1, acted: 1, connects: 1 } });
      expect(s.lastSuccessAt).not.toBeNull();
    });

    it('without IDLE, looks again every poll interval', async () => {
      pollers = startPollers(t.ctx, [mailboxConfig(d!, { idle: false, pollIntervalMs: 200 })], { logger: captureLogger().logger, ...fast });
      await waitFor('the first pass', () => pollers!.status()[0]!.lastSuccessAt !== null);
      await append(d!, 'INBOX', [hard('timer@dest.example'), personal('Lunch?')]);
      await waitFor('both messages in the database', async () => (await count('messages')) === 2, 3_000);
      expect(pollers.status()[0]!.idling).toBe(false);
      await waitFor('the bounce moved', async () => (await listMailbox(d!, 'Processed')).length === 1);
      expect(await listMailbox(d!, 'INBOX')).toEqual([{ uid: 2, seen: false, subject: 'Lunch?' }]);
    });

    it('the server stopped and restarted mid-run: the poller reconnects, nothing is lost or doubled', async () => {
      const first = Array.from({ length: 200 }, (_, i) => hard(`first${i}@dest.example`));
      await append(d!, 'INBOX', first);
      const { logger, lines } = captureLogger();
      let stopping: Promise<void> | undefined;
      let atStop: Promise<number> | undefined;
      // stop the server as soon as the first batch is done: the rest of the run hits a dead server
      const trigger = {
        write(s: string) {
          lines.push(JSON.parse(s) as Record<string, unknown>);
          if (!stopping && s.includes('"imap batch done"')) {
            atStop = count('messages');
            stopping = d!.stop();
          }
        },
      };
      const { pino } = await import('pino');
      pollers = startPollers(t.ctx, [mailboxConfig(d!, { batchSize: 5, pollIntervalMs: 120_000 })], {
        logger: pino({ level: 'debug' }, trigger),
        ...fast,
      });
      await waitFor('the server to be stopped', () => stopping !== undefined);
      await stopping;
      await waitFor('the failure to be seen', () => pollers!.status()[0]!.consecutiveFailures >= 2);
      const down = pollers.status()[0]!;
      expect(down.connected).toBe(false);
      expect(down.lastError).not.toBeNull();
      expect(await atStop).toBeLessThan(first.length); // it was mid-run
      expect(await count('messages')).toBeLessThan(first.length);

      await d!.start();
      const later = Array.from({ length: 10 }, (_, i) => hard(`later${i}@dest.example`));
      await append(d!, 'INBOX', later);
      await waitFor('every message in the database', async () => (await count('messages')) === 210, 15_000);
      await waitFor('every message moved', async () => (await listMailbox(d!, 'INBOX')).length === 0, 15_000);
      const processed = await listMailbox(d!, 'Processed');
      expect(processed).toHaveLength(210); // moved once each
      expect(await count('bounces')).toBe(210); // one record each: nothing doubled
      // the moves come before the pass ends (its resume point, a last search): then its success is counted
      await waitFor('the pass to end', () => pollers!.status()[0]!.consecutiveFailures === 0, 10_000);
      const s = pollers.status()[0]!;
      expect(s).toMatchObject({ connected: true, consecutiveFailures: 0 });
      expect(s.totals.connects).toBeGreaterThanOrEqual(2);
      expect(s.totals.failures).toBeGreaterThanOrEqual(2);
      expect(lines.some((l) => l.msg === 'imap mailbox failed; reconnecting')).toBe(true);
      expect((await imapState(mailboxConfig(d!).name))?.last_uid).toBe(210);
    });

    it('a mailbox that keeps failing is reported without stopping the others', async () => {
      const deadPort = await freePort(); // nothing listens there
      const good = mailboxConfig(d!, { pollIntervalMs: 120_000 });
      const bad = mailboxConfig(d!, { name: 'dead', port: deadPort });
      const { logger, lines } = captureLogger();
      await append(d!, 'INBOX', [hard('one@dest.example')]);
      pollers = startPollers(t.ctx, [bad, good], { logger, backoff: { baseMs: 20, maxMs: 100 }, failingAfter: 3 });
      await waitFor('the dead mailbox to fail repeatedly', () => pollers!.status()[0]!.consecutiveFailures >= 4);
      await waitFor('the good mailbox to ingest', async () => (await count('messages')) === 1);
      await append(d!, 'INBOX', [hard('two@dest.example')]);
      await waitFor('the good mailbox to go on', () => pollers!.status()[1]!.totals.acted === 2, 3_000);

      const [deadStatus, goodStatus] = pollers.status();
      expect(deadStatus).toMatchObject({ mailbox: 'dead', connected: false, lastSuccessAt: null });
      expect(deadStatus!.lastError).toMatch(/ECONNREFUSED/);
      expect(goodStatus).toMatchObject({ connected: true, consecutiveFailures: 0, totals: { messages: 2, failures: 0 } });
      const failing = lines.filter((l) => l.msg === 'imap mailbox keeps failing');
      expect(failing.length).toBeGreaterThan(0);
      expect(failing[0]).toMatchObject({ mailbox: 'dead', level: 50 });
    });

    it('the watched mailbox deleted and made again: the next look selects it anew and resyncs', async () => {
      // Dovecot says nothing to a session idling in a mailbox deleted by another: the next look's SELECT finds out
      const cfg = mailboxConfig(d!, { mailbox: 'Bounces', pollIntervalMs: 300 });
      await append(d!, 'Bounces', [hard('a@dest.example'), hard('b@dest.example')]);
      pollers = startPollers(t.ctx, [cfg], { logger: captureLogger().logger, ...fast });
      await waitFor('the first two', async () => (await imapState(cfg.name))?.last_uid === 2);
      const before = (await imapState(cfg.name))!;
      await withClient(d!, async (c) => {
        await c.mailboxDelete('Bounces');
        await c.mailboxCreate('Bounces');
      });
      await append(d!, 'Bounces', [hard('c@dest.example'), hard('d@dest.example')]);
      await waitFor('the new two', async () => (await count('messages')) === 4 && (await imapState(cfg.name))!.last_uid === 2, 10_000);
      const after = (await imapState(cfg.name))!;
      expect(after.uidvalidity).not.toBe(before.uidvalidity);
      expect(after.last_uid).toBe(2);
      await waitFor('both moved', async () => (await listMailbox(d!, 'Bounces')).length === 0);
    });

    it('stop() while idling logs out promptly', async () => {
      pollers = startPollers(t.ctx, [mailboxConfig(d!, { pollIntervalMs: 120_000 })], { logger: captureLogger().logger, ...fast });
      await waitFor('the poller to idle', () => pollers!.status()[0]!.idling);
      const t0 = Date.now();
      await pollers.stop();
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(pollers.status()[0]).toMatchObject({ connected: false, idling: false });
      await waitFor('the logout in the server log', () => /Disconnected: Logged out/.test(d!.log()), 2_000);
      pollers = undefined;
    });
  });
});
