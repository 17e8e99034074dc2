// What a sender's own MTA was told, classified: POST /v1/classify (and recorded through the policy
// when asked) over real HTTP, and `rebound classify` as users run it.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { reparse } from '../../src/pipeline/reparse.js';
import { ensureBuilt, runCli } from '../helpers/cli.js';
import { type EventsApi, rows, startEventsApi } from '../helpers/events.js';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 180_000 });

const TOKEN = 'test-token-0123456789';
let api: EventsApi;
const classify = async (body: unknown, token: string | null = TOKEN) => {
  const res = await fetch(`${api.http.address}/v1/classify`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, json: (await res.json()) as any };
};
const messageCount = () => rows(api.t, 'select count(*) as n from messages')[0].n as number;

beforeAll(async () => {
  api = await startEventsApi({}, TOKEN);
  ensureBuilt(['cli/classify.js']);
});
afterAll(async () => api?.close());

describe('POST /v1/classify', () => {
  it('gives reason, type and advice, and stores nothing', async () => {
    const r = await classify({ reply: '550 5.1.1 <gone@dest.example>: Recipient address rejected: User unknown in virtual mailbox table', command: 'rcpt', remoteMta: 'mx.dest.example' });
    expect(r).toMatchObject({ status: 200, json: { reason: 'userunknown', type: 'hard', temporary: false, smtpCode: 550, status: '5.1.1', command: 'RCPT', action: 'suppress' } });
    const block = await classify({ reply: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', command: 'RCPT' });
    expect(block.json).toMatchObject({ reason: 'blocked', type: 'soft', action: 'fix-sending' });
    const later = await classify({ reply: '452 4.2.2 Mailbox full' });
    expect(later.json).toMatchObject({ reason: 'mailboxfull', type: 'soft', temporary: true, action: 'retry' });
    expect(messageCount()).toBe(0);
  });

  it('with record: true, stores it about the recipient and applies the policy; the same report twice counts once', async () => {
    const body = { reply: '550 5.1.1 user unknown', command: 'RCPT', recipient: 'Gone@Dest.example', record: true, at: '2024-05-06T10:00:00Z' };
    const r = await classify(body);
    expect(r).toMatchObject({ status: 201, json: { reason: 'userunknown', type: 'hard', recorded: { new: 1, records: 1, suppressed: ['gone@dest.example'] } } });
    expect(rows(api.t, 'select type, reason from suppressions where address = ?', 'gone@dest.example')).toEqual([{ type: 'hard', reason: 'userunknown' }]);
    expect(rows(api.t, 'select b.command, b.smtp_code, m.raw_format from bounces b join messages m on m.id = b.message_id where recipient = ?', 'gone@dest.example')).toEqual([
      { command: 'RCPT', smtp_code: 550, raw_format: 'reply' },
    ]);
    expect((await classify(body)).json.recorded).toMatchObject({ new: 0, duplicates: 1 });
    expect(reparse(api.t.ctx, 'all').changed).toEqual([]);
  });

  it('answers 400 naming the field, and 401 without the token', async () => {
    expect(await classify({ reply: '550 5.1.1 x', record: true })).toMatchObject({ status: 400, json: { field: 'recipient' } });
    expect(await classify({ reply: '550 5.1.1 x', record: true, recipient: 'not an address' })).toMatchObject({ status: 400, json: { field: 'recipient' } });
    expect(await classify({ reply: '' })).toMatchObject({ status: 400, json: { field: 'reply' } });
    expect(await classify({ reply: '550 x', command: 'HELLO' })).toMatchObject({ status: 400, json: { field: 'command' } });
    expect((await classify({ reply: '550 x' }, null)).status).toBe(401);
  });
});

describe('rebound classify', () => {
  it('prints codes, type, reason and advice; --json one object; a bad option exits 2 with one line', async () => {
    const text = await runCli(['classify', '--command', 'RCPT', '550 5.1.1 <gone@dest.example>: Recipient address rejected: User unknown'], {});
    expect(text).toMatchObject({ status: 0, stderr: '' });
    expect(text.stdout).toMatch(/^550 5\.1\.1 {2}hard {2}userunknown\n {2}Action: {2}suppress\n {2}Advice: {2}The mailbox does not exist/);
    const json = await runCli(['classify', '--json', '421', '4.7.0', 'Try', 'again', 'later'], {});
    expect(JSON.parse(json.stdout)).toMatchObject({ smtpCode: 421, status: '4.7.0', temporary: true, action: 'retry' });
    const bad = await runCli(['classify', '--command', 'HELLO', '550 x'], {});
    expect(bad).toMatchObject({ status: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^rebound: --command: expected an SMTP command[^\n]*\n$/);
  });
});
