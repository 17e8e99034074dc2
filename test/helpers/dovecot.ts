// A throwaway Dovecot IMAP server for the tests: its own configuration, run, state, log and mail
// directories in a temporary directory, one test user, on a free loopback port. Needs Debian's
// `dovecot-imapd`. Rootless layout: every Dovecot process runs as one unprivileged user (the
// caller, or `nobody` when the caller is root, since Dovecot refuses mail access for UID 0).
// With `tls`, it also speaks TLS: IMAPS on a second port and STARTTLS on the first, with a
// certificate from a throwaway CA (test-ca.ts). Without Dovecot the tests that need it are
// skipped, unless REBOUND_REQUIRE_INTEGRATION=1 (CI), where they fail.
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCa } from './test-ca.js';
import { freePort } from './ports.js';

export { freePort };

export const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
/** the IMAP server binary of Debian's dovecot-imapd (dovecot-core alone has no IMAP) */
const IMAP_BIN = '/usr/lib/dovecot/imap';

export const REQUIRE_INTEGRATION = process.env.REBOUND_REQUIRE_INTEGRATION === '1';

/** Why Dovecot cannot be used here, or null when it can. */
export function dovecotMissing(): string | null {
  if (!existsSync(DOVECOT_BIN)) return `${DOVECOT_BIN} not found (apt-get install dovecot-imapd)`;
  if (!process.env.DOVECOT_BIN && !existsSync(IMAP_BIN)) return `${IMAP_BIN} not found (apt-get install dovecot-imapd)`;
  return null;
}

/**
 * True when the Dovecot tests are to be skipped (Dovecot missing and not required); says why on
 * standard error. With REBOUND_REQUIRE_INTEGRATION=1 it is never true: the tests run and fail.
 */
export function skipWithoutDovecot(): boolean {
  const missing = dovecotMissing();
  if (!missing || REQUIRE_INTEGRATION) return false;
  process.stderr.write(`skipping the IMAP integration tests: ${missing}\n`);
  return true;
}

export interface DovecotOptions {
  user?: string;
  pass?: string;
  /**
   * Also accept OAuth2 access tokens by XOAUTH2 (alone, as Microsoft 365): JWTs signed HS256 with
   * this key, validated by Dovecot itself (no token server), the user name in the `email` claim.
   */
  oauth2Key?: Buffer;
  /**
   * Also speak TLS: STARTTLS on `port`, IMAPS on `tlsPort`, with a certificate for localhost and
   * 127.0.0.1 signed by a CA made for this server (`caFile`). Plain-text logins stay allowed: Dovecot
   * counts a loopback connection as secure (its log says `secured`, and `TLS` for a TLS one).
   */
  tls?: boolean;
}

export interface Dovecot {
  readonly host: string;
  readonly port: number;
  /** the IMAPS port, with `tls` */
  readonly tlsPort?: number;
  /** the PEM file of the CA that signed the server's certificate, with `tls` */
  readonly caFile?: string;
  readonly user: string;
  readonly pass: string;
  readonly dir: string;
  /** (re)start on the same port with the same mail */
  start(): Promise<void>;
  /** stop the server (SIGTERM; `kill`: SIGKILL at once), keep its files (for a restart) */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** stop it and remove its directory */
  cleanup(): Promise<void>;
  log(): string;
}

const running = new Set<ChildProcess>();
// a test run that ends abruptly must not leave servers behind
process.once('exit', () => {
  for (const c of running) {
    const family = c.pid ? descendants(c.pid) : [];
    c.kill('SIGKILL');
    for (const p of family) if (alive(p)) process.kill(p, 'SIGKILL');
  }
});

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const missing = dovecotMissing();
  if (missing) {
    throw new Error(`Dovecot is needed for this test${REQUIRE_INTEGRATION ? ' (REBOUND_REQUIRE_INTEGRATION=1)' : ''}: ${missing}`);
  }
  const user = opts.user ?? 'bounces@example.test';
  const pass = opts.pass ?? 'secret';
  const port = await freePort();
  let tlsPort: number | undefined;
  while (opts.tls && (tlsPort === undefined || tlsPort === port)) tlsPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rebound-dovecot-'));
  const runAs = runner();
  const caFile = writeConfig(dir, { port, tlsPort, user, pass, runAs, oauth2Key: opts.oauth2Key, tls: opts.tls });

  let child: ChildProcess | null = null;
  const server: Dovecot = {
    host: '127.0.0.1',
    port,
    tlsPort,
    caFile,
    user,
    pass,
    dir,
    async start() {
      if (child) throw new Error('dovecot is already running');
      // -F: in the foreground, as our child, so that stopping it is ours to do
      const c = spawn(DOVECOT_BIN, ['-F', '-c', join(dir, 'dovecot.conf')], {
        stdio: ['ignore', 'ignore', 'pipe'],
        ...(runAs.switchTo ? { uid: runAs.uid, gid: runAs.gid } : {}),
      });
      let stderr = '';
      c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      running.add(c);
      c.once('exit', () => running.delete(c));
      child = c;
      try {
        await waitForGreeting(port, c);
      } catch (err) {
        await server.stop();
        throw new Error(`dovecot did not start: ${(err as Error).message}\n${stderr}\n${server.log()}`);
      }
    },
    async stop(opts = {}) {
      const signal = opts.kill ? 'SIGKILL' : 'SIGTERM';
      const c = child;
      child = null;
      if (!c) return;
      const isUp = c.exitCode === null && c.signalCode === null;
      const exited = new Promise<void>((resolve) => (isUp ? c.once('exit', () => resolve()) : resolve()));
      // the master leaves its IMAP sessions running when it exits: they are signalled with it, as
      // when a whole server goes down. The master is paused first so that it starts no process
      // that the list would miss.
      if (isUp) c.kill('SIGSTOP');
      const ended = endProcesses(c.pid ? descendants(c.pid) : [], signal);
      if (isUp) {
        c.kill(signal);
        c.kill('SIGCONT');
        const killer = setTimeout(() => c.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      await ended;
      // login processes holding the listening socket go away with the master, shortly after it
      await waitForPortClosed(port);
    },
    async cleanup() {
      await server.stop({ kill: true });
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
    log() {
      try {
        return readFileSync(join(dir, 'dovecot.log'), 'utf8');
      } catch {
        return '';
      }
    },
  };
  try {
    await server.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return server;
}

interface Runner {
  uid: number;
  gid: number;
  name: string;
  group: string;
  /** root: switch to `nobody` */
  switchTo: boolean;
}

function runner(): Runner {
  const uid = process.getuid!();
  if (uid !== 0) {
    const gid = process.getgid!();
    return { uid, gid, name: userName(uid), group: groupName(gid), switchTo: false };
  }
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'));
  if (!line) throw new Error('running as root, and there is no user `nobody` to run Dovecot as');
  const [, , u, g] = line.split(':');
  return { uid: Number(u), gid: Number(g), name: 'nobody', group: groupName(Number(g)), switchTo: true };
}

function userName(uid: number): string {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid));
  return line?.split(':')[0] ?? String(uid);
}

function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
  if (!line) throw new Error(`no group with id ${gid} in /etc/group`);
  return line.split(':')[0]!;
}

interface ConfigParams extends Pick<DovecotOptions, 'oauth2Key' | 'tls'> {
  port: number;
  tlsPort?: number;
  user: string;
  pass: string;
  runAs: Runner;
}

/** Write dovecot.conf and what it names; returns the CA's file with `tls`. */
function writeConfig(dir: string, { port, tlsPort, user, pass, runAs: r, oauth2Key, tls }: ConfigParams): string | undefined {
  for (const d of ['run', 'state', 'mail']) mkdirSync(join(dir, d));
  const ssl = tls ? tlsSettings(dir) : { conf: 'ssl = no\ndisable_plaintext_auth = no', caFile: undefined };
  let oauth2 = '';
  if (oauth2Key) {
    // local validation: the key for tokens without `azp` and `kid` is keys/default/HS256/default
    mkdirSync(join(dir, 'keys/default/HS256'), { recursive: true });
    writeFileSync(join(dir, 'keys/default/HS256/default'), oauth2Key.toString('base64'));
    writeFileSync(
      join(dir, 'oauth2.conf'),
      `introspection_mode = local\nlocal_validation_key_dict = fs:posix:prefix=${dir}/keys/\nusername_attribute = email\n`,
    );
    oauth2 = `passdb {\n  driver = oauth2\n  mechanisms = xoauth2\n  args = ${dir}/oauth2.conf\n}\n`;
  }
  // passwd-file: user:{scheme}password:uid:gid::home::
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${pass}::::::\n`);
  const conf = `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
${ssl.conf}
auth_mechanisms = plain login${oauth2Key ? ' xoauth2' : ''}
auth_failure_delay = 0
default_internal_user = ${r.name}
default_internal_group = ${r.group}
default_login_user = ${r.name}
first_valid_uid = ${r.uid}
last_valid_uid = ${r.uid}
first_valid_gid = ${r.gid}
last_valid_gid = ${r.gid}
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
${oauth2}userdb {
  driver = static
  args = uid=${r.uid} gid=${r.gid} home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
service anvil {
  chroot =
  # no auth penalty (a growing delay after each failed login from an address): tests fail logins on purpose
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  chroot =
  user = ${r.name}
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tlsPort ?? 0}
  }
}
service auth {
  user = ${r.name}
}
service auth-worker {
  user = ${r.name}
}
service stats {
  chroot =
}
`;
  writeFileSync(join(dir, 'dovecot.conf'), conf);
  if (r.switchTo) chownTree(dir, r.uid, r.gid);
  return ssl.caFile;
}

/** Dovecot 2.3's names (2.4 calls them ssl_server_cert_file and ssl_server_key_file). */
function tlsSettings(dir: string): { conf: string; caFile: string } {
  mkdirSync(join(dir, 'tls'));
  const ca = makeTestCa(join(dir, 'tls'));
  const conf = ['ssl = yes', `ssl_cert = <${ca.certFile}`, `ssl_key = <${ca.keyFile}`, 'ssl_min_protocol = TLSv1.2', 'disable_plaintext_auth = no'];
  return { conf: conf.join('\n'), caFile: ca.caFile };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

/** The processes below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) if (pp === p && !out.includes(c)) (out.push(c), walk(c));
  };
  walk(pid);
  return out;
}

/** Running (a zombie waiting for a parent to reap it is not). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Signal these processes (all of this server's), SIGKILL what is left after 3 s. */
async function endProcesses(pids: number[], signal: NodeJS.Signals): Promise<void> {
  for (const p of pids) if (alive(p)) process.kill(p, signal);
  const until = Date.now() + 3_000;
  while (pids.some(alive)) {
    if (Date.now() > until) {
      for (const p of pids) if (alive(p)) process.kill(p, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Until the server greets with "... ready." (the auth process is up), for at most 10 s. */
async function waitForGreeting(port: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dovecot exited (${child.exitCode ?? child.signalCode})`);
    if (await greets(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no greeting within 10 s');
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let buf = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2_000);
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('ready.')) {
        sock.write('a LOGOUT\r\n');
        done(true);
      }
    });
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
  });
}

async function waitForPortClosed(port: number): Promise<void> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: '127.0.0.1', port });
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
