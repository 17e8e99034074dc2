// A private view of the file system for an MTA under test, so that it neither queries a real DNS
// server nor needs anything installed or changed on the machine: the MTA runs in its own mount
// namespace (`unshare -m`) where
//   /etc/resolv.conf  names a tiny resolver of this process on a 127.x address, which answers every
//                     question "no such domain" (so no DNS query leaves the machine);
//   /etc/passwd, /etc/group  add the system users the MTA expects (Debian-exim, opensmtpd, ...);
//   /etc/hosts        may give this machine a name with a domain (Sendmail insists on one);
//   other paths       are bound to directories of the test (compiled-in spool paths and the like).
// The network is the machine's own: the MTA reaches the test's servers on loopback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname, userInfo } from 'node:os';

/** Why an MTA cannot be sandboxed here, or null. */
export function sandboxMissing(): string | null {
  if (userInfo().uid !== 0) return 'MTAs under test must be started as root';
  if (spawnSync('unshare', ['-m', 'true']).status !== 0) return 'unshare -m (a mount namespace) is not allowed here';
  return null;
}

/** A resolver on 127.x.y.z:53 that answers NXDOMAIN to everything, and keeps the names asked. */
export interface NxResolver {
  address: string;
  asked: string[];
  close(): Promise<void>;
}

export async function startNxResolver(): Promise<NxResolver> {
  for (let attempt = 0; ; attempt++) {
    const address = `127.53.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const sock = createSocket('udp4');
    const asked: string[] = [];
    sock.on('message', (q, rinfo) => {
      const a = nxdomain(q);
      if (!a) return;
      asked.push(a.name);
      sock.send(a.reply, rinfo.port, rinfo.address);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        sock.once('error', reject);
        sock.bind(53, address, () => resolve());
      });
      return { address, asked, close: () => new Promise((r) => closeSocket(sock, r)) };
    } catch (err) {
      closeSocket(sock, () => undefined);
      if (attempt > 20) throw err;
    }
  }
}

function closeSocket(sock: Socket, done: () => void): void {
  try {
    sock.close(done);
  } catch {
    done();
  }
}

/** The query's header and question sent back with QR, RA and RCODE 3 (NXDOMAIN), nothing else. */
function nxdomain(q: Buffer): { reply: Buffer; name: string } | null {
  if (q.length < 12 || q.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let i = 12;
  while (i < q.length && q[i] !== 0) {
    const len = q[i]!;
    labels.push(q.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  const end = i + 1 + 4; // the root label, QTYPE, QCLASS
  if (end > q.length) return null;
  const reply = Buffer.from(q.subarray(0, end));
  reply[2] = 0x80 | (q[2]! & 0x79); // QR, the query's opcode and RD
  reply[3] = 0x80 | 3; // RA, NXDOMAIN
  reply.writeUInt16BE(0, 6);
  reply.writeUInt16BE(0, 8);
  reply.writeUInt16BE(0, 10);
  return { reply, name: labels.join('.') };
}

export interface SandboxSpec {
  /** the test's directory: resolv.conf, passwd and group are written there */
  dir: string;
  resolver: string;
  /** system users to add: name → uid (the group of the same name gets the same number) */
  users?: Record<string, number>;
  /** a name for this machine with a domain, in /etc/hosts (for an MTA that must qualify its own name) */
  hostname?: string;
  /** [directory of the test, path it is mounted on] */
  binds?: Array<[string, string]>;
  env?: NodeJS.ProcessEnv;
}

/** `cmd args` started in its own mount namespace as described above; its output goes to `logFile`. */
export function spawnSandboxed(spec: SandboxSpec, cmd: string, args: string[], logFile: string): ChildProcess {
  writeFileSync(join(spec.dir, 'resolv.conf'), `nameserver ${spec.resolver}\noptions attempts:1 timeout:1\n`);
  const users = Object.entries(spec.users ?? {});
  writeFileSync(
    join(spec.dir, 'passwd'),
    readFileSync('/etc/passwd', 'utf8') + users.map(([n, id]) => `${n}:x:${id}:${id}::/nonexistent:/usr/sbin/nologin\n`).join(''),
  );
  writeFileSync(join(spec.dir, 'group'), readFileSync('/etc/group', 'utf8') + users.map(([n, id]) => `${n}:x:${id}:\n`).join(''));
  const machine = hostname();
  writeFileSync(join(spec.dir, 'hosts'), `${spec.hostname ? `127.0.0.1 ${spec.hostname} ${machine}\n` : ''}${readFileSync('/etc/hosts', 'utf8')}`);
  const binds: Array<[string, string]> = [
    [join(spec.dir, 'resolv.conf'), '/etc/resolv.conf'],
    [join(spec.dir, 'hosts'), '/etc/hosts'],
    [join(spec.dir, 'passwd'), '/etc/passwd'],
    [join(spec.dir, 'group'), '/etc/group'],
    ...(spec.binds ?? []),
  ];
  for (const [from] of binds) if (!existsSync(from)) throw new Error(`nothing to mount at ${from}`);
  const script = ['set -e', ...binds.map(([from, to]) => `mount --bind ${sh(from)} ${sh(to)}`), `exec "$@" >>${sh(logFile)} 2>&1`].join('\n');
  return spawn('unshare', ['-m', '--propagation', 'private', '/bin/sh', '-c', script, 'sandbox', cmd, ...args], {
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...spec.env },
    stdio: 'ignore',
  });
}

function sh(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
