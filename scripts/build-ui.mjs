// Builds the dashboard (ui/) into dist/ui/: one JavaScript bundle and one stylesheet (uPlot's
// included), named by their content's hash, and index.html pointing at them. Run by `npm run build`
// (so by `npm install`'s prepare step); no network. `node scripts/build-ui.mjs [OUT_DIR]`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildUi(out = join(root, 'dist', 'ui')) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, minify: true, write: true, outdir: out, entryNames: '[name]-[hash]', metafile: true, logLevel: 'warning', legalComments: 'none' };
  const js = await esbuild.build({ ...common, entryPoints: { app: join(root, 'ui', 'src', 'main.ts') }, format: 'esm', target: ['chrome110', 'firefox110', 'safari16'] });
  const css = await esbuild.build({ ...common, entryPoints: { app: join(root, 'ui', 'styles.entry.css') } });
  const name = (meta, ext) => basename(Object.keys(meta.metafile.outputs).find((f) => f.endsWith(ext)));
  const html = readFileSync(join(root, 'ui', 'index.html'), 'utf8').replace('__JS__', name(js, '.js')).replace('__CSS__', name(css, '.css'));
  writeFileSync(join(out, 'index.html'), html);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildUi(process.argv[2]);
  process.stdout.write(`dashboard built in ${out}\n`);
}
