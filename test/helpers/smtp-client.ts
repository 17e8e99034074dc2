// A raw-socket SMTP client for the tests that need protocol-level control: exact commands, half a
// message, what the server answers and when it closes. Replies are read whole (multi-line too).
import { connect, type Socket } from 'node:net';

export interface Reply {
  code: number;
  /** the text of the last line, e.g. "5.7.1 Relay access denied" */
  text: string;
  lines: string[];
}

export class RawSmtp {
  private buf = '';
  private waiters: Array<(r: Reply | null) => void> = [];
  private replies: Array<Reply | null> = [];
  closed = false;
  readonly socket: Socket;
  readonly closedPromise: Promise<void>;

  private constructor(port: number, host: string) {
    this.socket = connect(port, host);
    this.socket.setEncoding('utf8');
    this.socket.on('data', (d: string) => this.onData(d));
    this.closedPromise = new Promise((resolve) => {
      this.socket.on('close', () => {
        this.closed = true;
        this.push(null);
        resolve();
      });
    });
    this.socket.on('error', () => {});
  }

  /** Connect and read the greeting. */
  static async open(port: number, host = '127.0.0.1'): Promise<{ client: RawSmtp; greeting: Reply }> {
    const client = new RawSmtp(port, host);
    const greeting = await client.reply();
    if (!greeting) throw new Error('closed before the greeting');
    return { client, greeting };
  }

  /** Send one command line and read its reply (null: the server closed the connection). */
  async cmd(line: string): Promise<Reply | null> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  write(text: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** The next reply, or null once the connection is closed. */
  reply(timeoutMs = 10_000): Promise<Reply | null> {
    const ready = this.replies.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no SMTP reply in time')), timeoutMs);
      this.waiters.push((r) => {
        clearTimeout(t);
        resolve(r);
      });
    });
  }

  /** DATA, the message (dot-stuffed), the final dot; returns the reply to the end of data. */
  async data(message: Buffer | string): Promise<Reply | null> {
    const go = await this.cmd('DATA');
    if (!go || go.code !== 354) return go;
    this.write(Buffer.from(dotStuff(message), 'latin1'));
    this.write('\r\n.\r\n');
    return this.reply();
  }

  /** EHLO, MAIL FROM, RCPT TO each, DATA: the reply to the end of data (or the first refusal). */
  async send(from: string, to: string[], message: Buffer | string): Promise<Reply | null> {
    const m = await this.cmd(`MAIL FROM:<${from}>`);
    if (!m || m.code !== 250) return m;
    for (const r of to) {
      const rr = await this.cmd(`RCPT TO:<${r}>`);
      if (!rr || rr.code !== 250) return rr;
    }
    return this.data(message);
  }

  async quit(): Promise<void> {
    if (!this.closed) await this.cmd('QUIT').catch(() => null);
    this.socket.destroy();
  }

  private onData(d: string): void {
    this.buf += d;
    let nl: number;
    let lines: string[] = [];
    while ((nl = this.buf.indexOf('\r\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 2);
      lines.push(line);
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        this.push({ code: Number(line.slice(0, 3)), text: line.slice(4), lines: lines.map((l) => l.slice(4)) });
        lines = [];
      }
    }
    // keep the lines of a multi-line reply not yet complete
    if (lines.length) this.buf = lines.map((l) => `${l}\r\n`).join('') + this.buf;
  }

  private push(r: Reply | null): void {
    const w = this.waiters.shift();
    if (w) w(r);
    else this.replies.push(r);
  }
}

export function dotStuff(message: Buffer | string): string {
  const text = Buffer.isBuffer(message) ? message.toString('latin1') : message;
  return text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..').replace(/\r\n$/, '');
}
