// The export layouts and filters, on both stores (read through the store port), and the atomic write.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportSuppressions } from '../../src/export/export.js';
import { writeFileAtomic } from '../../src/export/write-atomic.js';
import { formatNamed, formatSuppressions, type ExportFormat } from '../../src/export/formats.js';
import type { SuppressionRow } from '../../src/store/schema.js';
import { at, complaint, hard, mailboxFull } from '../helpers.js';
import { type BackendStore, backendStore, describeBackends } from '../helpers/backends.js';

let t: BackendStore;

const ROW: SuppressionRow = {
  id: 1, address: 'x@x.example', domain: 'x.example', type: 'hard', reason: 'userunknown', suppressed_at: '2024-05-01T08:00:00.000Z',
  first_event_at: '2024-05-01T08:00:00.000Z', last_event_at: '2024-05-01T08:00:00.000Z', event_count: 1, bounce_id: null,
  expires_at: null, lifted_at: null, note: null,
};

const exp = async (format: ExportFormat, extra: object = {}) => (await exportSuppressions(t.ctx, { format, ...extra })).text;

describeBackends('the export', (backend) => {
  beforeAll(async () => {
    t = await backendStore(backend, { now0: '2024-05-03T12:00:00Z' });
    const p = t.ctx.port;
    await p.ingest(hard('Gone@Dest.Example'), at('2024-05-01T08:00:00Z'));
    await p.ingest(complaint('reader@fbl.example', 'abuse'), at('2024-05-02T09:30:00Z'));
    await p.suppress('user@bücher.example', 'asked "stop", by phone', t.ctx.now());
    await p.ingest(mailboxFull('full@dest.example', 's1'), at('2024-05-01T08:00:00Z'));
    await p.ingest(mailboxFull('full@dest.example', 's2'), at('2024-05-02T08:00:00Z'));
    await p.ingest(mailboxFull('full@dest.example', 's3'), at('2024-05-02T10:00:00Z'));
    t.setNow('2024-05-04T00:00:00Z');
  });
  afterAll(async () => t?.cleanup());

  describe('export layouts', () => {
    it('txt: one address per line, sorted', async () => {
      expect(await exp('txt')).toBe('full@dest.example\ngone@dest.example\nreader@fbl.example\nuser@xn--bcher-kva.example\n');
    });

    it('csv: RFC 4180 with a header', async () => {
      expect(await exp('csv')).toBe(
        'address,domain,type,reason,suppressed_at,first_event_at,last_event_at,event_count,expires_at\r\n' +
          'full@dest.example,dest.example,soft,mailboxfull,2024-05-02T10:00:00.000Z,2024-05-01T08:00:00.000Z,2024-05-02T10:00:00.000Z,3,2024-06-01T10:00:00.000Z\r\n' +
          'gone@dest.example,dest.example,hard,userunknown,2024-05-01T08:00:00.000Z,2024-05-01T08:00:00.000Z,2024-05-01T08:00:00.000Z,1,\r\n' +
          'reader@fbl.example,fbl.example,complaint,abuse,2024-05-02T09:30:00.000Z,2024-05-02T09:30:00.000Z,2024-05-02T09:30:00.000Z,1,\r\n' +
          'user@xn--bcher-kva.example,xn--bcher-kva.example,manual,"asked ""stop"", by phone",2024-05-03T12:00:00.000Z,2024-05-03T12:00:00.000Z,2024-05-03T12:00:00.000Z,1,\r\n',
      );
    });

    it('json and ndjson: the same records', async () => {
      const text = await exp('json', { types: ['hard'] });
      expect(text).toBe(
        '[\n  {\n    "address": "gone@dest.example",\n    "domain": "dest.example",\n    "type": "hard",\n' +
          '    "reason": "userunknown",\n    "suppressedAt": "2024-05-01T08:00:00.000Z",\n' +
          '    "firstEventAt": "2024-05-01T08:00:00.000Z",\n    "lastEventAt": "2024-05-01T08:00:00.000Z",\n' +
          '    "eventCount": 1,\n    "expiresAt": null\n  }\n]\n',
      );
      expect(await exp('ndjson', { types: ['hard'] })).toBe(
        '{"address":"gone@dest.example","domain":"dest.example","type":"hard","reason":"userunknown",' +
          '"suppressedAt":"2024-05-01T08:00:00.000Z","firstEventAt":"2024-05-01T08:00:00.000Z",' +
          '"lastEventAt":"2024-05-01T08:00:00.000Z","eventCount":1,"expiresAt":null}\n',
      );
      const json = JSON.parse(await exp('json'));
      expect(json).toHaveLength(4);
      expect(json[1]).toEqual({
        address: 'gone@dest.example',
        domain: 'dest.example',
        type: 'hard',
        reason: 'userunknown',
        suppressedAt: '2024-05-01T08:00:00.000Z',
        firstEventAt: '2024-05-01T08:00:00.000Z',
        lastEventAt: '2024-05-01T08:00:00.000Z',
        eventCount: 1,
        expiresAt: null,
      });
      const nd = await exp('ndjson');
      expect(nd.endsWith('\n')).toBe(true);
      expect(nd.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(json);
    });

    it('postfix: an access map, `address REJECT text`', async () => {
      expect(await exp('postfix')).toBe(
        'full@dest.example REJECT recipient suppressed: soft bounce (mailboxfull)\n' +
          'gone@dest.example REJECT recipient suppressed: hard bounce (userunknown)\n' +
          'reader@fbl.example REJECT recipient suppressed: complaint (abuse)\n' +
          'user@xn--bcher-kva.example REJECT recipient suppressed: manual: asked "stop", by phone\n',
      );
    });

    it('mailgun-bounces: hard bounces only, with the server\'s own reply code and words (alias: mailgun)', async () => {
      const text = await exp('mailgun-bounces');
      expect(text).toBe(
        'address,code,error,created_at\r\n' +
          'gone@dest.example,550,<Gone@Dest.Example>: Recipient address rejected: User unknown,"Wed, 01 May 2024 08:00:00 GMT"\r\n',
      );
      expect(await exp(formatNamed('mailgun')!)).toBe(text);
      expect(await exp('mailgun-bounces', { types: ['soft', 'complaint'] })).toBe('address,code,error,created_at\r\n');
    });

    it('mailgun-complaints and mailgun-unsubscribes: their own lists and columns', async () => {
      expect(await exp('mailgun-complaints')).toBe('address,created_at\r\nreader@fbl.example,"Thu, 02 May 2024 09:30:00 GMT"\r\n');
      expect(await exp('mailgun-unsubscribes')).toBe('address,tags,created_at\r\nuser@xn--bcher-kva.example,*,"Fri, 03 May 2024 12:00:00 GMT"\r\n');
    });

    it('ses: address and BOUNCE or COMPLAINT, no header', async () => {
      expect(await exp('ses')).toBe(
        'full@dest.example,BOUNCE\r\ngone@dest.example,BOUNCE\r\nreader@fbl.example,COMPLAINT\r\nuser@xn--bcher-kva.example,BOUNCE\r\n',
      );
    });

    it('sendgrid: the body of POST /v3/asm/suppressions/global', async () => {
      expect(await exp('sendgrid', { types: ['hard', 'complaint'] })).toBe('{"recipient_emails":["gone@dest.example","reader@fbl.example"]}\n');
      expect(JSON.parse(await exp('sendgrid', { types: ['soft'], domain: 'none.example' }))).toEqual({ recipient_emails: [] });
    });

    it('postmark: one request body per line, 50 addresses each', async () => {
      expect(await exp('postmark', { types: ['complaint', 'manual'] })).toBe(
        '{"Suppressions":[{"EmailAddress":"reader@fbl.example"},{"EmailAddress":"user@xn--bcher-kva.example"}]}\n',
      );
      const rows = Array.from({ length: 120 }, (_, i) => ({ ...ROW, id: i + 1, address: `u${String(i).padStart(3, '0')}@x.example` }));
      const lines = formatSuppressions('postmark', rows).split('\n');
      expect(lines.pop()).toBe('');
      const bodies = lines.map((l) => JSON.parse(l) as { Suppressions: Array<{ EmailAddress: string }> });
      expect(bodies.map((b) => b.Suppressions.length)).toEqual([50, 50, 20]);
      expect(bodies.flatMap((b) => b.Suppressions.map((s) => s.EmailAddress))).toEqual(rows.map((r) => r.address));
      expect(formatSuppressions('postmark', [])).toBe('');
    });
  });

  describe('export filters', () => {
    it('by type, since and domain (either IDN form); expired soft suppressions are left out', async () => {
      expect(await exp('txt', { types: ['manual'] })).toBe('user@xn--bcher-kva.example\n');
      expect(await exp('txt', { since: new Date('2024-05-02T00:00:00Z') })).toBe(
        'full@dest.example\nreader@fbl.example\nuser@xn--bcher-kva.example\n',
      );
      expect(await exp('txt', { domain: 'Bücher.Example' })).toBe('user@xn--bcher-kva.example\n');
      expect(await exp('txt', { domain: 'dest.example', at: new Date('2024-06-02T00:00:00Z') })).toBe('gone@dest.example\n');
    });
  });

});

describe('writeFileAtomic', () => {
  let dir = '';
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'rebound-atomic-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file whole and leaves no temporary file', () => {
    const path = join(dir, 'out.txt');
    writeFileSync(path, 'old content\n');
    writeFileAtomic(path, 'new\n');
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('throws and writes nothing when the target directory is missing', () => {
    const path = join(dir, 'missing-dir', 'out.txt');
    // the error names the target, not the temporary file beside it
    expect(() => writeFileAtomic(path, 'x')).toThrow(new Error(`cannot write ${path}: no such file or directory (ENOENT)`));
    expect(existsSync(path)).toBe(false);
  });
});
