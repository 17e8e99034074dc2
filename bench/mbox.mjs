#!/usr/bin/env node
// Reading a large mbox (a bounce mailbox exported whole) with the built CLI, as a separate process:
// for each size, writes an mbox of small Postfix bounces with unique Message-IDs in the temporary
// directory, runs `node dist/cli.js parse --json` on it (or `ingest --json` into a fresh database),
// and prints messages/s and the child's peak RSS (VmHWM, sampled from /proc while it runs). Files
// are deleted afterwards. The mbox is streamed, so the peak RSS should not grow with the size.
// Usage: npm run build && npm run bench:mbox [-- --sizes 200M,1G] [--command parse|ingest]
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { args, opt } from './args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../dist/cli.js');
const UNITS = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
const sizes = opt('--sizes', '200M,1G').split(',').map((s) => {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(s.trim());
  if (!m) throw new Error(`--sizes: cannot read ${s} (e.g. 200M, 1G)`);
  return Math.round(Number(m[1]) * (UNITS[m[2].toUpperCase()] ?? 1));
});
const command = opt('--command', 'parse');
if (!['parse', 'ingest'].includes(command)) throw new Error('--command is parse or ingest');

const work = mkdtempSync(join(tmpdir(), 'rebound-bench-mbox-'));
const cleanUp = () => rmSync(work, { recursive: true, force: true });
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

/** One mbox entry: a Postfix bounce of about 1.6 KB, its own Message-IDs and recipient. */
function entry(k) {
  const day = String(1 + (k % 28)).padStart(2, ' ');
  return `From MAILER-DAEMON  Wed May ${day} 08:00:00 2024
Return-Path: <>
From: MAILER-DAEMON@mx.sender.example (Mail Delivery System)
To: bounces@sender.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <${k}.bounce@mx.sender.example>
Date: Wed, ${day} May 2024 08:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B${k}"

--B${k}
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.sender.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<user${k}@dest${k % 97}.example>: host mx.dest${k % 97}.example[192.0.2.${k % 250}] said: 550 5.1.1
    <user${k}@dest${k % 97}.example>: Recipient address rejected: User unknown (in reply to RCPT TO command)

--B${k}
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.sender.example
Arrival-Date: Wed, ${day} May 2024 07:59:58 +0000

Final-Recipient: rfc822; user${k}@dest${k % 97}.example
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.dest${k % 97}.example
Diagnostic-Code: smtp; 550 5.1.1 <user${k}@dest${k % 97}.example>: Recipient address rejected: User unknown

--B${k}
Content-Type: message/rfc822

From: news@sender.example
To: user${k}@dest${k % 97}.example
Subject: Our May news
Message-ID: <${k}.news@sender.example>
Date: Wed, ${day} May 2024 07:59:00 +0000

Hello,
>From now on the newsletter comes monthly.

--B${k}--

`;
}

/** Writes entries until the file has `bytes`; returns how many. */
function writeMbox(path, bytes) {
  const fd = openSync(path, 'w');
  let written = 0;
  let k = 0;
  try {
    while (written < bytes) {
      let batch = '';
      for (let i = 0; i < 1000 && written + batch.length < bytes; i++) batch += entry(k++);
      written += writeSync(fd, batch, null, 'latin1');
    }
  } finally {
    closeSync(fd);
  }
  return k;
}

/** Peak resident set of a running process, in MiB (0 once it is gone). */
function peakRss(pid) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function run(path, expected) {
  const db = join(work, 'bench.db');
  const argv = command === 'parse' ? [cli, 'parse', '--json', path] : [cli, '--db', db, 'ingest', '--json', path];
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRss(child.pid))), 50);
  let lines = 0;
  let tail = '';
  child.stdout.on('data', (d) => {
    if (command === 'parse') for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    else tail += d;
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const messages = command === 'parse' ? lines : JSON.parse(tail).messages;
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  if (code !== 0 || messages !== expected) throw new Error(`${command} exited ${code} with ${messages} of ${expected} messages`);
  return { seconds, messages, peak };
}

try {
  console.log(`command       node dist/cli.js ${command} --json MBOX (a child process; peak RSS sampled every 50 ms)`);
  for (const bytes of sizes) {
    const path = join(work, 'bounces.mbox');
    const count = writeMbox(path, bytes);
    const size = statSync(path).size;
    const r = await run(path, count);
    rmSync(path);
    console.log(
      `${(size / 1024 ** 2).toFixed(0).padStart(6)} MiB  ${String(count).padStart(8)} messages  ${r.seconds.toFixed(1).padStart(6)} s  ` +
        `${Math.round(r.messages / r.seconds)} messages/s  ${(size / 1024 ** 2 / r.seconds).toFixed(1)} MiB/s  peak RSS ${r.peak.toFixed(0)} MiB`,
    );
  }
} finally {
  cleanUp();
}
