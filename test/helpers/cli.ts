// The built CLI (dist/cli.js) in a child process, as users run it. The build is brought up to date
// first when dist/ is missing or older than src/ (tsc, then the parser's bundles, as npm run build).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build when `files` (relative to dist/) are missing or older than the sources. */
export function ensureBuilt(files: string[]): void {
  const built = [cli, ...files.map((f) => join(root, 'dist', f))];
  const stale = built.some((f) => !existsSync(f)) || Math.min(...built.map((f) => statSync(f).mtimeMs)) < newestMtime(join(root, 'src'));
  if (!stale) return;
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    // tsc still writes the JavaScript when another module has a type error; only a missing file is fatal here
    if (built.some((f) => !existsSync(f))) throw err;
  }
  // and the parser's bundles over tsc's modules, as `npm run build` leaves dist/ (the CLI runs either)
  execFileSync(process.execPath, [join(root, 'scripts/bundle-parser.mjs')], { cwd: root, stdio: 'pipe' });
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Run `rebound ARGS` with exactly `env` (plus PATH), without blocking the test's event loop. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', REBOUND_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const status = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}
