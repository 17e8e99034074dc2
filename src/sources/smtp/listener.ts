// The SMTP listener that is the MX of the bounce domains. It only delivers raw messages: it checks
// the envelope, reads DATA with a size bound, hands the bytes to `spool` and answers 250 once
// `spool` says they are committed (451 4.3.0 when they could not be, so the sender retries).
// Parsing is someone else's job, after the commit.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { SmtpConfig } from '../../config/smtp.js';
import { type ReturnPathSettings, secretsOf } from '../../config/return-path.js';
import type { IngestMeta, SpoolResult } from '../../pipeline/ingest.js';
import { EnhancedSMTPServer, type SMTPConnection } from './enhanced-server.js';
import { type Origin, type RecipientDecision, type RecipientRules, checkRecipient } from './recipients.js';
import { SessionLog, type SessionOutcome } from './session-log.js';

export interface SmtpListenerOptions {
  config: SmtpConfig;
  /** the return paths accepted at the bounce domains */
  returnPath: ReturnPathSettings;
  /** resolves once the message is durable */
  spool: (raw: Buffer, meta: IngestMeta) => Promise<SpoolResult>;
  log: Logger;
  /** PEM key and certificate for STARTTLS */
  tls?: { key: Buffer; cert: Buffer };
  now?: () => Date;
  /** each session, when it ends (for metrics) */
  onSession?: (s: SessionOutcome) => void;
}

export interface SmtpListener {
  listen(): Promise<AddressInfo>;
  /** stop accepting, let sessions in flight finish (bounded by closeTimeoutMs), then resolve */
  close(): Promise<void>;
  readonly connections: number;
}

/** An SMTP error reply: `enhanced` goes first in the text, see enhanced-server.ts */
function reply(code: number, enhanced: string, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(`${enhanced} ${text}`), { responseCode: code });
}

export function createSmtpListener(opts: SmtpListenerOptions): SmtpListener {
  const { config, log } = opts;
  const now = opts.now ?? (() => new Date());
  const rules: RecipientRules = {
    domains: config.domains,
    prefix: opts.returnPath.prefix,
    secrets: secretsOf(opts.returnPath),
    unsignedLocalParts: opts.returnPath.unsignedLocalParts,
  };
  const sessions = new SessionLog(log, opts.onSession);
  /** what RCPT decided about each accepted recipient, for DATA */
  const decisions = new WeakMap<SMTPServerAddress, RecipientDecision & { accept: true }>();
  let stopping = false;

  const server = new EnhancedSMTPServer({
    name: config.hostname,
    banner: 'Rebound bounce receiver',
    size: config.maxSize,
    // over the limit: 552 5.3.4 whatever onData says (onData keeps nothing past the limit)
    rejectOversized: true,
    hideENHANCEDSTATUSCODES: false,
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    // the client's name is not needed, and a PTR lookup per connection costs time
    disableReverseLookup: true,
    logger: false,
    maxClients: config.maxClients,
    socketTimeout: config.socketTimeoutMs,
    closeTimeout: config.closeTimeoutMs,
    maxRecipients: config.maxRecipients,

    onConnect(session, cb) {
      sessions.open(session);
      cb(stopping ? reply(421, '4.3.2', 'Service shutting down, try again later') : null);
    },

    onMailFrom(address, session, cb) {
      const rec = sessions.of(session);
      rec.helo = session.hostNameAppearsAs;
      rec.tls = session.secure;
      if (stopping) return cb(reply(421, '4.3.2', 'Service shutting down, try again later'));
      if (session.transaction > config.maxMessagesPerSession) {
        rec.refused.push({ stage: 'mail', code: 421, reason: 'too-many-messages' });
        return cb(reply(421, '4.7.0', 'Too many messages in one session, reconnect'));
      }
      // any sender, the null sender <> of bounces first of all
      cb();
    },

    onRcptTo(address, session, cb) {
      const d = checkRecipient(address.address, rules, now());
      if (!d.accept) {
        sessions.of(session).refused.push({ stage: 'rcpt', code: d.code, reason: d.reason, address: address.address });
        return cb(reply(d.code, d.enhanced, d.text));
      }
      decisions.set(address, d);
      cb();
    },

    onData(stream, session, cb) {
      receive(stream, session, cb);
    },

    onClose(session) {
      sessions.close(session);
    },
  });
  server.on('error', (err) => log.error({ err: err.message }, 'smtp listener error'));

  function receive(stream: SMTPServerDataStream, session: SMTPServerSession, cb: (err?: Error | null, message?: string) => void): void {
    const rec = sessions.of(session);
    const chunks: Buffer[] = [];
    let size = 0;
    // bounded memory: past the limit nothing more is kept (smtp-server answers 552 at the end)
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > config.maxSize || stream.sizeExceeded) {
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (size > config.maxSize || stream.sizeExceeded) {
        rec.refused.push({ stage: 'data', code: 552, reason: 'too-big' });
        return cb(reply(552, '5.3.4', `Message too big (limit ${config.maxSize} bytes)`));
      }
      const env = session.envelope;
      const from = env.mailFrom ? env.mailFrom.address : '';
      const to = env.rcptTo.map((r) => r.address);
      // memory of its own (Buffer.concat would take a small message from the shared pool): the
      // spooler can then move it to its thread instead of copying it
      const raw = Buffer.allocUnsafeSlow(size);
      let at = 0;
      for (const c of chunks) at += c.copy(raw, at);
      opts
        .spool(raw, {
          source: 'smtp',
          sourceRef: session.id,
          envelopeFrom: from,
          envelopeTo: to,
          receivedAt: now(),
          returnPathRecipient: returnPathRecipient(env.rcptTo),
          origin: originOf(env.rcptTo),
        })
        .then(
          (r) => {
            rec.accepted.push({ id: r.messageId, size, duplicate: r.duplicate, from, to });
            cb(null, `Queued as ${r.messageId}`);
            if (stopping) closeWhenIdle(session);
          },
          (err: Error) => {
            rec.refused.push({ stage: 'data', code: 451, reason: 'not-stored', error: err.message });
            cb(reply(451, '4.3.0', 'Could not store the message, try again later'));
          },
        );
    });
  }

  /** One recipient decoded from the return paths; none (or several different ones): null. */
  function returnPathRecipient(rcptTo: SMTPServerAddress[]): string | null {
    const found = new Set(rcptTo.map((r) => decisions.get(r)?.recipient).filter((r): r is string => !!r));
    return found.size === 1 ? [...found][0]! : null;
  }

  /** Signed when any recipient was a valid signed return path; see pipeline/origin.ts. */
  function originOf(rcptTo: SMTPServerAddress[]): Origin {
    const origins = rcptTo.map((r) => decisions.get(r)?.origin ?? null);
    if (origins.includes('signed')) return 'signed';
    return origins.includes('unsigned') ? 'unsigned' : null;
  }

  function connectionOf(session: SMTPServerSession): SMTPConnection | undefined {
    for (const c of server.connections) if (c.session === session) return c;
    return undefined;
  }

  /** While stopping: a session between transactions is told 421 and closed. */
  function closeWhenIdle(session: SMTPServerSession): void {
    setImmediate(() => {
      const c = connectionOf(session);
      if (c && !c.session.envelope?.mailFrom) c.send(421, '4.3.2 Service shutting down, try again later');
    });
  }

  return {
    get connections() {
      return server.connections.size;
    },
    listen() {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.server.once('error', onError);
        server.listen(config.port, config.host, () => {
          server.server.off('error', onError);
          resolve(server.server.address() as AddressInfo);
        });
      });
    },
    close() {
      stopping = true;
      return new Promise((resolve) => {
        // smtp-server stops listening at once and, after closeTimeout, cuts what is left with 421
        server.close(() => resolve());
        for (const c of server.connections) {
          if (!c.session?.envelope?.mailFrom) c.send(421, '4.3.2 Service shutting down, try again later');
        }
      });
    },
  };
}
