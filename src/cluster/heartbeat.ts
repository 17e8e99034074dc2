// This host's heartbeat in the shared store: every few seconds its row in `hosts` says it is alive,
// with its spool backlog and the outbox depth it sees; a clean stop marks it stopped. A beat that
// fails (the database is down) is logged once per outage and tried again at the next.
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
