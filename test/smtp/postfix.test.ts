// A real MTA returns real DSNs: a throwaway Postfix bounces mail for an unknown local user and for
// a recipient its second smtpd refuses, and delivers the DSNs by SMTP to our listener, at the
// signed return path the mail was sent with.
import { describe, expect, afterEach } from 'vitest';
import { createTransport } from 'nodemailer';
import { makeReturnPath } from '../../src/return-path/return-path.js';
import { checkAddress } from '../../src/policy/check.js';
import { itNeeds } from '../helpers/integration.js';
import { postfixMissing, startPostfix, type Postfix } from '../helpers/postfix.js';
import { testServer, type TestServer } from '../helpers/serve.js';

const SECRET = 'postfix-test-secret-0123';
let s: TestServer | undefined;
let mta: Postfix | undefined;
afterEach(async () => {
  await mta?.stop();
  await s?.cleanup();
  mta = s = undefined;
});

describe('real DSNs from Postfix', () => {
  itNeeds(postfixMissing())(
    'arrive at the listener, verified by their signed return path, and are classified',
    async () => {
      s = await testServer({ domains: ['sink.test'], returnPath: { keys: [{ id: 'k1', secret: SECRET }] } });
      mta = await startPostfix({ sinkDomain: 'sink.test', sinkPort: s.port });
      const t = createTransport({ host: '127.0.0.1', port: mta.port, secure: false, ignoreTLS: true });
      const cases = ['nosuchuser@local.test', 'someone@reject.test', 'full-box@reject.test'];
      for (const rcpt of cases) {
        const from = makeReturnPath(rcpt, { domain: 'sink.test', secret: SECRET, keyId: 'k1' });
        await t.sendMail({ envelope: { from, to: [rcpt] }, from: 'news@sink.test', to: rcpt, subject: `case ${rcpt}`, text: 'Hello' });
      }
      // a return path nobody signed: Postfix's DSN to it is refused at RCPT, so the victim it names is
      // never suppressed
      await t.sendMail({ envelope: { from: 'bounces+victim=dest.example@sink.test', to: ['victim@local.test'] }, from: 'x@sink.test', to: 'victim@local.test', subject: 'forged', text: 'x' });
      t.close();
      try {
        await expect.poll(() => mta!.log(), { timeout: 30_000, interval: 100 }).toMatch(/said: 550 5\.1\.1 No such return path \(unsigned\)/);
        await expect.poll(() => s!.count('messages'), { timeout: 30_000, interval: 100 }).toBe(cases.length);
        await s.processed();
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- postfix log ---\n${mta.log()}`);
      }
      const rows = s.store.sqlite
        .prepare('select m.envelope_from, m.return_path_recipient, b.recipient, b.type, b.reason, b.status, b.from_return_path from messages m join bounces b on b.message_id = m.id order by b.recipient')
        .all();
      expect(rows).toEqual([
        { envelope_from: '', return_path_recipient: 'full-box@reject.test', recipient: 'full-box@reject.test', type: 'soft', reason: 'mailboxfull', status: '4.2.2', from_return_path: 0 },
        { envelope_from: '', return_path_recipient: 'nosuchuser@local.test', recipient: 'nosuchuser@local.test', type: 'hard', reason: 'userunknown', status: '5.1.1', from_return_path: 0 },
        { envelope_from: '', return_path_recipient: 'someone@reject.test', recipient: 'someone@reject.test', type: 'hard', reason: 'userunknown', status: '5.1.1', from_return_path: 0 },
      ]);
      expect(checkAddress(s.ctx, 'nosuchuser@local.test').sendable).toBe(false);
      expect(checkAddress(s.ctx, 'someone@reject.test').sendable).toBe(false);
      // one mailbox-full bounce does not suppress
      expect(checkAddress(s.ctx, 'full-box@reject.test').sendable).toBe(true);
      expect(checkAddress(s.ctx, 'victim@local.test').sendable).toBe(true);
      expect(s.count('messages')).toBe(cases.length);
    },
    60_000,
  );
});
