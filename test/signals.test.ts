// The signal rules (pure): each fires at its threshold and not below, names the provider, tells
// authentication from reputation, wants a rise (not a steady share) of 5.1.x, and rates complaints.
import { describe, it, expect } from 'vitest';
import { evaluateSignals } from '../src/signals/rules.js';
import { signalSettingsSchema } from '../src/config/ui.js';
import type { SignalRecord } from '../src/store/dashboard.js';

const settings = signalSettingsSchema.parse({ throttlingMin: 3, blockMin: 2, minRecords: 10, listQualityShare: 0.3, listQualityRise: 2, complaintRate: 0.05 });
let id = 0;
function rec(o: Partial<SignalRecord>): SignalRecord {
  id++;
  return { id, message_id: id, recipient: `u${id}@example.com`, domain: 'example.com', kind: 'bounce', status: '5.1.1', smtp_code: 550, reason: 'userunknown', remote_mta: null, diagnostic: null, event_at: `2026-12-03T08:${String(id % 60).padStart(2, '0')}:00.000Z`, ...o };
}
const none = { userUnknown: 0, failures: 0 };
const run = (records: SignalRecord[], baseline = none) => evaluateSignals({ records, baseline, windowMinutes: 60 }, settings).map((s) => s.key);
const times = <T>(n: number, f: () => T) => Array.from({ length: n }, f);

describe('signal rules', () => {
  it('throttling: 4xx and rate limits from one provider, not a full mailbox', () => {
    const gmail = { domain: 'gmail.com', remote_mta: 'gmail-smtp-in.l.google.com' };
    expect(run(times(2, () => rec({ ...gmail, kind: 'delay', status: '4.7.28', smtp_code: 421, reason: 'ratelimited' })))).toEqual([]);
    expect(run(times(3, () => rec({ ...gmail, kind: 'delay', status: '4.7.28', smtp_code: 421, reason: 'ratelimited' })))).toEqual(['throttling:google']);
    expect(run(times(5, () => rec({ ...gmail, kind: 'delay', status: '4.2.2', smtp_code: 452, reason: 'mailboxfull' })))).toEqual([]);
    // a domain no provider list knows is its own subject
    expect(run(times(3, () => rec({ domain: 'small.example', kind: 'delay', status: '4.3.0', smtp_code: 451, reason: 'systemerror' })))).toEqual(['throttling:small.example']);
  });

  it('blocks: authentication or DNS told apart from reputation', () => {
    const ms = { domain: 'outlook.com' };
    const auth = times(2, () => rec({ ...ms, status: '5.7.26', reason: 'authfailure', diagnostic: '550 5.7.26 DMARC policy' }));
    const spf = times(2, () => rec({ ...ms, status: '5.7.1', reason: 'rejected', diagnostic: '550 5.7.1 SPF check failed' }));
    const rep = times(2, () => rec({ ...ms, status: '5.7.1', reason: 'blocked', diagnostic: '550 5.7.1 listed at zen.spamhaus.org' }));
    expect(run([...auth, ...spf, ...rep])).toEqual(['authentication:microsoft', 'reputation:microsoft']);
    const [a] = evaluateSignals({ records: [...auth, ...spf], baseline: none, windowMinutes: 60 }, settings);
    expect(a).toMatchObject({ signal: 'authentication', count: 4, startedAt: auth[0]!.event_at });
    expect(run(rep.slice(0, 1))).toEqual([]);
  });

  it('list quality: a rising share of 5.1.x, not a steady one', () => {
    const failures = [...times(4, () => rec({})), ...times(6, () => rec({ status: '5.2.1', reason: 'suspend' }))];
    expect(run(failures)).toEqual(['list-quality:all']);
    // the week before had the same share: no rise
    expect(run(failures, { userUnknown: 40, failures: 100 })).toEqual([]);
    // the week before had a tenth of it
    expect(run(failures, { userUnknown: 4, failures: 100 })).toEqual(['list-quality:all']);
    // too few records prove nothing
    expect(run(failures.slice(0, 9))).toEqual([]);
  });

  it('complaints: per record, or per message sent when the volume is known', () => {
    const records = [...times(19, () => rec({ status: '5.2.2', reason: 'mailboxfull', domain: `d${id}.example` })), rec({ kind: 'complaint', status: null, smtp_code: null, reason: 'feedback' })];
    expect(run(records)).toEqual(['complaints:all']); // 1 of 20 = 0.05
    const busy = signalSettingsSchema.parse({ ...settings, sentPerHour: 1000 });
    expect(evaluateSignals({ records, baseline: none, windowMinutes: 60 }, busy).map((s) => s.key)).toEqual([]); // 1 in 1,000 sent
  });
});
