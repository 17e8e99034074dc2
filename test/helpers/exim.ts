// A throwaway Exim 4 (Debian's exim4-daemon-light, unpacked, see debian-binaries.ts) on loopback,
// in a mount namespace without DNS (mta-sandbox.ts). Its own configuration, spool and logs in a
// temporary directory; nothing of the machine is used or changed. Routes (see mta-routes.ts):
//   *@local.test   virtual users from an empty lsearch file: ":fail: Unknown user" → DSN
//   *@nohost.test  dnslookup, which the sandbox's resolver answers "no such domain" → DSN
//   remote, refused and sink domains  manualroute to fixed loopback ports
// Retries every second, gives up after `lifetime` (F,<lifetime>s,1s), warns after `delayWarning`.
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debianPackages } from './debian-binaries.js';
import { sandboxMissing, spawnSandboxed } from './mta-sandbox.js';
import { daemonStarted, type MtaRoutes, type Route, type RunningMta } from './mta-routes.js';
import { freePort } from './ports.js';

const PKGS = ['exim4-daemon-light', 'exim4-base', 'libidn12'];
const EXIM_UID = 64_101;

function binaries(): { root: string } | { missing: string } {
  return debianPackages('exim4', PKGS);
}

/** Why Exim cannot run here, or null (fetches the packages the first time). */
export function eximMissing(): string | null {
  const sandbox = sandboxMissing();
  if (sandbox) return sandbox;
  const b = binaries();
  return 'missing' in b ? b.missing : null;
}

export interface EximOptions extends MtaRoutes {
  /** seconds a message is retried before it is bounced */
  lifetime?: number;
  /** seconds after which a delay warning is sent (0: none) */
  delayWarning?: number;
}

export async function startExim(opts: EximOptions): Promise<RunningMta> {
  const b = binaries();
  if ('missing' in b) throw new Error(b.missing);
  const exim = join(b.root, 'usr/sbin/exim4');
  const libs = join(b.root, 'usr/lib/x86_64-linux-gnu');
  // Not set-uid: a set-uid program is loaded in secure mode, which ignores LD_LIBRARY_PATH (libidn12
  // is unpacked, not installed). Started as root, Exim needs no set-uid bit; its deliveries run as
  // Debian-exim (deliver_drop_privilege), which is all SMTP deliveries and bounces need.
  if (statSync(exim).mode & 0o6000) chmodSync(exim, 0o755);
  const dir = mkdtempSync(join(tmpdir(), 'rebound-exim-'));
  chmodSync(dir, 0o755); // Exim's processes run as Debian-exim
  const spool = join(dir, 'spool');
  const logs = join(dir, 'log');
  for (const d of [spool, logs]) {
    mkdirSync(d);
    chownSync(d, EXIM_UID, EXIM_UID);
  }
  writeFileSync(join(dir, 'users'), ''); // the virtual domain's directory: nobody
  const port = await freePort();
  const host = (r: Route) => `${r.host}::${r.port}`;
  const lifetime = opts.lifetime ?? 10;
  const config = `
primary_hostname = mta.exim.test
qualify_domain = exim.test
exim_path = ${exim}
exim_user = Debian-exim
exim_group = Debian-exim
never_users = root
spool_directory = ${spool}
log_file_path = ${logs}/%slog
pid_file_path = ${dir}/exim.pid
log_selector = +smtp_protocol_error +smtp_syntax_error +received_recipients
keep_environment = LD_LIBRARY_PATH
deliver_drop_privilege = true
local_interfaces = 127.0.0.1
daemon_smtp_ports = ${port}
host_lookup =
tls_advertise_hosts =
rfc1413_hosts =
domainlist local_domains = local.test
acl_smtp_rcpt = accept
acl_smtp_data = accept
${opts.delayWarning ? `delay_warning = ${opts.delayWarning}s` : 'delay_warning = 0s'}

queue_run_max = 2

timeout_frozen_after = ${lifetime}s

begin routers

virtual_users:
  driver = redirect
  domains = +local_domains
  allow_fail
  data = \${lookup{$local_part}lsearch{${dir}/users}{$value}{:fail: Unknown user}}

fixed_routes:
  driver = manualroute
  transport = remote_smtp
  self = send
  route_list = ${opts.remote.domain} ${host(opts.remote)} ; \\
               ${opts.refused.domain} ${host(opts.refused)} ; \\
               ${opts.sink.domain} ${host(opts.sink)}

dnslookup:
  driver = dnslookup
  transport = remote_smtp
  no_more

begin transports

remote_smtp:
  driver = smtp
  hosts_avoid_tls = *
  allow_localhost
  connect_timeout = 5s

begin retry

*   *   F,${lifetime}s,1s

begin rewrite
`;
  writeFileSync(join(dir, 'exim4.conf'), config);
  const logFile = join(dir, 'daemon.out');
  const sandbox = { dir, resolver: opts.resolver, users: { 'Debian-exim': EXIM_UID }, env: { LD_LIBRARY_PATH: libs } };
  const daemon = spawnSandboxed(sandbox, exim, ['-C', join(dir, 'exim4.conf'), '-bdf', '-q1s'], logFile);
  const log = () =>
    ['mainlog', 'paniclog', 'rejectlog']
      .map((f) => join(logs, f))
      .filter(existsSync)
      .map((f) => readFileSync(f, 'utf8'))
      .join('') + (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const stop = await daemonStarted(daemon, { name: 'exim', port, dir, log, settleMs: 100 });
  return {
    name: 'exim',
    port,
    log,
    stop,
    async queued() {
      const input = join(spool, 'input');
      if (!existsSync(input)) return 0;
      return readdirSync(input, { recursive: true }).filter((f) => String(f).endsWith('-H')).length;
    },
  };
}
