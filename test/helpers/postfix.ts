// A throwaway Postfix on loopback that produces real DSNs, for the listener's integration test.
// Its own main.cf/master.cf, queue and log in a temporary directory (`postfix -c DIR/conf`); the
// system instance in /etc/postfix is neither started nor changed. No DNS: routes are fixed.
//   *@local.test   local(8), which has no users: "5.1.1 unknown user" → DSN
//   *@reject.test  smtp to a second smtpd of this instance that refuses every RCPT with
//                  550 5.1.1 (full* → 452 4.2.2, tried once since maximal_queue_lifetime=0) → DSN
//   *@SINK         smtp to 127.0.0.1:sinkPort: the listener under test, where the DSNs go
// startPostfixRoutes is the same Postfix with the routes of the MTA scenarios (test/mta/).
// Needs Debian's `postfix` and root (its master starts as root; the daemons run as `postfix`).
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import { spawnSandboxed } from './mta-sandbox.js';
import { LOCAL_DOMAIN, waitForPort, type MtaRoutes, type Route, type RunningMta } from './mta-routes.js';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';

export interface Postfix {
  dir: string;
  /** where test mail goes in */
  port: number;
  log(): string;
  stop(): Promise<void>;
}

/** Why Postfix cannot run here, or null. */
export function postfixMissing(): string | null {
  if (!existsSync(POSTFIX) || !existsSync('/usr/lib/postfix/sbin/master')) return 'Debian package postfix is not installed';
  if (userInfo().uid !== 0) return 'Postfix must be started as root';
  return null;
}

export async function startPostfix(opts: { sinkDomain: string; sinkPort: number }): Promise<Postfix> {
  const rejectPort = await freePort();
  return launchPostfix({
    main: `mydestination = local.test
relay_domains = reject.test, ${opts.sinkDomain}
transport_maps = inline:{ reject.test=smtp:[127.0.0.1]:${rejectPort}, ${opts.sinkDomain}=smtp:[127.0.0.1]:${opts.sinkPort} }
smtp_dns_support_level = disabled
smtp_host_lookup = native
maximal_queue_lifetime = 0
bounce_queue_lifetime = 0
delay_warning_time = 0
`,
    master: (conf) => `127.0.0.1:${rejectPort} inet n - n - - smtpd
  -o syslog_name=postfix-reject/smtpd
  -o myhostname=mx.reject.test
  -o smtpd_error_sleep_time=0
  -o smtpd_relay_restrictions=
  -o smtpd_recipient_restrictions=check_recipient_access,regexp:${conf}/reject.regexp,reject
`,
    files: {
      'reject.regexp': `/^full/  452 4.2.2 Mailbox full
/^/      550 5.1.1 User unknown in virtual mailbox table
`,
    },
  });
}

/**
 * Postfix for the scenarios of test/mta/ (routes in mta-routes.ts): local.test is local(8) with no
 * users; remote, refused and sink domains go to fixed hosts; anything else is looked up in DNS,
 * which the sandbox's resolver answers "no such domain" (Postfix runs in a mount namespace, see
 * mta-sandbox.ts). Messages are retried every second or two for `lifetime` seconds; a delay
 * warning is sent after `delayWarning` seconds.
 */
export async function startPostfixRoutes(opts: MtaRoutes & { lifetime?: number; delayWarning?: number }): Promise<RunningMta> {
  const to = (r: Route) => `${r.domain}=smtp:[${r.host}]:${r.port}`;
  const pf = await launchPostfix({
    main: `mydestination = ${LOCAL_DOMAIN}
transport_maps = inline:{ ${to(opts.remote)}, ${to(opts.refused)}, ${to(opts.sink)} }
maximal_queue_lifetime = ${opts.lifetime ?? 10}s
bounce_queue_lifetime = ${opts.lifetime ?? 10}s
delay_warning_time = ${opts.delayWarning ?? 3}s
`,
    resolver: opts.resolver,
  });
  return {
    name: 'postfix',
    port: pf.port,
    log: pf.log,
    stop: pf.stop,
    async queued() {
      const q = (d: string) => (existsSync(join(pf.dir, 'queue', d)) ? readdirSync(join(pf.dir, 'queue', d), { recursive: true }).length : 0);
      return ['incoming', 'active', 'deferred', 'hold'].reduce((n, d) => n + q(d), 0);
    },
  };
}

interface PostfixSetup {
  /** main.cf lines on top of the common ones (routes, lifetimes) */
  main: string;
  /** master.cf services on top of the common ones, given the configuration directory */
  master?: (conf: string) => string;
  /** more files in the configuration directory */
  files?: Record<string, string>;
  /** run in a mount namespace whose resolv.conf names this resolver (else: no sandbox) */
  resolver?: string;
}

async function launchPostfix(setup: PostfixSetup): Promise<Postfix> {
  const dir = mkdtempSync(join(tmpdir(), 'rebound-postfix-'));
  // the daemons run as `postfix` and must reach the queue inside
  chmodSync(dir, 0o755);
  const conf = join(dir, 'conf');
  mkdirSync(conf);
  mkdirSync(join(dir, 'queue'));
  mkdirSync(join(dir, 'data'));
  const pf = await run('id', ['-u', 'postfix']);
  const pg = await run('id', ['-g', 'postfix']);
  chownSync(join(dir, 'data'), Number(pf.stdout), Number(pg.stdout));
  const port = await freePort();
  writeFileSync(
    join(conf, 'main.cf'),
    `compatibility_level = 3.6
queue_directory = ${dir}/queue
data_directory = ${dir}/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
myhostname = mta.postfix.test
mydomain = postfix.test
myorigin = $myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_recipient_restrictions =
local_recipient_maps =
alias_maps =
alias_database =
biff = no
smtp_tls_security_level = none
smtpd_tls_security_level = none
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
smtp_connect_timeout = 5s
bounce_size_limit = 50000
${setup.main}`,
  );
  for (const [name, text] of Object.entries(setup.files ?? {})) writeFileSync(join(conf, name), text);
  // no chroot (Debian's default master.cf chroots most services into the queue directory)
  writeFileSync(
    join(conf, 'master.cf'),
    `127.0.0.1:${port} inet n - n - - smtpd
${setup.master?.(conf) ?? ''}pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`,
  );
  const log = () => (existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : '');
  const stop = async () => {
    await run(POSTFIX, ['-c', conf, 'stop']).catch(() => undefined);
    const pidFile = join(dir, 'queue/pid/master.pid');
    for (let i = 0; i < 100 && existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8').trim())); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(POSTFIX, ['-c', conf, 'check']);
    if (setup.resolver) {
      // master stays in the namespace it was started in, and so do the daemons it starts
      const starter = spawnSandboxed({ dir, resolver: setup.resolver }, POSTFIX, ['-c', conf, 'start'], join(dir, 'start.out'));
      const code = await new Promise<number | null>((r) => starter.once('exit', r));
      if (code !== 0) throw new Error(`postfix start exited with ${code}: ${readFileSync(join(dir, 'start.out'), 'utf8')}`);
    } else {
      await run(POSTFIX, ['-c', conf, 'start']);
    }
    await waitForPort(port, 10_000);
  } catch (err) {
    const why = `${(err as Error).message}\n${log()}`;
    await stop();
    throw new Error(`postfix did not start: ${why}`);
  }
  return { dir, port, log, stop };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
