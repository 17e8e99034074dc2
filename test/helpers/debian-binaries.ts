// MTAs other than Postfix, from Debian, without installing them: Debian lets one MTA package be
// installed at a time (Postfix is, for the other tests), so their packages are fetched with
// `apt-get download` and unpacked with `dpkg -x` into a cache under node_modules, once per machine.
// Only Debian's own archive is used (as configured for apt); nothing runs the packages' scripts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MTA_CACHE = fileURLToPath(new URL('../../node_modules/.cache/rebound-mta/', import.meta.url));

const tried = new Map<string, string | null>();

/**
 * The directory into which the Debian packages `pkgs` are unpacked (their files under it as under
 * `/`), fetching them the first time; or why they cannot be had (`{ missing }`).
 */
export function debianPackages(name: string, pkgs: string[]): { root: string } | { missing: string } {
  const root = join(MTA_CACHE, name);
  if (existsSync(join(root, '.complete'))) return { root };
  if (!tried.has(name)) tried.set(name, fetch(root, pkgs));
  const why = tried.get(name)!;
  return why === null ? { root } : { missing: why };
}

function fetch(root: string, pkgs: string[]): string | null {
  try {
    mkdirSync(MTA_CACHE, { recursive: true });
    // fetched and unpacked aside, then renamed into place: two test files may fetch at once
    const work = mkdtempSync(join(MTA_CACHE, '.fetch-'));
    const download = () => execFileSync('apt-get', ['download', '-qq', ...pkgs], { cwd: work, stdio: 'pipe', timeout: 120_000 });
    try {
      download();
    } catch {
      // a machine whose package lists were never fetched (or are stale) knows no such version
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'pipe', timeout: 300_000 });
      download();
    }
    const tree = join(work, 'root');
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) {
      execFileSync('dpkg', ['-x', join(work, deb), tree], { stdio: 'pipe' });
    }
    execFileSync('touch', [join(tree, '.complete')]);
    if (!existsSync(join(root, '.complete'))) {
      rmSync(root, { recursive: true, force: true });
      renameSync(tree, root);
    }
    rmSync(work, { recursive: true, force: true });
    return null;
  } catch (err) {
    const e = err as Error & { stderr?: Buffer };
    return `could not fetch Debian packages ${pkgs.join(' ')} with apt-get download: ${(e.stderr?.toString() || e.message).trim().split('\n')[0]}`;
  }
}
