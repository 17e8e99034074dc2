// Hostile runs: a message for each place a field or a decoder reads (every status field, the common
// header fields, the prose of the MTAs' reports, the HTML reader, the original's header) with a run
// of one character or short token in it, of any length. An expression that takes each character
// of a run for the start of its last one (`/[>\s.;,]+$/`, `/\(\S+ ML\)/`, `/[ \t]+$/gm`) is
// quadratic in the run: found here systematically, where the fuzzer's random cases rarely meet it.
// Shared by bench/runs.mjs (`npm run fuzz:runs`) and test/runs.test.ts.

/** what a run is made of: each punctuation and space character, and the tokens reports put in runs */
export const FILLERS = [' ', '\t', ' \t', '\n', ' \n', '=', '<', '>', '(', ')', '[', ']', '"', "'", '.', ',', ';', ':', '@', '-', '_',
  '#', '/', '\\', '*', '+', '|', '&', 'a', 'A', '0', '5', 'é', 'a ', 'ab ', ' x', '( ', ' (', '; ', ': ', '<a', 'a@', '@a', '.a', 'a.',
  '5.', '550 ', '550-', 'a@b', '<a@b>', '=?', '?=', '=20', 'rfc822;', ' said:', 'RCPT TO:<', '<p>', '&#', 'http://'];

const H = 'From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\n';
const DSN_FIELDS = ['Final-Recipient', 'Original-Recipient', 'Action', 'Status', 'Reporting-MTA', 'Remote-MTA', 'Diagnostic-Code', 'Last-Attempt-Date', 'X-Postfix-Sender', 'Will-Retry-Until', 'X-Actual-Recipient', 'Received-From-MTA'];
const HEADERS = ['Subject', 'From', 'To', 'Message-ID', 'Date', 'Received', 'Return-Path', 'X-Failed-Recipients', 'References', 'In-Reply-To', 'Auto-Submitted', 'Precedence', 'X-Autoreply', 'Content-Type', 'Content-Disposition', 'Content-Transfer-Encoding', 'Reply-To', 'Sender', 'X-Mailer', 'List-Id', 'Delivered-To', 'X-Original-To', 'X-MLServer'];

const dsn = (field, run) =>
  `${H}Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\nfailed\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\nArrival-Date: Thu, 1 Jan 2026 00:00:00 +0000\n\n` +
  `Final-Recipient: rfc822; gone@example.org\nAction: failed\nStatus: 5.1.1\n${field}: ${run}x\n--b--\n`;

const TEXTS = {
  postfix: (r) => `${H}\nThis is the mail system at host mx.\n\n<gone@example.org>: host mx[192.0.2.1] said: 550 5.1.1 ${r}x (in reply to RCPT TO command)\n`,
  qmail: (r) => `${H}\nHi. This is the qmail-send program at mx.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n<gone@example.org>:\n${r}x\n`,
  sendmail: (r) => `${H}\n----- The following addresses had permanent fatal errors -----\n<gone@example.org>\n    (reason: ${r}x)\n\n----- Transcript of session follows -----\n... while talking to mx.: ${r}\n>>> RCPT To:<gone@example.org>\n<<< 550 ${r}\n`,
  exim: (r) => `${H}\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  gone@example.org\n    host mx [192.0.2.1]\n    SMTP error from remote mail server after RCPT TO:<gone@example.org>:\n    550 ${r}x\n`,
  exchange: (r) => `${H}\nDelivery has failed to these recipients or groups:\n\ngone@example.org (gone@example.org)\n${r}x\n\nDiagnostic information for administrators:\n\nGenerating server: mx\n\ngone@example.org\nRemote Server returned '550 5.1.1 ${r}'\n`,
  gmail: (r) => `${H}\nDelivery to the following recipient failed permanently:\n\n     gone@example.org\n\nTechnical details of permanent failure:\n${r}x\n`,
  prose: (r) => `${H}\nYour message to ${r}x could not be delivered.\n`,
  line: (r) => `${H}\nThis is the mail system.\n\n${r}x\n\n<gone@example.org>: host mx said: 550 unknown\n`,
  quotedPrintable: (r) => `${H}Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nThe following address failed: gone@example.org \n${r}x\n`,
  html: (r) => `${H}Content-Type: text/html\n\n<html><body><p>Delivery has failed to these recipients: gone@example.org ${r}x</p></body></html>\n`,
  arf: (r) => `${H}Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: x\nVersion: 1\nOriginal-Rcpt-To: ${r}x\nSource-IP: ${r}\nReported-Domain: ${r}\n--b--\n`,
  original: (r) => `${H}Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n--b\nContent-Type: text/plain\n\n<gone@example.org>: 550 unknown user\n--b\nContent-Type: message/rfc822\n\nFrom: a@b\nSubject: ${r}x\nMessage-ID: <${r}>\n\nbody\n--b--\n`,
  autoReply: (r) => `From: someone@example.org\nSubject: Out of Office: ${r}x\nAuto-Submitted: auto-replied\n\nI am away ${r}\n`,
};

/** Every place: [name, (run) => the message's text (latin1)]. */
export function places() {
  return [
    ...DSN_FIELDS.map((f) => [`status field ${f}`, (r) => dsn(f, r)]),
    ...HEADERS.map((h) => [`header ${h}`, (r) => `${h === 'From' ? '' : 'From: MAILER-DAEMON@mx.example.net\n'}${h === 'Subject' ? '' : 'Subject: Undelivered Mail\n'}${h}: ${r}x\n\n<gone@example.org>: 550 5.1.1 unknown\n`]),
    ...Object.entries(TEXTS).map(([n, make]) => [`text ${n}`, make]),
  ];
}

/** A run of about `chars` characters of `filler`. */
export const run = (filler, chars) => filler.repeat(Math.max(1, Math.ceil(chars / filler.length)));
