// `serve` runs the IMAP pollers beside the SMTP listener: bounces arrive both ways into one store.
import { describe, expect, afterEach } from 'vitest';
import { createTransport } from 'nodemailer';
import { checkAddress } from '../../src/policy/check.js';
import { hard } from '../helpers.js';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { append, listMailbox, mailboxConfig } from '../helpers/imap.js';
import { itNeeds } from '../helpers/integration.js';
import { testServer, type TestServer } from '../helpers/serve.js';

let s: TestServer | undefined;
let d: Dovecot | undefined;
afterEach(async () => {
  await s?.cleanup();
  await d?.cleanup();
  s = d = undefined;
});

describe('rebound serve with IMAP mailboxes', () => {
  itNeeds(dovecotMissing())(
    'takes bounces by SMTP and from the mailbox, and stops both',
    async () => {
      d = await startDovecot();
      await append(d, 'INBOX', [hard('by-imap@dest.example')]);
      s = await testServer({}, { imap: [mailboxConfig(d)] });
      const t = createTransport({ host: '127.0.0.1', port: s.port, secure: false, ignoreTLS: true });
      await t.sendMail({ envelope: { from: '', to: ['bounces@bounce.test'] }, raw: hard('by-smtp@dest.example') });
      t.close();
      await expect.poll(() => s!.count('messages'), { timeout: 15_000 }).toBe(2);
      await s.processed();
      const sources = s.store.sqlite.prepare('select source from messages order by source').all();
      expect(sources).toEqual([{ source: 'imap' }, { source: 'smtp' }]);
      expect(checkAddress(s.ctx, 'by-imap@dest.example').sendable).toBe(false);
      expect(checkAddress(s.ctx, 'by-smtp@dest.example').sendable).toBe(false);
      expect(s.pollers?.status()).toHaveLength(1);
      // the mailbox's message was acted on once committed: INBOX no longer holds it unread
      await expect.poll(async () => (await listMailbox(d!, 'INBOX')).filter((m) => !m.seen).length, { timeout: 10_000 }).toBe(0);
      await s.stop();
    },
    60_000,
  );
});
