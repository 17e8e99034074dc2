// What every MTA under test is told, and what it gives back: the same domains for all of them, so
// one set of scenarios (test/mta/) runs against each.
//   local.test    the MTA's own domain, with no users
//   nohost.test   looked up in DNS (the sandbox's resolver says it does not exist)
//   remote        a scripted SMTP server of the test (mta-remote.ts)
//   refused       a loopback address and port nothing listens on
//   sink          where the DSNs go (Rebound's listener or a sink)
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';

export interface Route {
  domain: string;
  host: string;
  port: number;
}

export interface MtaRoutes {
  remote: Route;
  refused: Route;
  sink: Route;
  /** the 127.x address of the resolver that answers NXDOMAIN */
  resolver: string;
}

export interface RunningMta {
  name: string;
  /** where test mail goes in (SMTP, no authentication, from loopback) */
  port: number;
  log(): string;
  /** messages still in the MTA's queue */
  queued(): Promise<number>;
  stop(): Promise<void>;
}

export const LOCAL_DOMAIN = 'local.test';
export const NOHOST_DOMAIN = 'nohost.test';

/** Wait until an SMTP server greets on this port (a listening socket alone may not answer yet). */
export async function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1');
      const done = (v: boolean) => (s.destroy(), r(v));
      s.setTimeout(Math.max(100, until - Date.now()), () => done(false));
      s.on('data', (d: Buffer) => done(d.toString('latin1').startsWith('220')));
      s.on('error', () => done(false));
      s.on('end', () => done(false));
    });
    if (ok) return;
    if (gaveUp()) throw new Error('the process ended');
    if (Date.now() > until) throw new Error(`no SMTP greeting on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An address on loopback where nothing listens (not 127.0.0.1, where the test's servers are). */
export function refusingHost(): string {
  return `127.66.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
}

export interface DaemonSpec {
  /** the MTA's name, for the error */
  name: string;
  port: number;
  /** its temporary directory, removed when it stops */
  dir: string;
  log: () => string;
  /** how it is stopped (default SIGTERM) */
  signal?: NodeJS.Signals;
  /** a pause after it exits, for delivery children it leaves behind (ms) */
  settleMs?: number;
  timeoutMs?: number;
}

/**
 * Wait for a started MTA daemon to greet on its port, and return how to stop it (the signal, its
 * exit, its directory removed). A daemon that does not greet is stopped and the error carries its log.
 */
export async function daemonStarted(daemon: ChildProcess, spec: DaemonSpec): Promise<() => Promise<void>> {
  const stop = async () => {
    daemon.kill(spec.signal ?? 'SIGTERM');
    await new Promise((r) => (daemon.exitCode === null && daemon.signalCode === null ? daemon.once('exit', r) : r(null)));
    if (spec.settleMs) await new Promise((r) => setTimeout(r, spec.settleMs));
    rmSync(spec.dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(spec.port, spec.timeoutMs ?? 10_000, () => daemon.exitCode !== null);
  } catch (err) {
    const why = `${(err as Error).message}\n${spec.log()}`;
    await stop();
    throw new Error(`${spec.name} did not start: ${why}`);
  }
  return stop;
}
