// Bundles the parser entry (src/parser.ts) into dist/parser.js, one file in place of the ~150
// modules tsc emits for it: Node loads an ES module graph module by module (resolve, read, compile,
// link), and for a process that only parses a batch of files that was a tenth of its time. The
// npm packages it uses stay outside (loaded from node_modules as usual); tsc's parser.d.ts still
// describes it. Run by `npm run build` after tsc; no network. `node scripts/bundle-parser.mjs`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleParser(out = join(root, 'dist', 'parser.js')) {
  await esbuild.build({
    entryPoints: [join(root, 'src', 'parser.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    allowOverwrite: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await bundleParser(process.argv[2]);
  process.stdout.write(`parser bundled in ${out}\n`);
}
