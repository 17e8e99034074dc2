// The built CLI as a child process, for what only a real process shows: signals, exit codes, a
// crash. The build goes to its own directory under .tmp/ (ignored by git), so the tests run the
// current sources and never race with `npm run build` over dist/.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Compile the sources into .tmp/NAME and return the path of its cli.js. */
export function buildCli(name: string): string {
  const out = join(ROOT, '.tmp', name);
  mkdirSync(out, { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', out], {
    stdio: 'inherit',
  });
  return join(out, 'cli.js');
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI to its end (in `cwd`, default this process's). */
export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export interface ServeProcess {
  child: ChildProcess;
  /** parsed JSON log lines so far */
  lines: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Kills a serve a test left running (after a test: its own stop may not have been reached). */
export function killServe(serve: ServeProcess | undefined): void {
  if (serve && serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGKILL');
}

/** `rebound --db DBPATH serve` in a child process; resolves once it listens. */
export function startServeProcess(cli: string, dbPath: string, env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  return spawnServe(cli, ['--db', dbPath, 'serve'], env);
}

/** `rebound ARGS` (a serve) in a child process; resolves once it listens. */
export function spawnServe(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: Array<Record<string, unknown>> = [];
  let err = '';
  let partial = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      partial += d.toString();
      let nl: number;
      while ((nl = partial.indexOf('\n')) >= 0) {
        const line = partial.slice(0, nl);
        partial = partial.slice(nl + 1);
        try {
          const rec = JSON.parse(line) as Record<string, unknown>;
          lines.push(rec);
          if (rec.msg === 'rebound serve started') {
            clearTimeout(timer);
            resolvePromise({ child, lines, exited, stderr: () => err });
          }
        } catch {
          // not a log line
        }
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it started: ${err}`));
    });
  });
}

/** The environment without the caller's REBOUND_* settings, so that only the test's count. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REBOUND_')));
}
