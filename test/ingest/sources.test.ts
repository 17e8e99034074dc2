import { describe, it, expect, afterEach } from 'vitest';
import { chmodSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readInputs, type InputItem } from '../../src/sources/files/read-inputs.js';
import { fromLineDate, splitMbox } from '../../src/sources/files/mbox.js';
import { runIngest } from '../../src/cli/ingest.js';
import { complaint, hard, mailboxFull, tempStore, type TempStore } from '../helpers.js';
import { backendStore, describeBackends } from '../helpers/backends.js';

let t: TempStore;
afterEach(async () => t?.cleanup());

async function collect(paths: string[], stdin?: Buffer): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const i of readInputs(paths, { stdin: Readable.from([stdin ?? Buffer.alloc(0)]) })) out.push(i);
  return out;
}

const MBOX = [
  'From MAILER-DAEMON Thu Jan  4 10:20:30 2024',
  'Subject: first',
  '',
  'body one',
  '>From the start of a line',
  '>>From quoted twice',
  '',
  'From MAILER-DAEMON  Fri Jan  5 11:00:00 2024',
  'Subject: second',
  '',
  'body two',
  '',
].join('\n');

describe('mbox', () => {
  it('splits on From_ lines, unquotes >From and reads the dates', () => {
    const msgs = splitMbox(Buffer.from(MBOX));
    expect(msgs).toHaveLength(2);
    expect(msgs[0]!.raw.toString()).toBe('Subject: first\n\nbody one\nFrom the start of a line\n>From quoted twice\n');
    expect(msgs[1]!.raw.toString()).toBe('Subject: second\n\nbody two\n');
    expect(msgs[0]!.date?.toISOString()).toBe('2024-01-04T10:20:30.000Z');
    expect(msgs[1]!.date?.toISOString()).toBe('2024-01-05T11:00:00.000Z');
    expect(fromLineDate('From someone')).toBeNull();
  });

  it('reads an mbox file as its messages, with path#n references', async () => {
    t = await tempStore();
    const path = join(t.dir, 'bounces');
    writeFileSync(path, MBOX);
    const items = await collect([path]);
    expect(items.map((i) => i.ref)).toEqual([`${path}#1`, `${path}#2`]);
    expect(items.every((i) => i.ok)).toBe(true);
  });

  it('reads an mbox on standard input', async () => {
    const items = await collect(['-'], Buffer.from(MBOX));
    expect(items.map((i) => (i.ok ? i.source : 'error'))).toEqual(['stdin', 'stdin']);
  });

  it('keeps an .eml file whole even when a From_ line heads it', async () => {
    t = await tempStore();
    const path = join(t.dir, 'one.eml');
    writeFileSync(path, MBOX);
    const items = await collect([path]);
    expect(items).toHaveLength(1);
    expect(items[0]!.ok && items[0]!.raw.toString()).toBe(MBOX);
    expect(items[0]!.ok && items[0]!.receivedAt.toISOString()).toBe('2024-01-04T10:20:30.000Z');
  });
});

describe('Maildir and directories', () => {
  it('reads cur/ and new/ of a Maildir, not tmp/, with the delivery time from the file name', async () => {
    t = await tempStore();
    const md = join(t.dir, 'Maildir');
    for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(md, d), { recursive: true });
    writeFileSync(join(md, 'new', '1714557600.M1P1.host'), hard('a@dest.example'));
    writeFileSync(join(md, 'cur', '1714644000.M2P1.host:2,S'), hard('b@dest.example'));
    writeFileSync(join(md, 'tmp', '1714644001.M3P1.host'), hard('c@dest.example'));
    const items = await collect([md]);
    expect(items.map((i) => i.ref)).toEqual([join(md, 'new', '1714557600.M1P1.host'), join(md, 'cur', '1714644000.M2P1.host:2,S')]);
    expect(items.map((i) => (i.ok ? i.receivedAt.toISOString() : ''))).toEqual(['2024-05-01T10:00:00.000Z', '2024-05-02T10:00:00.000Z']);
  });

  it('walks directories recursively, in name order, skipping dotfiles; file times as received times', async () => {
    t = await tempStore();
    mkdirSync(join(t.dir, 'in', 'b'), { recursive: true });
    writeFileSync(join(t.dir, 'in', 'b', '2.eml'), hard('b@dest.example'));
    writeFileSync(join(t.dir, 'in', 'a.eml'), hard('a@dest.example'));
    writeFileSync(join(t.dir, 'in', '.DS_Store'), 'junk');
    utimesSync(join(t.dir, 'in', 'a.eml'), new Date('2024-03-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z'));
    const items = await collect([join(t.dir, 'in')]);
    expect(items.map((i) => i.ref)).toEqual([join(t.dir, 'in', 'a.eml'), join(t.dir, 'in', 'b', '2.eml')]);
    expect(items[0]!.ok && items[0]!.receivedAt.toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });
});

describe('.eml files met in a walk (read through one open descriptor, without a stat of the path)', () => {
  it('gives each its bytes and file time; one over the limit, an unreadable one and a FIFO are error items, and nothing waits', async () => {
    t = await tempStore();
    const dir = join(t.dir, 'in');
    mkdirSync(dir);
    const a = hard('a@dest.example');
    writeFileSync(join(dir, 'a.eml'), a);
    utimesSync(join(dir, 'a.eml'), new Date('2024-03-01T00:00:00Z'), new Date('2024-03-01T00:00:00Z'));
    writeFileSync(join(dir, 'b.eml'), hard('big@dest.example', 'x'.repeat(3000)));
    writeFileSync(join(dir, 'c.eml'), '');
    execFileSync('mkfifo', [join(dir, 'd.eml')]); // never written to: opening it to read would wait for a writer
    writeFileSync(join(dir, 'e.eml'), hard('unreadable@dest.example'));
    chmodSync(join(dir, 'e.eml'), 0);
    const unreadable = process.getuid?.() !== 0; // root reads it anyway
    const items: InputItem[] = [];
    for await (const i of readInputs([dir], { maxMessageBytes: 2000 })) items.push(i);
    expect(items.map((i) => (i.ok ? `${i.ref} ${i.raw.length}` : `${i.ref}: ${i.error}`))).toEqual([
      `${join(dir, 'a.eml')} ${a.length}`,
      `${join(dir, 'b.eml')}: message too large: more than 2000 bytes`,
      `${join(dir, 'c.eml')} 0`,
      `${join(dir, 'd.eml')}: not a regular file`,
      unreadable ? expect.stringMatching(/^.*e\.eml: EACCES/) : expect.stringMatching(/e\.eml \d+$/),
    ]);
    expect(items[0]!.ok && items[0]!.raw.equals(Buffer.from(a))).toBe(true);
    expect(items[0]!.ok && items[0]!.receivedAt.toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });
});

describe('symbolic links in a walked directory', () => {
  it('follows a link to a file inside, skips (and says) a link out of it or to a directory, reports a broken one', async () => {
    t = await tempStore();
    const dir = join(t.dir, 'in');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    mkdirSync(join(t.dir, 'outside'));
    writeFileSync(join(dir, 'a.eml'), hard('a@dest.example'));
    writeFileSync(join(t.dir, 'outside', 'secret.eml'), hard('secret@dest.example'));
    symlinkSync(join(dir, 'a.eml'), join(dir, 'sub', 'inside.eml'));
    symlinkSync('../../outside/secret.eml', join(dir, 'sub', 'out.eml'));
    symlinkSync(join(t.dir, 'outside'), join(dir, 'elsewhere'));
    symlinkSync('..', join(dir, 'sub', 'loop')); // inside, but a directory: would walk for ever
    symlinkSync(join(dir, 'nothing.eml'), join(dir, 'sub', 'broken.eml'));
    const skipped: string[] = [];
    const items: InputItem[] = [];
    for await (const i of readInputs([dir], { onSkip: (ref, why) => skipped.push(`${ref}: ${why}`) })) items.push(i);
    expect(items.map((i) => [i.ref, i.ok])).toEqual([
      [join(dir, 'a.eml'), true],
      [join(dir, 'sub', 'broken.eml'), false],
      [join(dir, 'sub', 'inside.eml'), true],
    ]);
    expect(skipped).toEqual([
      `${join(dir, 'elsewhere')}: a symbolic link out of the directory (to ${join(t.dir, 'outside')}): not followed`,
      `${join(dir, 'sub', 'loop')}: a symbolic link to a directory: not followed`,
      `${join(dir, 'sub', 'out.eml')}: a symbolic link out of the directory (to ${join(t.dir, 'outside', 'secret.eml')}): not followed`,
    ]);
    // a link given on the command line is the user's choice: followed
    expect((await collect([join(dir, 'sub', 'out.eml')])).map((i) => i.ok)).toEqual([true]);
  });
});

describeBackends('runIngest', (backend) => {
  it('reports a corrupt or unreadable input among good ones and ingests the rest', async () => {
    t = await backendStore(backend);
    const dir = join(t.dir, 'in');
    mkdirSync(dir);
    writeFileSync(join(dir, '1.eml'), hard('one@dest.example'));
    writeFileSync(join(dir, '2.eml'), Buffer.from([0, 1, 2, 255, 254, 0, 7])); // not a message
    symlinkSync(join(dir, 'gone.eml'), join(dir, '3.eml')); // a dangling link: cannot be read
    writeFileSync(join(dir, '4.eml'), complaint('two@dest.example', 'abuse'));
    const summary = await runIngest(t.ctx, [dir, join(t.dir, 'no-such-file')]);
    expect(summary).toMatchObject({
      messages: 3,
      new: 3,
      duplicates: 0,
      failed: 1,
      unreadable: 2,
      records: 2,
      suppressed: 2,
      byKind: { bounce: 1, complaint: 1, 'not-bounce': 1 },
    });
    expect(summary.errors.map((e) => e.input)).toEqual([join(dir, '3.eml'), join(t.dir, 'no-such-file')]);
    expect((await t.ctx.port.check('one@dest.example', t.ctx.now())).sendable).toBe(false);
    expect((await t.ctx.port.check('two@dest.example', t.ctx.now())).sendable).toBe(false);

    const again = await runIngest(t.ctx, [dir]);
    expect(again).toMatchObject({ messages: 3, new: 0, duplicates: 3, records: 0, suppressed: 0 });
  });

  it('ingests an mbox of soft bounces on different days into a soft suppression', async () => {
    t = await backendStore(backend);
    const path = join(t.dir, 'mbox');
    const parts = [
      ['Wed May  1 08:00:00 2024', 's1'],
      ['Thu May  2 08:00:00 2024', 's2'],
      ['Thu May  2 09:00:00 2024', 's3'],
    ].map(([d, id]) => `From MAILER-DAEMON ${d}\n${mailboxFull('full@dest.example', id).toString().replace(/\r\n/g, '\n')}\n`);
    writeFileSync(path, parts.join(''));
    const s = await runIngest(t.ctx, [path]);
    expect(s).toMatchObject({ messages: 3, new: 3, suppressed: 1 });
    expect((await t.ctx.port.check('full@dest.example', new Date('2024-05-03T00:00:00Z'))).suppression).toMatchObject({
      type: 'soft',
      expires_at: '2024-06-01T09:00:00.000Z',
    });
  });
});
