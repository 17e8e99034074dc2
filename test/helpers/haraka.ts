// A throwaway Haraka (the npm package, a dev dependency) on loopback, in a mount namespace whose
// resolver answers "no such domain" (mta-sandbox.ts). Its own directory (config/, plugins/, queue/)
// in a temporary directory. A small plugin of the test relays everything from loopback and routes
// the remote, refused and sink domains to fixed hosts (get_mx); anything else (nohost.test) is
// looked up in DNS. Temporary failures are retried every 5 seconds (Haraka's shortest), `retries`
// times, then bounced.
// Haraka is a relay: it has no local mailboxes, and it sends no delay warnings.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sandboxMissing, spawnSandboxed } from './mta-sandbox.js';
import { daemonStarted, type MtaRoutes, type RunningMta } from './mta-routes.js';
import { freePort } from './ports.js';

function harakaBin(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('Haraka/package.json')), 'bin/haraka');
  } catch {
    return null;
  }
}

/** Why Haraka cannot run here, or null. */
export function harakaMissing(): string | null {
  if (!harakaBin()) return 'the npm package Haraka is not installed (npm ci installs it: a dev dependency)';
  return sandboxMissing();
}

const PLUGIN = (routes: Record<string, { host: string; port: number }>) => `// Relay all mail from loopback; fixed routes for the test's domains (else DNS).
const ROUTES = ${JSON.stringify(routes)};
exports.hook_connect = function (next, connection) {
  connection.relaying = true;
  next();
};
exports.hook_rcpt = function (next) {
  next(OK);
};
exports.hook_get_mx = function (next, hmail, domain) {
  const r = ROUTES[domain.toLowerCase()];
  if (r) return next(OK, { priority: 0, exchange: r.host, port: r.port });
  next();
};
`;

export async function startHaraka(opts: MtaRoutes & { retries?: number }): Promise<RunningMta> {
  const bin = harakaBin();
  if (!bin) throw new Error('Haraka is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'rebound-haraka-'));
  for (const d of ['plugins', 'queue']) mkdirSync(join(dir, d));
  // Haraka's own defaults (connection.ini, outbound.bounce_message, ...), then ours on top
  cpSync(join(dirname(bin), '../config'), join(dir, 'config'), { recursive: true });
  const port = await freePort();
  const routes = Object.fromEntries([opts.remote, opts.refused, opts.sink].map((r) => [r.domain, { host: r.host, port: r.port }]));
  const files: Record<string, string> = {
    'config/smtp.ini': `listen=127.0.0.1:${port}\ndaemonize=false\n`,
    'config/me': 'mta.haraka.test\n',
    'config/plugins': 'rebound_routes\n',
    'config/log.ini': '[main]\nlevel=info\ntimestamps=true\n',
    'config/outbound.ini': `enable_tls=false\ninet_prefer=v4\nconnect_timeout=5\ntemp_fail_intervals=5s*${opts.retries ?? 2}\n`,
    'plugins/rebound_routes.js': PLUGIN(routes),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const logFile = join(dir, 'haraka.log');
  const daemon = spawnSandboxed({ dir, resolver: opts.resolver }, process.execPath, [bin, '-c', dir], logFile);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const stop = await daemonStarted(daemon, { name: 'haraka', port, dir, log, signal: 'SIGKILL', timeoutMs: 20_000 });
  return {
    name: 'haraka',
    port,
    log,
    stop,
    async queued() {
      return readdirSync(join(dir, 'queue')).filter((f) => !f.startsWith('.') && f !== 'error').length;
    },
  };
}
