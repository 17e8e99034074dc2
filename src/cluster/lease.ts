// Holding a lease in the shared store (src/store/coordination-sql.ts) for work only one host may do
// at a time. A keeper campaigns for its lease: every third of the lease's length it takes it when it
// is free or expired, or renews it while holding it. The holder counts it lost as soon as a renewal
// finds another owner, or when it could not renew (the database is down) and the lease is within a
// third of its expiry: it stops before another host can take over, so two never work at once
// (given clocks that agree to well under a third of the lease, as NTP keeps them).
import type { Logger } from 'pino';
import type { CoordinationPort } from '../store/port.js';

export interface LeaseOptions {
  port: CoordinationPort;
  /** what is leased: `imap:<mailbox key>`, `export:leader` */
  name: string;
  /** this host's id */
  owner: string;
  ttlMs: number;
  now?: () => Date;
  log?: Logger;
}

export interface LeaseKeeper {
  readonly name: string;
  /** this host holds the lease now */
  readonly held: boolean;
  /** the holder last seen (this host or another), null when unknown */
  readonly holder: string | null;
  /** the expiry of the lease last seen */
  readonly expiresAt: string | null;
  /** called on every change of `held` */
  onChange(fn: (held: boolean) => void): void;
  /** one attempt now (also what the timer does); resolves to `held` */
  attempt(): Promise<boolean>;
  /** stop campaigning and give the lease up when held */
  release(): Promise<void>;
}

export function keepLease(opts: LeaseOptions): LeaseKeeper {
  const now = opts.now ?? (() => new Date());
  const every = Math.max(100, Math.floor(opts.ttlMs / 3));
  const listeners: Array<(held: boolean) => void> = [];
  let held = false;
  let holder: string | null = null;
  let expiresAt: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<boolean> | null = null;

  const set = (h: boolean) => {
    if (h === held) return;
    held = h;
    opts.log?.info({ lease: opts.name, owner: opts.owner, holder }, h ? 'lease taken' : 'lease lost');
    for (const fn of listeners) fn(h);
  };

  async function once(): Promise<boolean> {
    const t = now();
    try {
      const r = await opts.port.acquireLease(opts.name, opts.owner, t, new Date(t.getTime() + opts.ttlMs));
      holder = r.lease?.owner ?? null;
      expiresAt = r.lease?.expiresAt ?? null;
      if (stopped && r.held) {
        // a release raced this attempt: give back what it just took
        await opts.port.releaseLease(opts.name, opts.owner).catch(() => {});
        return false;
      }
      set(r.held);
    } catch (err) {
      // unknown: still ours until close to the expiry we last wrote
      if (held && (!expiresAt || Date.parse(expiresAt) - now().getTime() < every)) set(false);
      opts.log?.warn({ lease: opts.name, err: (err as Error).message }, 'lease not renewed: the store did not answer');
    }
    return held;
  }

  function attempt(): Promise<boolean> {
    running ??= once().finally(() => (running = null));
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void attempt().finally(schedule), every);
    timer.unref();
  }
  void attempt().finally(schedule);

  return {
    name: opts.name,
    get held() {
      return held;
    },
    get holder() {
      return holder;
    },
    get expiresAt() {
      return expiresAt;
    },
    onChange: (fn) => void listeners.push(fn),
    attempt,
    async release() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
      if (!held) return;
      set(false);
      await opts.port.releaseLease(opts.name, opts.owner).catch((err: Error) => opts.log?.warn({ lease: opts.name, err: err.message }, 'lease not released: it expires by itself'));
    },
  };
}
