// Bundles the parser entry (src/parser.ts) into dist/parser.js, the parse pool's worker
// (src/pipeline/parse-worker.ts) into dist/pipeline/parse-worker.js and `rebound parse`'s thread
// (src/cli/parse-thread.ts) into dist/cli/parse-thread.js, each one file (the worker: three, see
// bundleParseWorker) in place of the ~150 modules tsc emits for it: Node loads an ES module graph
// module by module (resolve, read, compile, link), and for a process that only parses a batch of
// files that was a tenth of its time. The npm packages it uses stay outside (loaded from
// node_modules as usual); tsc's parser.d.ts still describes it. Run by `npm run build` after tsc;
// no network. `node scripts/bundle-parser.mjs`.
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleParser(out = join(root, 'dist', 'parser.js')) {
  return bundle(join(root, 'src', 'parser.ts'), out);
}

/**
 * The parse pool's worker (src/pipeline/parse-worker.ts) the same way: each worker thread loads the
 * parser's module graph again, before its first parse, while the first messages wait for it. What
 * it imports only when its first event comes (the event decoders, and zod with them) goes to a
 * file of its own beside it, `parse-worker-*.js`, with a third for the code both share: a bundle in
 * one file would load zod at the start, as esbuild hoists a package's import to the top.
 */
export async function bundleParseWorker(out = join(root, 'dist', 'pipeline', 'parse-worker.js')) {
  return bundle(join(root, 'src', 'pipeline', 'parse-worker.ts'), out, { split: true });
}

/** `rebound parse`'s parse thread (src/cli/parse-thread.ts), for the same reason. */
export async function bundleParseThread(out = join(root, 'dist', 'cli', 'parse-thread.js')) {
  return bundle(join(root, 'src', 'cli', 'parse-thread.ts'), out);
}

/** `split`: what the entry imports dynamically goes to other files beside `out`, named after it. */
async function bundle(entry, out, { split = false } = {}) {
  const name = basename(out, '.js');
  const built = await esbuild.build({
    entryPoints: [entry],
    ...(split ? { splitting: true, outdir: dirname(out), entryNames: name, chunkNames: `${name}-[name]-[hash]` } : { outfile: out }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    allowOverwrite: true,
    logLevel: 'warning',
    legalComments: 'none',
    metafile: split,
  });
  // an earlier build's files beside it that this one did not write (their names hold a hash of their content)
  if (split) {
    const written = new Set(Object.keys(built.metafile.outputs).map((f) => basename(f)));
    for (const f of readdirSync(dirname(out))) if (f.startsWith(`${name}-`) && /\.js(?:\.map)?$/.test(f) && !written.has(f)) rmSync(join(dirname(out), f));
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await bundleParser(process.argv[2]);
  process.stdout.write(`parser bundled in ${out}\n`);
  if (!process.argv[2]) {
    process.stdout.write(`parse worker bundled in ${await bundleParseWorker()}\n`);
    process.stdout.write(`parse thread bundled in ${await bundleParseThread()}\n`);
  }
}
