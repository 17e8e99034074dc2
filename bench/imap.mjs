#!/usr/bin/env node
// IMAP poller throughput: a mailbox of 5,000 bounces on a throwaway Dovecot (the tests' own
// helper, test/helpers/dovecot.ts), drained by one `pollOnce` into a fresh database: fetch in
// batches, parse, commit (synchronous=FULL, as the poller runs), then MOVE to Processed.
//
//   npm run bench:imap [-- --count N] [--corpus DIR | --generated] [--batch N (default: the poller's)]
//
// The messages are the corpus (../shared/corpus/sisimai/eml, or REBOUND_CORPUS) repeated, each
// copy made unique by one added header line, or with --generated (or no corpus) small generated
// DSNs. They are APPENDed by a real IMAP client first (not timed). The poll runs in a child
// process of its own, so its peak RSS and CPU time are the poller's alone: the clock covers
// pollOnce only. The wall clock depends on what else the machine runs; CPU time much less.
// Needs the build (npm run build) and Debian's dovecot-imapd.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { args, opt } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

if (process.env.REBOUND_BENCH_POLL) await pollPhase(JSON.parse(process.env.REBOUND_BENCH_POLL));
else await main();

async function main() {
  if (!existsSync(join(root, 'dist/index.js'))) {
    console.error('no build: run npm run build first');
    process.exit(2);
  }
  const { parseImapConfig } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  const count = Number(opt('--count') ?? 5000);
  // the poller's default (src/config/imap.ts) unless given
  const batch = Number(opt('--batch') ?? parseImapConfig([{ host: 'h', user: 'u', pass: 'p' }])[0].batchSize);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(batch) || batch < 1) {
    console.error('--count and --batch want positive integers');
    process.exit(2);
  }
  const { startDovecot, dovecotMissing } = await loadDovecotHelper();
  const missing = dovecotMissing();
  if (missing) {
    console.error(`bench:imap needs Dovecot: ${missing}`);
    process.exit(2);
  }
  const messages = sampleMessages(count);
  const { ImapFlow } = await import('imapflow');
  const d = await startDovecot();
  const work = mkdtempSync(join(tmpdir(), 'rebound-bench-imap-'));
  try {
    // APPEND over a few connections at once (the filling is not what is measured)
    const t0 = performance.now();
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        const c = new ImapFlow({ host: d.host, port: d.port, secure: false, auth: { user: d.user, pass: d.pass }, logger: false });
        await c.connect();
        for (let i = lane; i < messages.list.length; i += lanes) await c.append('INBOX', messages.list[i]);
        await c.logout();
      }),
    );
    const appendS = (performance.now() - t0) / 1000;
    const bytes = messages.list.reduce((n, m) => n + m.length, 0);
    messages.list.length = 0;

    const job = { host: d.host, port: d.port, user: d.user, pass: d.pass, db: join(work, 'bench.db'), batch };
    const out = await runChild(job);
    const r = JSON.parse(out);

    // the mailbox afterwards: what was not moved is what the parser called not-bounce
    const c = new ImapFlow({ host: d.host, port: d.port, secure: false, auth: { user: d.user, pass: d.pass }, logger: false });
    await c.connect();
    const inbox = (await c.status('INBOX', { messages: true })).messages;
    const processed = (await c.status('Processed', { messages: true })).messages;
    await c.logout();

    const lines = [
      `messages     ${count} (${messages.source}), ${(bytes / 1024 / 1024).toFixed(1)} MiB, appended in ${appendS.toFixed(1)} s`,
      `pollOnce     ${r.seconds.toFixed(2)} s, batch ${batch}: ${Math.round(count / r.seconds)} messages/s`,
      // the clock depends on what else the machine runs; the poller's own CPU time much less
      `poller CPU   ${r.cpuSeconds.toFixed(2)} s (user+sys): ${Math.round(count / r.cpuSeconds)} messages per CPU second; Dovecot's not counted`,
      `result       ${r.result.new} new, ${r.result.duplicates} duplicates, ${r.result.acted} moved, ${r.result.left} left (not bounces), ${r.result.oversize} over the cap`,
      `mailbox      INBOX ${inbox}, Processed ${processed}`,
      `database     ${r.rows} messages, ${(r.dbBytes / 1024 / 1024).toFixed(1)} MiB`,
      `peak RSS     ${(r.maxRssKb / 1024).toFixed(0)} MB (the polling process, node included)`,
    ];
    console.log(lines.join('\n'));
    if (r.rows !== count || processed !== r.result.acted || inbox !== r.result.left) {
      console.error('mismatch: not every message was stored and moved or left exactly once');
      process.exitCode = 1;
    }
  } finally {
    await d.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The child: a fresh database, one pollOnce, timed; prints JSON. */
async function pollPhase(job) {
  // the V8 settings `rebound poll` and `serve` run with (the CLI sets them at its start)
  (await import(pathToFileURL(join(root, 'dist/v8-tuning.js')).href)).tuneV8();
  const { openStore, pipelineContext, pollOnce, parseImapConfig } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  const { pino } = await import('pino');
  const store = await openStore(job.db);
  const [cfg] = parseImapConfig([{ host: job.host, port: job.port, secure: false, user: job.user, pass: job.pass, batchSize: job.batch }]);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await pollOnce(pipelineContext(store), cfg, { logger: pino({ level: 'warn' }) });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rows = store.sqlite.prepare('select count(*) as n from messages').get().n;
  await store.close();
  const dbBytes = statSync(job.db).size;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, result, rows, dbBytes, maxRssKb: process.resourceUsage().maxRSS }));
}

function runChild(job) {
  return new Promise((resolveRun, reject) => {
    const c = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, REBOUND_BENCH_POLL: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    c.stdout.on('data', (b) => (out += b));
    c.on('exit', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`poll process exited with ${code}`))));
  });
}

/**
 * The tests' Dovecot helper, transpiled on the fly (TypeScript is a dev dependency): one helper, not
 * two. It and the helpers it imports (`./name.js`) become `.mjs` files side by side.
 */
async function loadDovecotHelper() {
  const ts = (await import('typescript')).default;
  const dir = mkdtempSync(join(tmpdir(), 'rebound-bench-helper-'));
  const transpile = (name) => {
    const src = readFileSync(join(root, `test/helpers/${name}.ts`), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const local = [...js.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => m[1]);
    writeFileSync(join(dir, `${name}.mjs`), js.replace(/from '\.\/([\w-]+)\.js'/g, "from './$1.mjs'"));
    for (const l of local) transpile(l);
  };
  transpile('dovecot');
  try {
    return await import(pathToFileURL(join(dir, 'dovecot.mjs')).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sampleMessages(count) {
  let corpus = resolve(opt('--corpus') ?? process.env.REBOUND_CORPUS ?? join(root, '../shared/corpus/sisimai/eml'));
  if (existsSync(join(corpus, 'eml'))) corpus = join(corpus, 'eml');
  const files = !args.includes('--generated') && existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.eml')).sort() : [];
  const list = [];
  if (files.length) {
    const raws = files.map((f) => readFileSync(join(corpus, f)));
    for (let i = 0; i < count; i++) {
      // one header line of our own makes each copy a distinct message (another SHA-256)
      list.push(Buffer.concat([Buffer.from(`X-Rebound-Bench-Copy: ${i}\r\n`), raws[i % raws.length]]));
    }
    return { list, source: `${files.length} corpus files repeated` };
  }
  for (let i = 0; i < count; i++) list.push(generatedDsn(i));
  return { list, source: 'generated DSNs' };
}

function generatedDsn(i) {
  const rcpt = `user${i}@dest${i % 50}.example`;
  return Buffer.from(
    [
      'From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)',
      'To: bounces@sender.example',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <bench${i}@mx.sender.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain',
      '',
      `I could not deliver your message to <${rcpt}>.`,
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.sender.example',
      '',
      `Final-Recipient: rfc822; ${rcpt}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`,
      '',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'From: news@sender.example',
      `To: ${rcpt}`,
      'Subject: Our news',
      '',
      '--B--',
      '',
    ].join('\r\n'),
  );
}
