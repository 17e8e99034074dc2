// Deterministic mutation engine for fuzzing the bounce parser. Plain ESM JavaScript so that both
// test/fuzz.test.ts (through vitest) and bench/fuzz.mjs (plain node) use the same code; types are
// in fuzz-engine.d.mts.
//
// A case is a pure function of (run seed, case index, seed messages, options): the same triple
// always gives the same bytes, so any failing case can be replayed from the seed and index alone
// (`npm run fuzz -- --seed S --case I`). Only fixtureSeeds() touches the file system.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// ---------------------------------------------------------------------------------------------
// PRNG

/** 32-bit mix of two integers (murmur3 finaliser style); used to derive per-case seeds. */
export function hash32(a, b = 0) {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul((b >>> 0) + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for fuzzing, fully deterministic. */
export class Rng {
  constructor(seed) {
    this.state = seed >>> 0;
  }
  /** [0, 1) */
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [0, n) */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** integer in [lo, hi] */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[this.int(items.length)];
  }
  /** n random bytes */
  bytes(n) {
    const out = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) out.writeUInt32LE((this.next() * 4294967296) >>> 0, i);
    for (; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Seed messages

const crlf = (s) => s.replace(/\r?\n/g, '\r\n');
const utf8 = (s) => Buffer.from(s, 'utf8');
const latin1 = (s) => Buffer.from(s, 'latin1');
const b64lines = (buf) => buf.toString('base64').replace(/.{76}/g, '$&\n').replace(/\n$/, '');

const RFC3464 = `Return-Path: <>
Received: from mail.example.com (localhost [127.0.0.1]) by mail.example.com (Postfix) id 9F8E7D;
	Mon, 3 Jun 2024 10:00:02 +0000 (UTC)
Date: Mon, 3 Jun 2024 10:00:01 +0000 (UTC)
From: Mail Delivery System <MAILER-DAEMON@mail.example.com>
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Message-ID: <20240603100001.9F8E7D@mail.example.com>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="=_rb_3464_01"

This is a MIME-encapsulated message.

--=_rb_3464_01
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<nobody@example.org>: host mx.example.org[192.0.2.10] said: 550 5.1.1
    <nobody@example.org>: Recipient address rejected: User unknown in local
    recipient table (in reply to RCPT TO command)

<full@example.net>: host mx.example.net[192.0.2.11] said: 552 5.2.2 Mailbox
    full (in reply to RCPT TO command)

--=_rb_3464_01
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.com
X-Postfix-Queue-ID: 1A2B3C
X-Postfix-Sender: rfc822; sender@example.com
Arrival-Date: Mon, 3 Jun 2024 09:59:58 +0000 (UTC)

Final-Recipient: rfc822; nobody@example.org
Original-Recipient: rfc822;nobody@example.org
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address
    rejected: User unknown in local recipient table

Final-Recipient: rfc822; full@example.net
Original-Recipient: rfc822;full@example.net
Action: failed
Status: 5.2.2
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--=_rb_3464_01
Content-Description: Undelivered Message
Content-Type: message/rfc822

Return-Path: <sender@example.com>
Received: by mail.example.com (Postfix, from userid 1000) id 1A2B3C; Mon, 3 Jun 2024 09:59:58 +0000
Date: Mon, 3 Jun 2024 09:59:57 +0000
From: Sender <sender@example.com>
To: nobody@example.org, full@example.net
Subject: Quarterly report
Message-ID: <original-1@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hello, please find the figures below.

--=_rb_3464_01--
`;

const RFC6533 = `Date: Tue, 4 Jun 2024 08:15:00 +0900
From: メール配信システム <mailer-daemon@例え.jp>
To: 送信者@example.jp
Subject: 配信不能のお知らせ (Undeliverable)
Message-ID: <global-dsn-1@例え.jp>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=global-delivery-status;
 boundary="global-6533-boundary"

--global-6533-boundary
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

次の宛先へのメッセージは配信できませんでした:

<用户@例子.广告>: 550 5.1.1 用户不存在 (user unknown)

--global-6533-boundary
Content-Type: message/global-delivery-status

Reporting-MTA: dns; mx.例え.jp
Arrival-Date: Tue, 4 Jun 2024 08:14:58 +0900

Original-Recipient: utf-8;用户@例子.广告
Final-Recipient: utf-8;用户@例子.广告
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.例子.广告
Diagnostic-Code: smtp; 550 5.1.1 用户不存在 (user unknown)

--global-6533-boundary
Content-Type: message/global-headers

From: 送信者 <送信者@example.jp>
To: 用户@例子.广告
Subject: こんにちは
Date: Tue, 4 Jun 2024 08:14:50 +0900
Message-ID: <global-original-1@example.jp>

--global-6533-boundary--
`;

const ARF = `Received: from fbl.example.net by mail.example.com; Wed, 5 Jun 2024 12:00:00 +0000
Date: Wed, 5 Jun 2024 12:00:00 +0000
From: <abuse@fbl.example.net>
To: <fbl@example.com>
Subject: FW: Weekly offers
Message-ID: <arf-1@fbl.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report;
	boundary="part1_13d.2e68ed54_arf"

--part1_13d.2e68ed54_arf
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.1 on Wed, 5 Jun 2024 11:50:00 +0000.
For more information about this format please see
http://www.mipassoc.org/arf/.

--part1_13d.2e68ed54_arf
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <bounces@example.com>
Original-Rcpt-To: <complainer@example.net>
Arrival-Date: Wed, 5 Jun 2024 11:50:00 +0000
Reporting-MTA: dns; fbl.example.net
Source-IP: 192.0.2.1
Authentication-Results: fbl.example.net; spf=pass smtp.mail=bounces@example.com
Reported-Domain: example.com
Removal-Recipient: complainer@example.net

--part1_13d.2e68ed54_arf
Content-Type: message/rfc822
Content-Disposition: inline

From: <news@example.com>
Received: from mailserver.example.com (mailserver.example.com [192.0.2.1])
	by fbl.example.net; Wed, 5 Jun 2024 11:50:00 +0000
To: <complainer@example.net>
Subject: Weekly offers
Date: Wed, 5 Jun 2024 11:49:00 +0000
Message-ID: <offers-42@example.com>

Spam spam spam.

--part1_13d.2e68ed54_arf--
`;

const POSTFIX_TEXT = `Return-Path: <>
Date: Thu, 6 Jun 2024 14:22:10 +0200 (CEST)
From: MAILER-DAEMON@relay.example.de (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: sender@example.com
Message-Id: <20240606122210.5C1B2@relay.example.de>

This is the Postfix program at host relay.example.de.

I'm sorry to have to inform you that the message returned
below could not be delivered to one or more destinations.

For further assistance, please send mail to <postmaster>

If you do so, please include this problem report. You can
delete your own text from the message returned below.

			The Postfix program

<missing@example.de>: host mx.example.de[192.0.2.44] said: 550 5.1.1
    <missing@example.de>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

--- Returned message follows ---
Received: by relay.example.de (Postfix) id 5C1B2; Thu, 6 Jun 2024 14:22:09 +0200 (CEST)
From: sender@example.com
To: missing@example.de
Subject: Invoice
Message-Id: <invoice-7@example.com>

Please pay.
`;

const QMAIL = `Return-Path: <>
Received: (qmail 12345 invoked for bounce); 7 Jun 2024 09:00:00 -0000
Date: 7 Jun 2024 09:00:00 -0000
From: MAILER-DAEMON@mail.example.net
To: sender@example.com
Subject: failure notice

Hi. This is the qmail-send program at mail.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<unknown@example.org>:
192.0.2.5 does not like recipient.
Remote host said: 550 5.1.1 <unknown@example.org>... User unknown
Giving up on 192.0.2.5.

--- Below this line is a copy of the message.

Return-Path: <sender@example.com>
Received: (qmail 12340 invoked by uid 1000); 7 Jun 2024 08:59:59 -0000
Date: 7 Jun 2024 08:59:59 -0000
From: sender@example.com
To: unknown@example.org
Subject: Hello
Message-ID: <hello-1@example.com>

Hi there.
`;

const AUTO_REPLY = `Date: Fri, 7 Jun 2024 10:00:00 +0000
From: Alice Example <alice@example.org>
To: sender@example.com
Subject: Automatic reply: Quarterly report
Message-ID: <auto-1@example.org>
In-Reply-To: <original-1@example.com>
Auto-Submitted: auto-replied
X-Auto-Response-Suppress: All
Precedence: auto_reply
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

I am out of the office until 17 June with limited access to email.
For urgent matters please contact bob@example.org.

Je suis absente jusqu'au 17 juin.
`;

const EXIM_TEXT = `This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  gone@example.org
    host mx.example.org [192.0.2.7]
    SMTP error from remote mail server after RCPT TO:<gone@example.org>:
    550 5.1.1 <gone@example.org>: No such user here – ünïcödé
`;

const ORIGINAL_FOR_B64 = `From: sender@example.com
To: gone@example.org
Subject: Attachment test
Message-ID: <b64-original@example.com>

Body of the original.
`;

const BASE64 = `Return-Path: <>
Date: Sat, 8 Jun 2024 07:00:00 +0000
From: Mail Delivery System <Mailer-Daemon@mx.example.com>
To: sender@example.com
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1b64-0001@mx.example.com>
X-Failed-Recipients: gone@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b64-boundary-0001"

--b64-boundary-0001
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

${b64lines(utf8(EXIM_TEXT))}

--b64-boundary-0001
Content-Type: message/rfc822
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="original.eml"

${b64lines(utf8(ORIGINAL_FOR_B64))}

--b64-boundary-0001--
`;

// latin1 bytes, quoted-printable with soft line breaks
const QP = `Date: Sun, 9 Jun 2024 16:00:00 +0200
From: "Syst=?iso-8859-1?Q?=E8me?= de messagerie" <postmaster@example.fr>
To: sender@example.com
Subject: =?iso-8859-1?Q?Non_remis_:_message_non_d=E9livr=E9?=
Message-ID: <qp-1@example.fr>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="QP_b"

--QP_b
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Votre message n'a pas pu =EAtre remis =E0 <absent@example.fr> car l'adresse=
 est inconnue du serveur de destination. R=E9ponse du serveur distant :=20
550 5.1.1 <absent@example.fr>: adresse inconnue / utilisateur inexistant=
 (R=E9f=E9rence 12=3D34)

--QP_b
Content-Type: message/delivery-status

Reporting-MTA: dns; smtp.example.fr

Final-Recipient: rfc822; absent@example.fr
Action: failed
Status: 5.1.1

--QP_b--
`;

const JIS_HEADLINE = '\x1b$B<!$N08@h$X$N%a%C%;!<%8$OG[?.$G$-$^$;$s$G$7$?\x1b(B:';
const JIS_NO_USER = '\x1b$B%f!<%6$,B8:_$7$^$;$s\x1b(B';

const ISO2022JP = `Date: Mon, 10 Jun 2024 09:00:00 +0900
From: =?ISO-2022-JP?B?GyRCJWEhPCVrR1s/LiUoJWkhPBsoQg==?= <postmaster@example.jp>
To: sender@example.com
Subject: =?ISO-2022-JP?B?GyRCR1s/LiRHJC0kXiQ7JHMkRyQ3JD8hIxsoQg==?=
Message-ID: <jis-1@example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

${JIS_HEADLINE}

<taro@example.jp>
${JIS_NO_USER} (550 5.1.1 User unknown)

----- Original message -----
From: sender@example.com
To: taro@example.jp
Subject: test
`;

let builtinCache = null;

/** The built-in seed messages, as bytes (fresh copies: callers may mutate them). Pure. */
export function builtinSeeds() {
  builtinCache ??= [
    { name: 'rfc3464-two-recipients', bytes: utf8(crlf(RFC3464)) },
    { name: 'rfc6533-global', bytes: utf8(crlf(RFC6533)) },
    { name: 'arf-complaint', bytes: utf8(crlf(ARF)) },
    { name: 'postfix-text', bytes: utf8(POSTFIX_TEXT) },
    { name: 'qmail', bytes: utf8(QMAIL) },
    { name: 'auto-reply', bytes: utf8(crlf(AUTO_REPLY)) },
    { name: 'base64-parts', bytes: utf8(crlf(BASE64)) },
    { name: 'quoted-printable', bytes: latin1(crlf(QP)) },
    { name: 'iso-2022-jp', bytes: latin1(crlf(ISO2022JP)) },
  ];
  return builtinCache.map(({ name, bytes }) => ({ name, bytes: Buffer.from(bytes) }));
}

/** Every .eml file in `dir` (sorted by name so the case set is stable), or none. */
export function fixtureSeeds(dir) {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.eml'))
    .sort()
    .map((f) => ({ name: `fixture:${f}`, bytes: readFileSync(join(dir, f)) }));
}

/** Built-in seeds followed by the fixtures of `fixturesDir`, if any. */
export function loadSeeds(fixturesDir) {
  return [...builtinSeeds(), ...fixtureSeeds(fixturesDir)];
}

// ---------------------------------------------------------------------------------------------
// Helpers (strings are one char per byte: latin1)

const MB = 1024 * 1024;
const toS = (buf) => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
const toB = (s) => Buffer.from(s, 'latin1');
const eolOf = (s) => (s.includes('\r\n') ? '\r\n' : '\n');

/** index of the blank line ending the top header block, and the length of that separator */
function headEnd(s) {
  const a = s.indexOf('\r\n\r\n');
  const b = s.indexOf('\n\n');
  if (a >= 0 && (b < 0 || a < b)) return { at: a, sep: 4 };
  if (b >= 0) return { at: b, sep: 2 };
  return { at: s.length, sep: 0 };
}

/** insert `lines` (each without line end) after the first header line */
function addHeaders(s, lines, eol = eolOf(s)) {
  const first = s.indexOf('\n');
  const at = first < 0 ? s.length : first + 1;
  const block = lines.join(eol) + eol;
  return first < 0 ? s + eol + block : s.slice(0, at) + block + s.slice(at);
}

/** a random printable ASCII string (no spaces when `word`) */
function printable(rng, n, word = false) {
  const out = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) out[i] = word ? 33 + rng.int(94) : 32 + rng.int(95);
  return out.toString('latin1');
}

/** a chunk repeated up to n bytes */
function repeatTo(chunk, n) {
  const c = Buffer.isBuffer(chunk) ? chunk : toB(chunk);
  return Buffer.allocUnsafe(n).fill(c);
}

function boundaryOf(s) {
  const m = /boundary\s*=\s*"?([^";\r\n]+)"?/i.exec(s);
  return m ? m[1] : null;
}

function seedByName(name) {
  return builtinSeeds().find((x) => x.name === name).bytes;
}

/** apply `fn` to `count` random positions, from the end so earlier offsets stay valid */
function atPositions(rng, s, count, fn) {
  const pos = [];
  for (let i = 0; i < count; i++) pos.push(rng.int(s.length + 1));
  pos.sort((a, b) => b - a);
  let out = s;
  for (const p of pos) out = fn(out, p);
  return out;
}

const BOGUS_CHARSETS = [
  'bogus', 'x-unknown', 'utf-7', 'unicode-1-1-utf-7', 'utf-16', 'utf-16le', 'UTF-16BE', 'utf-32', 'ucs-2',
  'iso-2022-jp', 'ISO-2022-JP-2', 'shift_jis', 'euc-jp', 'euc-kr', 'gb18030', 'gb2312', 'big5', 'koi8-r',
  'iso-8859-99', 'windows-9999', 'cp1252', 'latin1', 'ascii', 'us-ascii', 'utf8', 'UTF_8', 'x-mac-roman',
  '', '"', '"utf-8', "utf-8'", '""', "'iso-8859-1'", 'utf-8; charset=latin1', 'iso-8859-1*', 'charset',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '../../etc/passwd', '\u00ff\u00fe',
  'x'.repeat(1000), 'utf-8'.repeat(100), '\ttab', 'base64',
];

const BOGUS_CTES = [
  'base64', 'BASE64 ', ' Quoted-Printable', 'quoted-printable', 'x-uuencode', 'uuencode', 'binary', '8bit',
  '7bit', 'base-64', 'b64', 'gzip', 'x-gzip64', '', 'quoted-printable; charset=utf-8', '"base64"',
  'base64 base64', '__proto__', 'x'.repeat(500), '\u00e9\u00e8',
];

// ---------------------------------------------------------------------------------------------
// Mutations. Each takes (rng, source as a latin1 string, ctx) and returns a string (latin1, used
// as bytes), a Buffer, or { string } for input passed to parseBounce as a JS string.

const M = [];
const def = (name, weight, apply, heavy = false) => M.push({ name, weight, heavy, apply });

def('truncate', 4, (rng, s) => {
  const how = rng.int(4);
  if (how === 0) return s.slice(0, rng.int(s.length + 1));
  if (how === 1) return s.slice(0, rng.int(Math.max(1, headEnd(s).at)));
  if (how === 2) {
    // a few bytes either side of a boundary line
    const b = boundaryOf(s);
    const at = b ? s.indexOf('--' + b, rng.int(s.length)) : -1;
    return s.slice(0, Math.max(0, (at < 0 ? rng.int(s.length) : at) + rng.range(-3, 3 + (b?.length ?? 0))));
  }
  return s.slice(rng.int(s.length + 1)); // lose the start
});

def('byte-flip', 4, (rng, s) => {
  const buf = toB(s);
  if (buf.length === 0) return buf;
  const n = rng.chance(0.3) ? Math.max(1, Math.floor(buf.length / 100)) : rng.range(1, 64);
  for (let i = 0; i < n; i++) {
    const at = rng.int(buf.length);
    buf[at] = rng.chance(0.5) ? buf[at] ^ (1 << rng.int(8)) : rng.int(256);
  }
  return buf;
});

def('byte-insert', 3, (rng, s) =>
  atPositions(rng, s, rng.range(1, 64), (out, p) => {
    const ins = rng.chance(0.5) ? toS(rng.bytes(rng.range(1, 16))) : rng.pick([':', '\n', '\r', '\r\n', '--', '=', ';', '"', '<', '>', '@', '\t', ' ', '\n\n', '=?', '?=']);
    return out.slice(0, p) + ins + out.slice(p);
  }),
);

def('byte-delete', 3, (rng, s) =>
  atPositions(rng, s, rng.range(1, 32), (out, p) => out.slice(0, p) + out.slice(p + rng.range(1, rng.chance(0.2) ? 200 : 8))),
);

def('boundary-broken', 4, (rng, s) => {
  const b = boundaryOf(s);
  if (!b) {
    // make a multipart header over a body with no delimiters at all
    return addHeaders(s, ['Content-Type: multipart/mixed; boundary="' + printable(rng, rng.range(1, 70), true).replace(/"/g, '') + '"']);
  }
  const esc = b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delim = new RegExp('^--' + esc + '(--)?[ \\t]*$', 'gm');
  switch (rng.int(9)) {
    case 0: // declared boundary differs from the delimiters
      return s.replace(/boundary\s*=\s*"?[^";\r\n]+"?/i, `boundary="${b}X"`);
    case 1: // close delimiter lost
      return s.replace(new RegExp('^--' + esc + '--', 'm'), '');
    case 2: // every delimiter line lost
      return s.replace(delim, '');
    case 3: // empty / unbalanced / odd boundary parameter
      return s.replace(/boundary\s*=\s*"?[^";\r\n]+"?/i, rng.pick(['boundary=""', `boundary="${b}`, 'boundary=', 'boundary=;', 'boundary="-"', 'boundary=" "', `boundary*0="${b.slice(0, 2)}"; boundary*1="${b.slice(2)}"`, `boundary="${'b'.repeat(300)}"`]));
    case 4: // trailing garbage on delimiter lines
      return s.replace(delim, (m) => m + rng.pick([' x', 'garbage', '\t\t', '--', '-']));
    case 5: // a prefix of the boundary used as the delimiter
      return s.replace(delim, (m) => '--' + b.slice(0, Math.max(1, rng.int(b.length))) + (m.endsWith('--') ? '--' : ''));
    case 6: // delimiters indented
      return s.replace(delim, (m) => rng.pick([' ', '\t', '>']) + m);
    case 7: // nested part reuses the parent's boundary
      return s.replace(new RegExp('^(--' + esc + ')\\r?$', 'm'), (m) => `${m}\nContent-Type: multipart/mixed; boundary="${b}"\n\n${m}`);
    default: // delimiters duplicated
      return s.replace(delim, (m) => m + '\n' + m);
  }
});

def('boundary-missing', 2, (rng, s) => {
  if (rng.chance(0.5)) return s.replace(/;?\s*boundary\s*=\s*("[^"]*"|[^;\r\n]+)/gi, '');
  // a multipart type with no boundary parameter and no delimiters
  return s.replace(/content-type:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/gi, 'Content-Type: multipart/' + rng.pick(['mixed', 'report', 'alternative', 'digest', 'related']));
});

def('charset-bogus', 3, (rng, s) => {
  let out = s.replace(/charset\s*=\s*("[^"\r\n]*"?|[^;\s]+)/gi, () => 'charset=' + (rng.chance(0.5) ? '"' : '') + rng.pick(BOGUS_CHARSETS));
  if (rng.chance(0.4)) out = out.replace(/(content-type:\s*(?:text|message)\/[\w.+-]+)/gi, (m) => `${m}; charset=${rng.pick(BOGUS_CHARSETS)}`);
  if (rng.chance(0.3)) out = out.replace(/=\?([^?\r\n]+)\?([bq])\?/gi, (_m, _c, enc) => `=?${rng.pick(BOGUS_CHARSETS)}?${enc}?`);
  return out;
});

def('cte-bogus', 3, (rng, s) => {
  let out = s.replace(/^content-transfer-encoding:[^\r\n]*/gim, () => 'Content-Transfer-Encoding: ' + rng.pick(BOGUS_CTES));
  out = out.replace(/^(content-type:[^\r\n]*)/gim, (m) => (rng.chance(0.5) ? `${m}\nContent-Transfer-Encoding: ${rng.pick(BOGUS_CTES)}` : m));
  if (rng.chance(0.2)) out = addHeaders(out, ['Content-Transfer-Encoding: base64', 'Content-Transfer-Encoding: quoted-printable']);
  return out;
});

def('base64-invalid', 3, (rng, s, ctx) => {
  let src = s;
  if (!/content-transfer-encoding:\s*base64/i.test(src)) {
    src = toS(seedByName('base64-parts'));
    ctx.detail = 'on base64-parts';
  }
  const lines = src.split('\n');
  const isB64 = (l) => /^[A-Za-z0-9+/=]{8,}\r?$/.test(l);
  const hits = lines.map((l, i) => (isB64(l) ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return src;
  for (let k = rng.range(1, 6); k > 0; k--) {
    const i = rng.pick(hits);
    const l = lines[i];
    const p = rng.int(l.length);
    switch (rng.int(7)) {
      case 0: lines[i] = l.slice(0, p) + rng.pick(['!', '*', '%', '\u00ff', '.', '~']) + l.slice(p); break;
      case 1: lines[i] = l.slice(0, p) + '=' + l.slice(p); break; // padding mid-stream
      case 2: lines[i] = l.slice(0, p); break; // not a multiple of 4
      case 3: lines[i] = l.replace(/\+/g, '-').replace(/\//g, '_'); break; // url-safe alphabet
      case 4: lines[i] = '====' + l + '====='; break;
      case 5: lines[i] = l.split('').join(' '); break;
      default: lines[i] = toS(rng.bytes(l.length)); break;
    }
  }
  return lines.join('\n');
});

def('qp-invalid', 3, (rng, s, ctx) => {
  let src = s;
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(src)) {
    src = toS(seedByName('quoted-printable'));
    ctx.detail = 'on quoted-printable';
  }
  const start = headEnd(src).at;
  return atPositions(rng, src, rng.range(1, 20), (out, p0) => {
    const p = start + Math.floor((p0 / (out.length + 1)) * (out.length - start));
    const ins = rng.pick(['=ZZ', '=', '=\n', '=\r', '=0', '==41', '= \n', '=e9', '=\u00e9', '=\r\n=\r\n', '=3', '=' + 'A'.repeat(10000), '=00', '=1B$B']);
    return out.slice(0, p) + ins + out.slice(p);
  }) + (rng.chance(0.3) ? '=' : '');
});

def('giant-header-line', 2, (rng, s) => {
  const size = MB + rng.int(1024);
  const eol = eolOf(s);
  switch (rng.int(6)) {
    case 0: return addHeaders(s, ['Subject: ' + 'A'.repeat(size)]);
    case 1: return addHeaders(s, ['X-Junk: ' + printable(rng, size, true)]);
    case 2: { // folded over many continuation lines
      const line = 'X-Folded: start';
      const cont = ('\t' + 'word '.repeat(15)).padEnd(78, 'x');
      return addHeaders(s, [line + (eol + cont).repeat(Math.ceil(size / 80))], eol);
    }
    case 3: // a huge Content-Type with thousands of parameters
      return s.replace(/^content-type:([^\r\n]*)/im, (m) => m + '; a=b'.repeat(size / 5));
    case 4: { // a huge Diagnostic-Code in the status part, or a huge To: of many addresses
      if (/^diagnostic-code:/im.test(s)) return s.replace(/^diagnostic-code:([^\r\n]*)/im, (m) => m + ' 550 5.1.1 ' + 'x'.repeat(size));
      return addHeaders(s, ['To: ' + Array.from({ length: size / 24 }, (_, i) => `u${i}@example.com`).join(', ')]);
    }
    default: // an unterminated encoded word
      return addHeaders(s, ['Subject: =?utf-8?B?' + 'QUJD'.repeat(size / 4)]);
  }
}, true);

def('many-headers', 2, (rng, s) => {
  const n = rng.range(2000, 20000);
  const names = ['Received', 'X-Header', 'Final-Recipient', 'Content-Type', 'To', 'Subject', 'Status'];
  const lines = [];
  const same = rng.chance(0.5);
  const name = rng.pick(names);
  for (let i = 0; i < n; i++) lines.push(same ? `${name}: value ${i}` : `X-H-${i}: ${i}`);
  if (rng.chance(0.7)) return addHeaders(s, lines);
  // inside a part (the status part when there is one)
  const at = s.search(/^(reporting-mta|content-type):/im);
  const eol = eolOf(s);
  return at < 0 ? addHeaders(s, lines) : s.slice(0, at) + lines.join(eol) + eol + s.slice(at);
}, true);

def('deep-nesting', 2, (rng, s) => {
  const levels = 1000;
  const eol = eolOf(s);
  const { at, sep } = headEnd(s);
  const head = s.slice(0, at).replace(/^content-type:[^\r\n]*(\r?\n[ \t][^\r\n]*)*(\r?\n)?/gim, '');
  const inner = s.slice(at + sep);
  const same = rng.chance(0.3);
  const closed = rng.chance(0.6);
  const rfc822 = rng.chance(0.2);
  const open = [];
  const close = [];
  for (let i = 0; i < levels; i++) {
    if (rfc822) {
      open.push(`Content-Type: message/rfc822${eol}${eol}Subject: level ${i}${eol}`);
      continue;
    }
    const b = same ? 'same-boundary' : `nest-${i}`;
    open.push(`Content-Type: multipart/${i % 2 ? 'mixed' : 'report'}; boundary="${b}"${eol}${eol}--${b}${eol}`);
    if (closed) close.push(`${eol}--${b}--${eol}`);
  }
  return head.replace(/\s*$/, eol) + open.join('') + 'Content-Type: text/plain' + eol + eol + inner + close.reverse().join('');
}, true);

def('huge-body-text', 2, (rng, s, ctx) => {
  const size = ctx.hugeBytes;
  const chunk = rng.pick([
    'The quick brown fox jumps over the lazy dog. 0123456789\r\n',
    '550 5.1.1 <user@example.com>: Recipient address rejected: User unknown\n',
    'Final-Recipient: rfc822; a@b.c\nAction: failed\nStatus: 5.1.1\n\n',
    '<user@example.org>: host mx[192.0.2.1] said: 452 4.2.2 Mailbox full (in reply to RCPT TO command)\r\n',
    '\u00e9\u00e8\u00ff\u00fe\u00c3\u00a9 latin1 and broken utf-8 \u00c3\n',
  ]);
  const body = repeatTo(chunk, size);
  const how = rng.int(3);
  if (how === 0) { // the whole body of a plain message
    const { at } = headEnd(s);
    return Buffer.concat([toB(s.slice(0, at) + '\n\n'), body]);
  }
  if (how === 1) { // appended inside the last part (before the close delimiter, if any)
    const b = boundaryOf(s);
    const close = b ? s.lastIndexOf('--' + b + '--') : -1;
    const at = close < 0 ? s.length : close;
    return Buffer.concat([toB(s.slice(0, at)), body, toB('\n' + s.slice(at))]);
  }
  // as a returned message in a report
  const b = 'huge-text-b';
  return Buffer.concat([
    toB(`From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\nContent-Type: multipart/report; report-type=delivery-status; boundary="${b}"\n\n--${b}\nContent-Type: text/plain\n\n${toS(seedByName('postfix-text')).split('--- Returned')[0]}\n--${b}\nContent-Type: message/rfc822\n\nSubject: big\n\n`),
    body,
    toB(`\n--${b}--\n`),
  ]);
}, true);

def('huge-body-base64', 2, (rng, s, ctx) => {
  const size = ctx.hugeBytes;
  // 57 raw bytes -> one 76-char line; a random block repeated keeps generation fast
  const raw = rng.chance(0.5) ? rng.bytes(57 * 64) : repeatTo('Delivery to the following recipient failed permanently: user@example.com\n', 57 * 64);
  const block = toB(raw.toString('base64').replace(/.{76}/g, '$&\r\n'));
  const body = repeatTo(block, size);
  const b = boundaryOf(s) ?? 'huge-b64-b';
  const type = rng.pick(['text/plain; charset=utf-8', 'application/octet-stream', 'message/rfc822', 'message/delivery-status', 'text/html']);
  const partHead = `--${b}\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
  if (rng.chance(0.7) && boundaryOf(s)) {
    const close = s.lastIndexOf('--' + b + '--');
    const at = close < 0 ? s.length : close;
    return Buffer.concat([toB(s.slice(0, at)), toB(partHead), body, toB('\r\n' + s.slice(at))]);
  }
  return Buffer.concat([
    toB(`From: MAILER-DAEMON@example.com\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n`),
    toB(partHead),
    body,
    toB(`\r\n--${b}--\r\n`),
  ]);
}, true);

def('nul-bytes', 2, (rng, s) => {
  const how = rng.int(3);
  if (how === 0) return atPositions(rng, s, rng.range(1, 200), (out, p) => out.slice(0, p) + '\0'.repeat(rng.range(1, 4)) + out.slice(p));
  if (how === 1) return s.replace(/[\s\S]/g, (c) => c + '\0'); // looks like UTF-16LE
  const buf = toB(s);
  for (let i = 0; i < buf.length; i++) if (rng.chance(0.05)) buf[i] = 0;
  return buf;
});

def('cr-only', 2, (_rng, s) => s.replace(/\r?\n/g, '\r'));

def('mixed-eol', 2, (rng, s) => s.replace(/\r?\n/g, () => rng.pick(['\n', '\r\n', '\r', '\n\r', '\r\r\n', '\r\n\r'])));

def('header-8bit', 3, (rng, s) => {
  const { at } = headEnd(s);
  let head = s.slice(0, at);
  const bad = [
    '\u00e9t\u00e9', '\u00c3\u0028', '\u00ff\u00fe', '\u00c0\u00af', '\u0080\u0081', '\u00e3\u0081', // latin1, invalid utf-8
    '\u0082\u00a0\u0082\u00a2', // Shift_JIS
    '\u00ed\u00a0\u0080', // utf-8 encoded surrogate
    '\u00f4\u0090\u0080\u0080', // beyond U+10FFFF
    '=?utf-8?B?' + Buffer.from([0xff, 0xc3, 0x28, 0x80]).toString('base64') + '?=',
    '=?bogus?Q?=FF=FE?=', '=?utf-8?Q?=E9=?=', '=?iso-2022-jp?B?GyRC?=', '=?utf-8?B?***?=', '=?=?=?',
  ];
  head = head.replace(/^([\w-]+:)([^\r\n]*)/gm, (m, name, value) => (rng.chance(0.4) ? name + value.slice(0, rng.int(value.length + 1)) + rng.pick(bad) + value.slice(rng.int(value.length + 1)) : m));
  if (rng.chance(0.3)) head = head.replace(/^([\w-]+)(:)/m, (_m, n, c) => n + '\u00e9\u00ff' + c); // 8-bit header name
  return head + s.slice(at);
});

def('repeated-final-recipient', 2, (rng, s, ctx) => {
  const own = /^final-recipient:/im.test(s);
  const src = own ? s : toS(seedByName('rfc3464-two-recipients'));
  if (!own) ctx.detail = 'on rfc3464-two-recipients';
  const eol = eolOf(src);
  const n = 10000;
  const blocks = [];
  const mode = rng.int(3);
  for (let i = 0; i < n; i++) {
    if (mode === 0) blocks.push(`Final-Recipient: rfc822; user${i}@example.org`); // one block, 10,000 fields
    else if (mode === 1) blocks.push(`Final-Recipient: rfc822; user${i}@example.org${eol}Action: failed${eol}Status: 5.1.1${eol}`); // 10,000 recipients
    else blocks.push('Final-Recipient: rfc822; same@example.org'); // same address 10,000 times
  }
  const at = src.search(/^final-recipient:/im);
  return src.slice(0, at) + blocks.join(eol) + eol + src.slice(at);
}, true);

def('long-line-no-newline', 2, (rng, s) => {
  const size = 5 * MB;
  const fill = rng.pick(['x', '-', '=', 'A', ' ', '<', '@', 'a@b.c ', '550 5.1.1 ', '=?utf-8?B?', '--b']);
  const line = repeatTo(fill, size);
  switch (rng.int(4)) {
    case 0: return line; // the whole input
    case 1: return Buffer.concat([toB(s.slice(0, headEnd(s).at) + eolOf(s) + 'X-Long: '), line]); // a header with no end
    case 2: return Buffer.concat([toB(s.replace(/\s+$/, '') + eolOf(s)), line]); // last body line
    default: return Buffer.concat([toB('Subject: '), line]);
  }
}, true);

// an HTML-only report of markup that never closes: many opening tags of a block (script, pre),
// lone "<", entities, comments; the reader must lay it out in one pass, not search from every tag
def('html-unclosed', 2, (rng) => {
  const fill = rng.pick(['<pre>', '<script>', '<style x="', '<', '<b>', '<td>', '&amp', '<!--', '<p ', '<a@b.c']);
  return Buffer.concat([toB('From: MAILER-DAEMON@example.com\nSubject: Undeliverable\nContent-Type: text/html\n\n'), repeatTo(fill, MB)]);
});

// a long run of blank lines (or of lines of white space only) at a line start of the body, before
// whatever follows there (often a marker: "original message follows", a part's headers): an
// expression that looks for a marker at a line start (`^\s*marker` under m) must not take the rest
// of the run again from each of its lines
def('blank-run', 2, (rng, s) => {
  const eol = eolOf(s);
  const run = (rng.pick(['', ' ', '\t', ' \t ', '\u00a0']) + eol).repeat(rng.range(10_000, 40_000));
  const { at, sep } = headEnd(s);
  const p = at + sep + rng.int(Math.max(1, s.length - at - sep));
  const next = s.indexOf(eol, p);
  const q = next < 0 ? s.length : next + eol.length;
  return s.slice(0, q) + run + s.slice(q);
});

def('long-token', 1, (rng, s, ctx) => {
  // a long run of non-space characters in the report text (base64 without line breaks, a URL, a
  // rule of '=' or '-'): log-uniform from 1 KB (or less when the limit is less) to opts.longTokenBytes
  const max = Math.max(1, ctx.longTokenBytes);
  const lo = Math.min(1024, max);
  const n = Math.round(lo * Math.pow(max / lo, rng.next()));
  const fill = rng.pick(['A', 'x.', '=', '-', 'Ab0+/', 'a.b-c_d', '.@', 'http://example.com/', 'user.name']);
  const token = toS(repeatTo(fill, n));
  const { at, sep } = headEnd(s);
  const p = at + sep + rng.int(Math.max(1, s.length - at - sep));
  const eol = eolOf(s);
  return s.slice(0, p) + eol + token + eol + s.slice(p);
}, true);

def('empty', 1, (rng) => rng.pick([Buffer.alloc(0), { string: '' }, '\n', '\r\n\r\n', '\0', ' ', '\n\n\n', 'From: \n\n', ':', '--']));

def('binary-garbage', 2, (rng, s) => {
  const n = rng.chance(0.1) ? rng.range(MB, 5 * MB) : rng.range(1, 64 * 1024);
  const junk = rng.bytes(n);
  if (rng.chance(0.3)) return Buffer.concat([toB(s.slice(0, headEnd(s).at) + '\n\n'), junk]); // valid headers, garbage body
  if (rng.chance(0.2)) for (let i = 0; i < junk.length; i++) junk[i] = 32 + (junk[i] % 95); // printable noise
  return junk;
});

def('string-input', 1, (rng, s) => {
  // parseBounce also takes a JS string: lone surrogates, astral characters, U+FFFD
  const str = Buffer.from(s, 'latin1').toString(rng.chance(0.5) ? 'utf8' : 'latin1');
  return { string: atPositions(rng, str, rng.range(1, 30), (out, p) => out.slice(0, p) + rng.pick(['\ud800', '\udfff', '\u{1f4e7}', '\ufffd', '\ufeff', '\u2028', '\0']) + out.slice(p)) };
});

def('splice', 2, (rng, s, ctx) => {
  const other = toS(rng.pick(ctx.seeds).bytes);
  return s.slice(0, rng.int(s.length + 1)) + other.slice(rng.int(other.length + 1));
});

const LIGHT = M.filter((m) => !m.heavy && !['empty', 'string-input', 'binary-garbage'].includes(m.name));

def('stacked', 3, (rng, s, ctx) => {
  let out = s;
  const names = [];
  for (let k = rng.range(2, 4); k > 0; k--) {
    const m = rng.pick(LIGHT);
    ctx.detail = '';
    const r = m.apply(rng, out, ctx);
    names.push(ctx.detail ? `${m.name}(${ctx.detail})` : m.name);
    out = typeof r === 'string' ? r : toS(r);
  }
  ctx.detail = names.join('+');
  return out;
});

/** Every mutation, in a fixed order. */
export const MUTATIONS = M.map(({ name, weight, heavy }) => ({ name, weight, heavy }));

const TOTAL_WEIGHT = M.reduce((a, m) => a + m.weight, 0);

function chooseMutation(rng, index) {
  // the first MUTATIONS.length cases of every run cover each mutation once, in order
  if (index < M.length) return M[index];
  let w = rng.next() * TOTAL_WEIGHT;
  for (const m of M) if ((w -= m.weight) < 0) return m;
  return M[M.length - 1];
}

/**
 * Case `index` of the run seeded with `seed`: pure and deterministic.
 * opts.hugeBytes: size of the "20 MB body" mutations (default 20 MiB).
 * opts.longTokenBytes: largest run of non-space characters of the long-token mutation (default 256 KiB).
 */
export function makeCase(seed, index, seeds, opts = {}) {
  if (!seeds || seeds.length === 0) throw new Error('makeCase: no seed messages');
  const caseSeed = hash32(seed, index);
  const rng = new Rng(caseSeed);
  const mutation = chooseMutation(rng, index);
  const source = seeds[rng.int(seeds.length)];
  const ctx = { seeds, hugeBytes: opts.hugeBytes ?? 20 * MB, longTokenBytes: opts.longTokenBytes ?? 256 * 1024, detail: '' };
  const out = mutation.apply(rng, toS(source.bytes), ctx);
  let input;
  if (typeof out === 'string') input = toB(out);
  else if (Buffer.isBuffer(out) || out instanceof Uint8Array) input = out;
  else input = out.string;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  return { seed, index, caseSeed, mutation: mutation.name, detail: ctx.detail, source: source.name, input, size };
}

/** The kinds a report may have (mirrors ReportKind in src/parse/types.ts). */
export const REPORT_KINDS = ['bounce', 'delay', 'delivery-report', 'complaint', 'auto-reply', 'not-bounce'];
