// This host's heartbeat in the shared store: every few seconds its row in `hosts` says it is alive,
// with its spool backlog and the outbox depth it sees; a clean stop marks it stopped. A beat that
// fails (the database is down) is logged once per outage and tried again at the next. The rows of
// hosts not seen for a week are dropped (at the first beat, then hourly): a host's id is its
// machine's name by default, a container's is new at each deploy, and the status would otherwise
// list every one that ever ran, stopped or stale, for ever.
import type { Logger } from 'pino';
import type { CoordinationPort } from '../store/port.js';
import { packageVersion } from '../version.js';

export interface HeartbeatOptions {
  port: CoordinationPort;
  hostId: string;
  intervalMs: number;
  /** bytes spooled on this host and not yet processed */
  spoolBacklogBytes: () => Promise<number>;
  now?: () => Date;
  log?: Logger;
}

/** a host not seen for this long is forgotten */
const FORGET_HOSTS_AFTER_MS = 7 * 24 * 3600_000;
/** how often a host looks for the rows of hosts to forget */
const FORGET_EVERY_MS = 3600_000;

export interface Heartbeat {
  /** beat now (also what the timer does) */
  beat(): Promise<void>;
  /** no more beats; the row says stopped */
  stop(): Promise<void>;
}

export function startHeartbeat(opts: HeartbeatOptions): Heartbeat {
  const now = opts.now ?? (() => new Date());
  const startedAt = now();
  const version = packageVersion();
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let forgotAt = -Infinity;

  async function once(): Promise<void> {
    try {
      const [backlog, depths] = await Promise.all([opts.spoolBacklogBytes().catch(() => 0), opts.port.queueDepths()]);
      await opts.port.heartbeat({
        hostId: opts.hostId, startedAt, at: now(), version, pid: process.pid, beatSeconds: Math.round(opts.intervalMs / 1000) || 1,
        spoolBacklogBytes: backlog, outboxDepth: depths.outboxPending,
      });
      if (failing) opts.log?.info({ host: opts.hostId }, 'heartbeat written again');
      failing = false;
    } catch (err) {
      if (!failing) opts.log?.warn({ host: opts.hostId, err: (err as Error).message }, 'heartbeat not written: the store did not answer');
      failing = true;
      return;
    }
    const at = now().getTime();
    if (at - forgotAt < FORGET_EVERY_MS) return;
    forgotAt = at; // tried once an hour, whether it worked or not: the next beat does not try again
    try {
      const forgotten = await opts.port.forgetHosts(new Date(at - FORGET_HOSTS_AFTER_MS));
      if (forgotten) opts.log?.info({ host: opts.hostId, forgotten }, 'hosts not seen for seven days forgotten');
    } catch (err) {
      opts.log?.warn({ host: opts.hostId, err: (err as Error).message }, 'hosts not seen for seven days not forgotten: the store did not answer');
    }
  }

  const beat = () => (running ??= once().finally(() => (running = null)));

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void beat().finally(schedule), opts.intervalMs);
    timer.unref();
  }
  void beat().finally(schedule);

  return {
    beat,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await opts.port.hostStopped(opts.hostId, now()).catch(() => {});
    },
  };
}
