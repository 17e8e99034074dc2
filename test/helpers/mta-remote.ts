// The "remote" mail server the MTAs under test deliver to: an smtp-server of the test that answers
// by the recipient's local part, as a real server refusing that mail would. And the sink where
// the MTAs' DSNs arrive (kept raw, for parseBounce).
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** The scripted refusals: local part prefix → when and what the server answers. */
export const REMOTE_REPLIES = {
  unknown: { at: 'RCPT', code: 550, text: '5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table' },
  full: { at: 'RCPT', code: 552, text: '5.2.2 <{rcpt}>: Mailbox full, quota exceeded' },
  spam: { at: 'DATA', code: 554, text: '5.7.1 Message rejected as spam by content filter' },
  big: { at: 'DATA', code: 552, text: '5.3.4 Message size exceeds fixed maximum message size' },
  later: { at: 'RCPT', code: 451, text: '4.2.0 <{rcpt}>: Mailbox temporarily unavailable, try again later' },
} as const;

type Rule = (typeof REMOTE_REPLIES)[keyof typeof REMOTE_REPLIES];

function ruleFor(address: string): Rule | undefined {
  const local = address.split('@')[0]!.toLowerCase();
  for (const [prefix, rule] of Object.entries(REMOTE_REPLIES)) if (local.startsWith(prefix)) return rule;
  return undefined;
}

function refusal(rule: Rule, rcpt: string): Error {
  return Object.assign(new Error(rule.text.replace('{rcpt}', rcpt)), { responseCode: rule.code });
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(opts: SMTPServerOptions): Promise<Listening> {
  const server = new SMTPServer({ disabledCommands: ['AUTH', 'STARTTLS'], authOptional: true, logger: false, ...opts });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.server.address() as { port: number };
      resolve({ port, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export function startScriptedRemote(): Promise<Listening> {
  return listen({
    name: 'mx.remote.test',
    onRcptTo(address, _session, callback) {
      const rule = ruleFor(address.address);
      callback(rule?.at === 'RCPT' ? refusal(rule, address.address) : undefined);
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo[0]?.address ?? '';
        const rule = ruleFor(rcpt);
        callback(rule?.at === 'DATA' ? refusal(rule, rcpt) : undefined);
      });
    },
  });
}

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface Sink extends Listening {
  received: Received[];
}

export async function startSink(): Promise<Sink> {
  const received: Received[] = [];
  const l = await listen({
    name: 'mx.sink.test',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  return { ...l, received };
}
