#!/usr/bin/env node
// Rebound's `parse --json` against Sisimai 4.25 (Debian's libsisimai-perl) on the same files, as
// whole processes, in alternating runs; and against a floor: a Node script that only reads the
// same files and writes one JSON line each (what any parser must pay for start-up, I/O and output).
//
//   npm run bench:vs-sisimai [-- --corpus DIR] [--copies N] [--rounds R] [--workers N] [--no-install]
//
// The corpus (default ../shared/corpus/sisimai/eml) is copied N times (default 10) into a
// temporary directory, so each tool reads every file from disk once per run, as a batch import
// would. Each round runs the three commands in turn (the order rotates per round so no tool is
// always first after a cold cache); a figure is the median over the rounds. Peak RSS is read with
// GNU time (`/usr/bin/time -f %M`). Sisimai (and GNU time) are installed from Debian by this script
// when missing (as root; --no-install to refuse). `--workers N` adds a fourth command, `parse --json
// --workers N` (parse threads beside the main thread), to the same rounds. Needs the build (npm run build).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { args, opt } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const int = (name, dflt) => {
  const n = Number(opt(name, dflt));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${name} wants a positive integer`);
    process.exit(2);
  }
  return n;
};
const copies = int('--copies', 10);
const rounds = int('--rounds', 5);
let corpus = resolve(opt('--corpus', process.env.REBOUND_CORPUS ?? join(here, '../../shared/corpus/sisimai/eml')));
if (existsSync(join(corpus, 'eml')) && statSync(join(corpus, 'eml')).isDirectory()) corpus = join(corpus, 'eml');
if (!existsSync(corpus)) {
  console.error(`no corpus at ${corpus} (set --corpus DIR or REBOUND_CORPUS)`);
  process.exit(2);
}
const cli = join(here, '../dist/cli.js');
if (!existsSync(cli)) {
  console.error('no dist/cli.js: run `npm run build` first');
  process.exit(2);
}

// ---- the tools ------------------------------------------------------------------------------
const has = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'ignore' }).status === 0;
function ensureDebian(pkg, present) {
  if (present()) return;
  if (args.includes('--no-install')) {
    console.error(`${pkg} is missing (and --no-install was given)`);
    process.exit(2);
  }
  console.error(`installing ${pkg} from Debian ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  if (r.status !== 0 || !present()) {
    console.error(`could not install ${pkg}`);
    process.exit(2);
  }
}
ensureDebian('libsisimai-perl', () => has('perl -MSisimai -e 1'));
ensureDebian('time', () => existsSync('/usr/bin/time'));
const sisimaiVersion = spawnSync('perl', ['-MSisimai', '-e', 'print $Sisimai::VERSION'], { encoding: 'utf8' }).stdout.trim();

// ---- the files --------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'rebound-vs-sisimai-'));
const dir = join(work, 'eml');
const names = readdirSync(corpus).filter((f) => statSync(join(corpus, f)).isFile()).sort();
for (let c = 0; c < copies; c++) for (const f of names) cpSync(join(corpus, f), join(dir, `${c}-${f}`));
const messages = names.length * copies;

// Sisimai: one JSON line per message (its own `dump` shape, delivered and vacation reports included
// so it reads every kind Rebound reports), files in the directory's order.
const perl = join(work, 'sisimai-dump.pl');
writeFileSync(
  perl,
  `use strict; use warnings; use Sisimai; use JSON;
my $dir = shift; opendir(my $dh, $dir) or die; my @f = sort grep { -f "$dir/$_" } readdir($dh);
my $json = JSON->new->canonical;
for my $f (@f) {
  my $v = Sisimai->make("$dir/$f", delivered => 1, vacation => 1) // [];
  print $json->encode({ source => $f, recipients => [ map { $_->damn } @$v ] }), "\\n";
}
`,
);
// The floor: read each file, write a JSON line naming it and its size.
const floor = join(work, 'floor.mjs');
writeFileSync(
  floor,
  `import { readdirSync, readFileSync } from 'node:fs';
const dir = process.argv[2]; const out = [];
for (const f of readdirSync(dir).sort()) { const raw = readFileSync(dir + '/' + f); out.push(JSON.stringify({ source: f, bytes: raw.length })); if (out.length >= 256) { process.stdout.write(out.join('\\n') + '\\n'); out.length = 0; } }
if (out.length) process.stdout.write(out.join('\\n') + '\\n');
`,
);

const workers = opt('--workers');
const tools = [
  { name: 'rebound parse --json', argv: ['node', cli, 'parse', '--json', dir] },
  { name: `sisimai ${sisimaiVersion}`, argv: ['perl', perl, dir] },
  { name: 'floor (read + write a line)', argv: ['node', floor, dir] },
  ...(workers === undefined ? [] : [{ name: `rebound … --workers ${workers}`, argv: ['node', cli, 'parse', '--json', '--workers', workers, dir] }]),
];

function run(tool) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...tool.argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = r.stdout.split('\n').filter(Boolean).length;
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  if (lines !== messages) {
    console.error(`${tool.name}: ${lines} lines for ${messages} messages (exit ${r.status})\n${r.stderr.slice(-2000)}`);
    process.exitCode = 1;
  }
  return { s, rssMb: rssKb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`files:   ${messages} (${names.length} from ${corpus}, ${copies} copies), ${rounds} rounds, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const results = tools.map(() => ({ s: [], rss: [] }));
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < tools.length; k++) {
    const i = (k + round) % tools.length; // rotate who goes first
    const r = run(tools[i]);
    results[i].s.push(r.s);
    results[i].rss.push(r.rssMb);
  }
}
rmSync(work, { recursive: true, force: true });

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`${'tool'.padEnd(30)} ${'median s'.padStart(9)} ${'msg/s'.padStart(8)} ${'range msg/s'.padStart(15)} ${'peak RSS MB'.padStart(12)}`);
for (const [i, t] of tools.entries()) {
  const { s, rss } = results[i];
  const rates = s.map((x) => messages / x);
  console.log(
    `${t.name.padEnd(30)} ${fmt(median(s), 3).padStart(9)} ${fmt(messages / median(s)).padStart(8)} ${`${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}`.padStart(15)} ${fmt(Math.max(...rss), 1).padStart(12)}`,
  );
}
// Ratio per round (runs side by side), then the median of those: less sensitive to the machine's
// speed drifting between rounds than a ratio of medians.
for (const i of [0, 3].filter((i) => i < tools.length)) {
  const ratios = results[i].s.map((x, r) => results[1].s[r] / x);
  console.log(`${i ? `with --workers ${workers}:` : 'rebound / sisimai:'} median ${fmt(median(ratios), 2)}× (per round ${ratios.map((x) => fmt(x, 2)).join(', ')}); goal ≥ 5×`);
}
const floorShare = results[2].s.map((x, r) => x / results[0].s[r]);
console.log(`floor / rebound:   the floor takes ${fmt(100 * median(floorShare), 0)}% of rebound's time`);
