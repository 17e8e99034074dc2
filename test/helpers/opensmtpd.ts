// A throwaway OpenSMTPD (Debian's opensmtpd, unpacked, see debian-binaries.ts) on loopback, in a
// mount namespace without DNS (mta-sandbox.ts). Its compiled-in paths (/var/spool/smtpd, the
// /var/lib/opensmtpd/empty chroot, /var/run/smtpd.sock) are directories of the test, mounted there
// in the namespace only; its users opensmtpd and opensmtpq (Debian's names) exist there only. Routes (mta-routes.ts):
//   remote, refused and sink domains  relayed to fixed loopback hosts and ports
//   anything else (nohost.test)       relayed by MX, which the sandbox's resolver says does not exist
// Messages expire after `lifetime` (queue ttl); a warning is sent after `delayWarning`; the queue
// is run every second (smtpctl schedule all).
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianPackages } from './debian-binaries.js';
import { sandboxMissing, spawnSandboxed } from './mta-sandbox.js';
import { daemonStarted, type MtaRoutes, type Route, type RunningMta } from './mta-routes.js';
import { freePort } from './ports.js';

const USERS = { opensmtpd: 64_201, opensmtpq: 64_202 };

function binaries(): { root: string } | { missing: string } {
  return debianPackages('opensmtpd', ['opensmtpd']);
}

/** Why OpenSMTPD cannot run here, or null (fetches the package the first time). */
export function opensmtpdMissing(): string | null {
  const sandbox = sandboxMissing();
  if (sandbox) return sandbox;
  const b = binaries();
  return 'missing' in b ? b.missing : null;
}

export interface OpenSmtpdOptions extends MtaRoutes {
  lifetime?: number;
  delayWarning?: number;
}

export async function startOpenSmtpd(opts: OpenSmtpdOptions): Promise<RunningMta> {
  const b = binaries();
  if ('missing' in b) throw new Error(b.missing);
  const smtpd = join(b.root, 'usr/sbin/smtpd');
  const dir = mkdtempSync(join(tmpdir(), 'rebound-opensmtpd-'));
  chmodSync(dir, 0o755);
  // mounted on /var/spool, /var/lib and /run in the namespace
  const spool = join(dir, 'var-spool');
  const lib = join(dir, 'var-lib');
  const run = join(dir, 'run');
  for (const d of [spool, join(lib, 'opensmtpd/empty'), run]) mkdirSync(d, { recursive: true, mode: 0o755 });
  const port = await freePort();
  const relay = (r: Route) => `relay host smtp+notls://${r.host}:${r.port} helo mta.opensmtpd.test`;
  const conf = join(dir, 'smtpd.conf');
  writeFileSync(
    conf,
    `queue ttl ${opts.lifetime ?? 10}s
bounce warn-interval ${opts.delayWarning ?? 3}s
listen on 127.0.0.1 port ${port} hostname mta.opensmtpd.test
action "remote" ${relay(opts.remote)}
action "refused" ${relay(opts.refused)}
action "sink" ${relay(opts.sink)}
action "mx" relay helo mta.opensmtpd.test
match from any for domain "${opts.remote.domain}" action "remote"
match from any for domain "${opts.refused.domain}" action "refused"
match from any for domain "${opts.sink.domain}" action "sink"
match from local for any action "mx"
match from src 127.0.0.0/8 for any action "mx"
`,
  );
  const logFile = join(dir, 'smtpd.log');
  const daemon = spawnSandboxed(
    {
      dir,
      resolver: opts.resolver,
      users: USERS,
      binds: [
        [spool, '/var/spool'],
        [lib, '/var/lib'],
        [run, '/run'],
      ],
    },
    smtpd,
    ['-d', '-f', conf],
    logFile,
  );
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  // OpenSMTPD retries a transfer after minutes: ask it to retry every second instead (and so to
  // see that a message expired), from inside its namespace, where its control socket is
  const smtpctl = join(b.root, 'usr/sbin/smtpctl');
  const kick = setInterval(() => {
    // smtpctl insists on running with the group opensmtpq, as it would be installed (set-gid)
    const args = ['-t', String(daemon.pid), '-m', 'setpriv', `--egid=${USERS.opensmtpq}`, '--clear-groups', smtpctl, 'schedule', 'all'];
    if (daemon.pid) execFile('nsenter', args, () => undefined);
  }, 1000);
  // the queue kick ends with the daemon, or when it never greets
  const stopDaemon = await daemonStarted(daemon, { name: 'opensmtpd', port, dir, log }).catch((err: Error) => {
    clearInterval(kick);
    throw err;
  });
  const stop = async () => {
    clearInterval(kick);
    await stopDaemon();
  };
  return {
    name: 'opensmtpd',
    port,
    log,
    stop,
    async queued() {
      const queue = join(spool, 'smtpd/queue');
      return existsSync(queue) ? readdirSync(queue, { recursive: true }).filter((f) => /\/[0-9a-f]{8}$/.test(String(f))).length : 0;
    },
  };
}
