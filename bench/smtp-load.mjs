// Load for bench/smtp.mjs: SMTP clients on raw sockets that pipeline MAIL/RCPT/DATA as MTAs do and
// time each message from the end of DATA (the final dot written) to the 250.
import { connect } from 'node:net';

/** A DSN of realistic size (about 3 KB), different for every (client, n). */
export function dsn(client, n) {
  const rcpt = `user${client}-${n}@dest.example`;
  const id = `${client}.${n}.${process.hrtime.bigint()}`;
  const pad = 'X-Original-Header: ' + 'lorem ipsum dolor sit amet '.repeat(2) + '\r\n';
  return [
    'From: MAILER-DAEMON@mx.dest.example (Mail Delivery System)',
    'To: bounces@bounce.test',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${id}@mx.dest.example>`,
    'Date: Mon, 06 May 2024 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'This is the mail system at host mx.dest.example.',
    "I'm sorry to have to inform you that your message could not be delivered.",
    `<${rcpt}>: host mx.dest.example said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`,
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.dest.example',
    '',
    `Final-Recipient: rfc822; ${rcpt}`,
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; mx.dest.example',
    `Diagnostic-Code: smtp; 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`,
    '',
    '--B',
    'Content-Type: text/rfc822-headers',
    '',
    'From: news@sender.example',
    `To: ${rcpt}`,
    'Subject: Our news',
    `Message-ID: <orig-${id}@sender.example>`,
    pad.repeat(30).trimEnd(),
    '',
    '--B--',
    '',
  ].join('\r\n');
}

class Conn {
  constructor(port) {
    this.buf = '';
    this.waiting = [];
    this.replies = [];
    this.socket = connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d) => this.onData(d));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }
  onData(d) {
    this.buf += d;
    let nl;
    while ((nl = this.buf.indexOf('\r\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 2);
      if (line[3] === '-') continue;
      const w = this.waiting.shift();
      if (w) w.resolve(line);
      else this.replies.push(line);
    }
  }
  fail(err) {
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
  reply() {
    if (this.replies.length) return Promise.resolve(this.replies.shift());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
  async expect(code) {
    const line = await this.reply();
    if (!line.startsWith(String(code))) throw new Error(`expected ${code}, got: ${line}`);
    return line;
  }
  static async open(port) {
    const c = new Conn(port);
    await c.expect(220);
    c.socket.write('EHLO load.test\r\n');
    await c.expect(250);
    return c;
  }
  /** one message, pipelined envelope; returns ms from the final dot to the 250 */
  async send(rcpt, body) {
    this.socket.write(`MAIL FROM:<>\r\nRCPT TO:<${rcpt}>\r\nDATA\r\n`);
    await this.expect(250);
    await this.expect(250);
    await this.expect(354);
    this.socket.write(body);
    const t0 = process.hrtime.bigint();
    this.socket.write('\r\n.\r\n');
    await this.expect(250);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  }
  async quit() {
    this.socket.write('QUIT\r\n');
    await this.expect(221).catch(() => {});
    this.socket.destroy();
  }
}

/**
 * `clients` concurrent clients, `perClient` messages each; `reconnect`: a new connection for
 * every message. Returns messages/s and latencies (ms, sorted).
 */
export async function runLoad({ port, clients, perClient, reconnect }) {
  const latencies = [];
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      let conn = reconnect ? null : await Conn.open(port);
      for (let n = 0; n < perClient; n++) {
        if (reconnect) conn = await Conn.open(port);
        latencies.push(await conn.send(`bounces+user${c}-${n}=dest.example@bounce.test`, dsn(c, n)));
        if (reconnect) await conn.quit();
      }
      if (!reconnect) await conn.quit();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return { messages: latencies.length, seconds, perSecond: latencies.length / seconds, latencies };
}

export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
