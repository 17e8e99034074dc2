// The last-resort reader and the generic-only mode: what Rebound makes of a report whose family no
// decoder knows. The per-layout samples are in fixtures/dsn/ (generic-*.eml); these tests check the
// rules across them: the structural decision, the false recipients, the status guard.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBounce } from '../src/index.js';
import { dsn } from './helpers.js';
import { statusInPlace } from '../src/parse/reply-text.js';

const DIR = fileURLToPath(new URL('../fixtures/dsn/', import.meta.url));

function mail(headers: string[], body: string): string {
  return [...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body].join('\n');
}

describe('a status is read only where one stands', () => {
  it.each([
    ['550 5.1.1 <a@b.example>: user unknown', '5.1.1', true],
    ['550-5.1.1 The email account does not exist', '5.1.1', true],
    // Exchange's diagnostic line: "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##"
    ['anna@corp.example #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##', '5.1.1', true],
    ['RCPT TO not accepted: 5.7.1 relaying denied', '5.7.1', true],
    ["Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", '5.4.4', true],
    ['ERROR_CODE :550, ERROR_CODE :5.1.1 user unknown', '5.1.1', true],
    ['Status: 4.4.7', '4.4.7', true],
    ['relay.example.net (Exim 4.92.3) could not deliver', '4.92.3', false],
    ['X-Mailer: RelayGate 2.0.3', '2.0.3', false],
    ['server version 5.1.1 said the mailbox is full', '5.1.1', false],
  ])('%s', (text, status, ok) => {
    expect(statusInPlace(text, status)).toBe(ok);
  });

  it('a version number in a report does not make a failure a delivery', () => {
    const r = parseBounce(
      mail(
        ['From: MAILER-DAEMON@relay.example.net', 'To: a@shop.example.com', 'Subject: Undeliverable: hello'],
        'Relay gateway RelayGate 2.0.3 at relay.example.net.\n\nYour message could not be delivered to:\n\n  ben@example.org\n\nThe mailbox is unavailable.\n',
      ),
    );
    expect(r.kind).toBe('bounce');
    expect(r.recipients.map((x) => [x.address, x.action, x.status])).toEqual([['ben@example.org', 'failed', null]]);
  });
});

describe('is it a report: structure and body, no single veto', () => {
  const body = 'Delivery to the following recipients failed:\n\n  ben@example.org\n\n550 5.1.1 user unknown\n';

  it('list headers, a reply prefix and auto-replied lower the confidence of a report from a mail system, they do not veto it', () => {
    const r = parseBounce(
      mail(
        ['From: Mail Delivery System <MAILER-DAEMON@lists.example.org>', 'To: x@lists.example.org', 'Subject: Re: Delivery failure', 'List-Id: <x.lists.example.org>', 'Auto-Submitted: auto-replied'],
        body,
      ),
    );
    expect(r.kind).toBe('bounce');
    expect(r.recipients.map((x) => x.address)).toEqual(['ben@example.org']);
  });

  it("a delay notice is a delay, its \"if the delivery fails permanently\" a condition, however it is wrapped", () => {
    const words =
      "** Delivery incomplete **\n\nThere was a temporary problem delivering your message to slow@example.com. Gmail will retry for 47 more hours. You'll be notified if the delivery fails permanently.\n\nThe response was:\n\nThe recipient server did not accept our requests to connect. [mx.example.com. 192.0.2.1: timed out]\n";
    for (const text of [words, words.replace(/delivering your/, 'delivering\nyour').replace(/fails permanently/, 'fails\npermanently')]) {
      const r = parseBounce(mail(['From: Mail Delivery Subsystem <mailer-daemon@mail.example.net>', 'To: a@shop.example.com', 'Subject: Delivery Status Notification (Delay)'], text), undefined, { decoders: 'generic-only' });
      expect([r.kind, r.recipients.map((x) => [x.address, x.action])]).toEqual(['delay', [['slow@example.com', 'delayed']]]);
    }
  });

  it('a person replying about a bounce is not a report', () => {
    const r = parseBounce(mail(['From: Carol <carol@example.com>', 'To: ops@shop.example.com', 'Subject: Re: Undelivered Mail Returned to Sender'], 'Any idea why?\n\n> ' + body.replace(/\n/g, '\n> ')));
    expect(r.kind).toBe('not-bounce');
    expect(r.recipients).toEqual([]);
  });

  it('a delivery-status part counts on its own, even when its recipient field is no mailbox', () => {
    const raw = [
      'From: gateway@mx.example.net',
      'To: a@shop.example.com',
      'Subject: notice',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'The message to ben@example.org failed: 550 5.1.1 user unknown',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      'Final-Recipient: x400; /C=XX/ADMD= /PRMD=EXAMPLE/O=MAIL/S=Ben/',
      'Action: failed',
      'Status: 5.1.1',
      '',
      '--b--',
      '',
    ].join('\n');
    const r = parseBounce(raw);
    expect(r.kind).toBe('bounce');
    expect(r.recipients.map((x) => [x.address, x.status])).toEqual([['ben@example.org', '5.1.1']]);
  });
});

describe('generic-only: every named decoder off', () => {
  const samples = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
  // families whose reports are not prose at all (a JSON notification, a list manager's own answer)
  const notProse = new Set(['amazonses-sns-bounce.eml', 'fml-not-member.eml']);

  it.each(samples.filter((f) => !notProse.has(f)))('%s: the same kind and failed recipients as the full parser', (f) => {
    const want = JSON.parse(readFileSync(DIR + f.replace(/\.eml$/, '.json'), 'utf8')) as { kind: string; recipients: Array<{ address?: string }> };
    const r = parseBounce(readFileSync(DIR + f), undefined, { decoders: 'generic-only' });
    expect(r.kind === want.kind || (want.kind === 'bounce' && r.kind === 'delay')).toBe(true);
    const failed = r.recipients.filter((x) => x.action === 'failed').map((x) => x.address.toLowerCase());
    const named = want.recipients.map((x) => x.address?.toLowerCase());
    expect(failed.filter((a) => !named.includes(a)), 'failed recipients the sample does not name').toEqual([]);
    expect(named.filter((a) => a && !r.recipients.some((x) => x.address.toLowerCase() === a)), 'recipients missed').toEqual([]);
  });

  // where only a family's decoder or a provider's code table knows the cause: a stage-less "Unknown
  // user" stays filtered (soft) without the decoder that knows it is the host's own directory;
  // Orange's OFR codes; Haraka's own 5.1.2 for a host that refused connections; sendmail's old
  // "Deferred: Connection refused" transcript; qmail's "wasn't able to establish an SMTP connection"
  // (#4.4.1), a network error to its decoder and an expiry to the status alone; InterScan's "Please
  // check if address is correct", its own verdict on the next hop's refusal
  const decoderOnly = new Set([
    ...notProse,
    'exim-unknown-user.eml', 'postfix-old-local-unknown-user.eml', 'imailserver-unknown-user.eml', 'orange-service-refused.eml', 'haraka-expired.eml', 'sendmail-old-deferred.eml',
    'qmail-gave-up-4xx.eml', 'trendmicro-check-address.eml',
  ]);

  it.each(samples.filter((f) => !decoderOnly.has(f)))('%s: the same reason as the full parser, from the words alone', (f) => {
    const want = JSON.parse(readFileSync(DIR + f.replace(/\.eml$/, '.json'), 'utf8')) as { recipients: Array<{ address?: string; reason?: string }> };
    const r = parseBounce(readFileSync(DIR + f), undefined, { decoders: 'generic-only' });
    for (const w of want.recipients.filter((x) => x.address && x.reason)) {
      expect(r.recipients.find((x) => x.address.toLowerCase() === w.address!.toLowerCase())?.reason, w.address).toBe(w.reason);
    }
  });

  it('switches the named decoders off', () => {
    const raw = readFileSync(DIR + 'postfix-userunknown.eml');
    expect(parseBounce(raw).format).toBe('postfix');
    expect(parseBounce(raw, undefined, { decoders: 'generic-only' }).format).not.toBe('postfix');
  });
});

describe('a report that names no address of the failed recipient', () => {
  // a list's post comes back: the report names only a local part ("jdoe (user not found)", as
  // GroupWise and old gateways write it), and the returned message is addressed To the list
  function listBounce(extra: string[], to = 'devel-bounces@lists.example.com'): string {
    return mail(
      ['From: Mail Delivery System <postmaster@gw.example.net>', `To: ${to}`, 'Subject: Undeliverable: [Devel] build'],
      [
        // no recipient in the words (a listed local part would be one: fixtures/dsn/groupwise-*)
        'The message that you sent was undeliverable.',
        '',
        '------ Original message ------',
        'From: Alice <alice@lists.example.com>',
        'To: devel@lists.example.com',
        ...extra,
        'Subject: [Devel] build',
        '',
        'hello',
        '',
      ].join('\n'),
    );
  }

  it('is a bounce whose recipient is not known, not the list it was addressed to', () => {
    for (const options of [{}, { decoders: 'generic-only' as const }]) {
      const r = parseBounce(listBounce(['List-Post: <mailto:devel@lists.example.com>', 'X-BeenThere: devel@lists.example.com']), undefined, options);
      expect([r.kind, r.recipients]).toEqual(['bounce', []]);
    }
  });

  it('still takes the To of a returned message that is not a list post', () => {
    const r = parseBounce(listBounce([], 'alice@lists.example.com'));
    expect(r.recipients.map((x) => x.address)).toEqual(['devel@lists.example.com']);
  });

  it('takes a subject that is a failure and one address, never an address inside a returned subject', () => {
    const body = 'Your message could not be delivered because the mailbox is full.\n';
    const named = (subject: string) =>
      parseBounce(mail(['From: Mail Delivery System <postmaster@gw.example.net>', 'To: a@shop.example.com', `Subject: ${subject}`], body)).recipients.map((x) => x.address);
    expect(named('Delivery failure: <kim@example.net>')).toEqual(['kim@example.net']);
    expect(named('Undeliverable: Lunch with kim@example.net')).toEqual([]);
    expect(named('Re: kim@example.net')).toEqual([]);
  });

  it('a notice that says nothing failed stays a not-bounce', () => {
    const r = parseBounce(mail(['From: postmaster@gw.example.net', 'To: a@shop.example.com', 'Subject: Notice'], 'Your mailbox settings were updated.\n'));
    expect(r.kind).toBe('not-bounce');
  });
});

describe('recipients listed under labels', () => {
  it('"Recipient address: a@b" under a heading (Netscape/iPlanet, Domino layouts)', () => {
    const r = parseBounce(
      mail(
        ['From: Mail Delivery Subsystem <MAILER-DAEMON@ms.example.net>', 'To: news@shop.example.com', 'Subject: Delivery Notification: Delivery has failed'],
        [
          'This report relates to a message you sent with the following header fields:',
          '',
          '  From: News <news@shop.example.com>',
          '  To: ben.ross@ms.example.net',
          '',
          'Your message cannot be delivered to the following recipients:',
          '',
          '  Recipient address: ben.ross@ms.example.net',
          '  Reason: Remote SMTP server has rejected address',
          '  Diagnostic code: smtp;550 5.1.1 unknown or illegal alias: ben.ross@ms.example.net',
          '',
        ].join('\n'),
      ),
      undefined,
      { decoders: 'generic-only' },
    );
    expect(r.recipients.map((x) => [x.address, x.status, x.reason])).toEqual([['ben.ross@ms.example.net', '5.1.1', 'userunknown']]);
  });
});

describe('what the last resort reads around the addresses', () => {
  const orig = ['', '--- Below this line is a copy of the message.', '', 'From: Alice <alice@example.com>', 'To: devel@lists.example.com', 'Subject: [Devel] build', '', 'hi'];

  it("the list a report was sent back to (its -bounces address) is never a recipient, even named in the words", () => {
    const r = parseBounce(
      mail(
        ['From: MAILER-DAEMON@mail.example.org', 'To: devel-bounces+member=example.org@lists.example.com', 'Subject: Undeliverable: [Devel] build'],
        ['Your message to devel@lists.example.com was not delivered to member@example.org.', '', 'The mailbox member@example.org is full.', ...orig].join('\n'),
      ),
      undefined,
      { decoders: 'generic-only' },
    );
    expect(r.recipients.map((x) => [x.address, x.reason])).toEqual([['member@example.org', 'mailboxfull']]);
  });

  it('whom the report names as the sender or the one to ask is never a recipient ("on behalf of", "contact", "write to")', () => {
    const r = parseBounce(
      mail(
        ['From: MAILER-DAEMON@mail.example.org', 'To: bounces@shop.example.com', 'Subject: Delivery failure'],
        [
          'Message to ann@example.net failed: 554 5.7.1 rejected by policy.',
          'Sent by bounces@shop.example.com on behalf of carl@shop.example.com.',
          'If this is wrong, contact help@example.org or write to desk@example.org.',
          '',
          'Original Message Details',
          'Sender Address: 0001-abcd@bounces.example.com',
          'Recipient Address:      ann@example.net',
        ].join('\n'),
      ),
      undefined,
      { decoders: 'generic-only' },
    );
    expect(r.recipients.map((x) => x.address)).toEqual(['ann@example.net']);
  });

  it('a recipient listed as "Display Name (address)"', () => {
    const r = parseBounce(
      mail(
        ['From: postmaster@corp.example.com', 'To: devel-bounces@lists.example.com', 'Subject: Undeliverable: [Devel] build'],
        ['Delivery has failed to these recipients or groups:', '', 'Tom Jones (tom.jones@corp.example.com)', "The email address you entered couldn't be found.", ...orig].join('\n'),
      ),
      undefined,
      { decoders: 'generic-only' },
    );
    expect(r.recipients.map((x) => [x.address, x.type])).toEqual([['tom.jones@corp.example.com', 'hard']]);
  });

  it('every "<address>:" entry of a list after a sentence of failure, whatever its own words', () => {
    const r = parseBounce(
      mail(
        ['From: MAILER-DAEMON@mx.example.org', 'To: news@shop.example.com', 'Subject: Delivery failure'],
        [
          'Unable to deliver message to the following address(es).',
          '',
          '<ann@example.org>:',
          "This user doesn't have an example.org account (ann@example.org) [0]",
          '',
          '<bo@example.org>:',
          'This account has been disabled or discontinued [#102].',
          '',
          '<cy@example.org>:',
          "This user doesn't have an example.org account (cy@example.org) [0]",
          ...orig,
        ].join('\n'),
      ),
      undefined,
      { decoders: 'generic-only' },
    );
    expect(r.recipients.map((x) => x.address)).toEqual(['ann@example.org', 'bo@example.org', 'cy@example.org']);
  });

  it('a 4.x.x status in a report that says it gave up is a failure, not a delay', () => {
    const text = (verdict: string) =>
      ["Hi. This is the qmail-send program at mx.example.org.", "I'm afraid I wasn't able to deliver your message to the following addresses.", verdict, '', '<kay@far.example.net>:', "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", ...orig].join('\n');
    const headers = (subject: string) => ['From: MAILER-DAEMON@mx.example.org', 'To: news@shop.example.com', `Subject: ${subject}`];
    const action = (subject: string, verdict: string) => parseBounce(mail(headers(subject), text(verdict)), undefined, { decoders: 'generic-only' }).recipients[0]?.action;
    const given = parseBounce(mail(headers('Delivery report'), text("This is a permanent error; I've given up. Sorry it didn't work out.")), undefined, { decoders: 'generic-only' });
    expect([given.kind, given.recipients[0]?.action]).toEqual(['bounce', 'failed']);
    // words that say it goes on trying decide, whatever the subject
    expect(action('failure notice', 'This is not a permanent error; I will keep trying.')).toBe('delayed');
    // no words either way: a subject that names a final failure decides; a neutral one leaves a delay
    expect(action('failure notice', '')).toBe('failed');
    expect(action('Delivery Status Notification (Failure)', '')).toBe('failed');
    expect(action('Delivery report', '')).toBe('delayed');
    expect(action('Warning: message undeliverable for 4 hours', '')).toBe('delayed');
  });
});

describe('the stage a wrapped line names', () => {
  // a DSN whose status part says only "550 ... User unknown" (5.0.0): the readable part names the
  // stage, with the line wrapped inside the phrase, as Postfix and others wrap at 72 columns
  const report = (stage: string) =>
    dsn('zoe@mail.example.org', {
      status: '5.0.0',
      diagnostic: '550 <zoe@mail.example.org>: User unknown',
      text: `<zoe@mail.example.org>: host mx.example.org[192.0.2.9] said: 550\n    <zoe@mail.example.org>: User unknown (in reply to${stage} command)\n`,
    });

  it.each([
    ['\n    RCPT TO', 'RCPT', 'userunknown', 'hard'],
    ['\n    end of DATA', 'DATA', 'filtered', 'soft'],
  ])('%j', (stage, command, reason, type) => {
    for (const options of [{}, { decoders: 'generic-only' as const }]) {
      const [r] = parseBounce(report(stage), undefined, options).recipients;
      expect([r?.command, r?.reason, r?.type]).toEqual([command, reason, type]);
    }
  });
});

describe('the last-resort vocabulary tried on lower-cased text', () => {
  // vocabulary.ts compiles its large expressions without the `i` flag and lower-cases the text:
  // an upper-case letter in them (outside an escape such as \S) would never match
  it('is written in lower case', async () => {
    const { DELIVERY_FAILED_SOURCE, RECIPIENT_HEADING } = await import('../src/parse/decoders/last-resort/vocabulary.js');
    for (const source of [DELIVERY_FAILED_SOURCE, RECIPIENT_HEADING.source]) {
      const letters = source.replace(/\\./g, '');
      expect(letters, source).toBe(letters.toLowerCase());
    }
  });
});

describe("the server's reply over the reporter's words", () => {
  const relay = (reply: string) =>
    mail(
      ['From: Mail Delivery Subsystem <mailer-daemon@relay.example.net>', 'To: news@shop.example.com', 'Subject: Delivery Status Notification (Failure)'],
      [
        'Delivery to the following recipient failed permanently:',
        '',
        '     ann@far.example.org',
        '',
        'Technical details of permanent failure:',
        `The relay tried to deliver your message, but it was rejected by the recipient domain. The error that the other server returned was: ${reply}`,
      ].join('\n'),
    );

  it.each([
    ['550 5.1.1 user unknown (state 14).', 'userunknown', 'hard'],
    ['552 5.2.2 mailbox full', 'mailboxfull', 'soft'],
    ['554 5.7.1 client host blocked using a list', 'blocked', 'soft'],
  ])('%s', (reply, reason, type) => {
    // "rejected by the recipient domain" is what the relay says of every refusal: the reply decides
    const [r] = parseBounce(relay(reply), undefined, { decoders: 'generic-only' }).recipients;
    expect([r?.address, r?.reason, r?.type]).toEqual(['ann@far.example.org', reason, type]);
  });

  it('reads a reply code given as "ERROR_CODE :421"', () => {
    const text = 'A message that you sent could not be delivered to one or more of its recipients. This is a permanent error.\n\nbo@far.example.org Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.';
    const [r] = parseBounce(mail(['From: mailer-daemon@mx.example.net', 'Subject: Undelivered Mail Returned to Sender'], text), undefined, { decoders: 'generic-only' }).recipients;
    expect([r?.address, r?.smtpCode]).toEqual(['bo@far.example.org', 421]);
  });
});
