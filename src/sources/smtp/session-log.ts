// What a session did, logged as one structured line when it ends: who connected, what was taken
// and what was refused and why. Envelope addresses and message ids only, never message bodies.
import type { Logger } from 'pino';
import type { SMTPServerSession } from 'smtp-server';

export interface SessionRecord {
  started: number;
  remote: string;
  helo?: string;
  tls?: boolean;
  /** messages committed: store id, size, whether the bytes were stored already */
  accepted: Array<{ id: number; size: number; duplicate: boolean; from: string; to: string[] }>;
  /** `reason` is one of a few words (a metrics label); `error` says more */
  refused: Array<{ stage: 'mail' | 'rcpt' | 'data'; code: number; reason: string; address?: string; error?: string }>;
}

/** How a session ended, for metrics: its outcome and the reason of each refusal. */
export interface SessionOutcome {
  outcome: 'accepted' | 'partly-accepted' | 'refused' | 'nothing';
  refusals: string[];
}

export class SessionLog {
  private readonly sessions = new WeakMap<SMTPServerSession, SessionRecord>();

  constructor(
    private readonly log: Logger,
    private readonly onClose?: (s: SessionOutcome) => void,
  ) {}

  open(session: SMTPServerSession): SessionRecord {
    const rec: SessionRecord = { started: Date.now(), remote: `${session.remoteAddress}:${session.remotePort}`, accepted: [], refused: [] };
    this.sessions.set(session, rec);
    return rec;
  }

  of(session: SMTPServerSession): SessionRecord {
    return this.sessions.get(session) ?? this.open(session);
  }

  close(session: SMTPServerSession): void {
    const rec = this.sessions.get(session);
    if (!rec) return;
    this.sessions.delete(session);
    const outcome: SessionOutcome['outcome'] = rec.accepted.length ? (rec.refused.length ? 'partly-accepted' : 'accepted') : rec.refused.length ? 'refused' : 'nothing';
    const line = {
      session: session.id,
      remote: rec.remote,
      helo: session.hostNameAppearsAs || undefined,
      tls: session.secure || undefined,
      outcome,
      ms: Date.now() - rec.started,
      accepted: rec.accepted.length ? rec.accepted : undefined,
      refused: rec.refused.length ? rec.refused : undefined,
    };
    // refusals of foreign or forged recipients are expected traffic, failures to store are not
    if (rec.refused.some((r) => r.code === 451)) this.log.warn(line, 'smtp session');
    else this.log.info(line, 'smtp session');
    this.onClose?.({ outcome, refusals: rec.refused.map((r) => r.reason) });
  }
}
