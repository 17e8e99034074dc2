// A throwaway Sendmail (Debian's sendmail-bin, unpacked, see debian-binaries.ts) on loopback, in a
// mount namespace without DNS (mta-sandbox.ts). Its sendmail.cf is built with m4 from the unpacked
// sendmail-cf macros; its queue, pid file and maps in a temporary directory. Routes (mta-routes.ts):
//   remote, refused and sink domains  a mailertable entry each, to a mailer of their own whose
//                                     port is fixed (Sendmail's mailertable names no ports)
//   anything else (nohost.test)       esmtp by MX, which the sandbox's resolver says does not exist
// Queue runs every second; a warning after `delayWarning`, the message returned after `lifetime`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianPackages } from './debian-binaries.js';
import { sandboxMissing, spawnSandboxed } from './mta-sandbox.js';
import { LOCAL_DOMAIN, daemonStarted, type MtaRoutes, type Route, type RunningMta } from './mta-routes.js';
import { freePort } from './ports.js';

function binaries(): { root: string } | { missing: string } {
  return debianPackages('sendmail', ['sendmail-bin', 'sendmail-cf']);
}

/** Why Sendmail cannot run here, or null (fetches the packages the first time). */
export function sendmailMissing(): string | null {
  const sandbox = sandboxMissing();
  if (sandbox) return sandbox;
  try {
    execFileSync('m4', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'm4 (Debian package m4) is needed to build sendmail.cf';
  }
  const b = binaries();
  return 'missing' in b ? b.missing : null;
}

export async function startSendmail(opts: MtaRoutes & { lifetime?: number; delayWarning?: number }): Promise<RunningMta> {
  const b = binaries();
  if ('missing' in b) throw new Error(b.missing);
  const sendmail = join(b.root, 'usr/libexec/sendmail/sendmail');
  const dir = mkdtempSync(join(tmpdir(), 'rebound-sendmail-'));
  chmodSync(dir, 0o755);
  const queue = join(dir, 'queue');
  mkdirSync(queue, { mode: 0o700 });
  const port = await freePort();
  const routes: Array<[string, Route]> = [
    ['remote', opts.remote],
    ['refused', opts.refused],
    ['sink', opts.sink],
  ];
  writeFileSync(join(dir, 'mailertable'), routes.map(([mailer, r]) => `${r.domain} ${mailer}:[${r.host}]\n`).join(''));
  writeFileSync(join(dir, 'local-host-names'), `${LOCAL_DOMAIN}\n`);
  writeFileSync(join(dir, 'aliases'), 'postmaster: root\nMAILER-DAEMON: postmaster\n');
  writeFileSync(join(dir, 'statistics'), '');
  const q = (s: string) => `\`${s}'`;
  const define = (k: string, v: string) => `define(${q(k)}, ${q(v)})dnl\n`;
  const mc =
    `divert(0)dnl\ninclude(${q(join(b.root, 'usr/share/sendmail/cf/m4/cf.m4'))})dnl\nOSTYPE(${q('linux')})dnl\n` +
    define('confDOMAIN_NAME', 'mta.sendmail.test') +
    define('QUEUE_DIR', queue) +
    define('STATUS_FILE', join(dir, 'statistics')) +
    define('ALIAS_FILE', join(dir, 'aliases')) +
    define('confPID_FILE', join(dir, 'sendmail.pid')) +
    define('confHOST_STATUS_DIRECTORY', '') +
    define('confCW_FILE', join(dir, 'local-host-names')) +
    define('confDONT_BLAME_SENDMAIL', 'GroupWritableDirPathSafe,MapInUnsafeDirPath,TrustStickyBit') +
    define('confTO_QUEUEWARN', `${opts.delayWarning ?? 3}s`) +
    define('confTO_QUEUERETURN', `${opts.lifetime ?? 10}s`) +
    define('confMIN_QUEUE_AGE', '0') +
    define('confTO_CONNECT', '5s') +
    define('confDELIVERY_MODE', 'background') +
    // a busy machine (other tests) must not make it queue only or refuse connections
    define('confQUEUE_LA', '1000') +
    define('confREFUSE_LA', '1000') +
    define('confDEF_USER_ID', '8:8') +
    `DAEMON_OPTIONS(${q(`Port=${port}, Addr=127.0.0.1, Name=MTA`)})dnl\n` +
    `FEATURE(${q('mailertable')}, ${q(`text -k0 -v1 ${join(dir, 'mailertable')}`)})dnl\n` +
    // the test's client is on loopback; relay what it sends wherever it goes
    `FEATURE(${q('promiscuous_relay')})dnl\nFEATURE(${q('accept_unresolvable_domains')})dnl\n` +
    `MAILER(${q('local')})dnl\nMAILER(${q('smtp')})dnl\nMAILER_DEFINITIONS\n` +
    routes
      .map(([mailer, r]) => `M${mailer}, P=[IPC], F=mDFMuXa, S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\\r\\n, L=990, T=DNS/RFC822/SMTP, A=TCP $h ${r.port}\n`)
      .join('');
  const cf = join(dir, 'sendmail.cf');
  writeFileSync(cf, execFileSync('m4', [], { input: mc, stdio: ['pipe', 'pipe', 'ignore'] }));
  const logFile = join(dir, 'sendmail.out');
  // -bD: the daemon in the foreground; -q1s: a queue run every second
  const daemon = spawnSandboxed({ dir, resolver: opts.resolver, hostname: 'mta.sendmail.test' }, sendmail, ['-C', cf, '-bD', '-q1s', '-X', join(dir, 'traffic.log')], logFile);
  // Sendmail logs only to syslog: its output, its SMTP traffic (-X) and what its queue says instead
  const log = () =>
    [logFile, join(dir, 'traffic.log'), ...(existsSync(queue) ? readdirSync(queue).map((f) => join(queue, f)) : [])]
      .filter(existsSync)
      .map((f) => `== ${f}\n${readFileSync(f, 'latin1')}`)
      .join('\n');
  const stop = await daemonStarted(daemon, { name: 'sendmail', port, dir, log });
  return {
    name: 'sendmail',
    port,
    log,
    stop,
    async queued() {
      return readdirSync(queue).filter((f) => f.startsWith('qf')).length;
    },
  };
}
