// What every MTA under test is told, and what it gives back: the same domains for all of them, so
// one set of scenarios (test/mta/) runs against each.
//   local.test    the MTA's own domain, with no users
//   nohost.test   looked up in DNS (the sandbox's resolver says it does not exist)
//   remote        a scripted SMTP server of the test (mta-remote.ts)
//   refused       a loopback address and port nothing listens on
//   sink          where the DSNs go (Rebound's listener or a sink)
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
