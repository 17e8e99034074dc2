import { describe, it, expect } from 'vitest';
import { decide, EMPTY_SOFT, type PolicyEvent, type SoftState } from '../../src/policy/decide.js';
import { DEFAULT_POLICY, parsePolicyConfig } from '../../src/policy/config.js';

const softEvent = (at: string, reason = 'mailboxfull'): PolicyEvent => ({ kind: 'bounce', action: 'failed', type: 'soft', reason, feedbackType: null, at });

function run(events: PolicyEvent[], cfg = DEFAULT_POLICY) {
  let soft: SoftState | null = null;
  return events.map((e) => {
    const eff = decide(e, soft, cfg);
    if ('soft' in eff && eff.soft) soft = eff.soft;
    return eff;
  });
}

describe('decide', () => {
  it('counts events that arrive out of time order within the window', () => {
    const effects = run([softEvent('2024-05-10T00:00:00.000Z'), softEvent('2024-05-01T00:00:00.000Z'), softEvent('2024-05-09T00:00:00.000Z')]);
    expect(effects.map((e) => e.effect)).toEqual(['count-soft', 'count-soft', 'suppress']);
    // the window ends at the latest bounce (05-10): the expiry counts from there
    expect(effects[2]).toMatchObject({ firstEventAt: '2024-05-01T00:00:00.000Z', events: 3, expiresAt: '2024-06-09T00:00:00.000Z' });
  });

  it('drops from the state what has left the window', () => {
    const effects = run([softEvent('2024-05-01T00:00:00.000Z'), softEvent('2024-05-20T00:00:00.000Z')]);
    expect(effects[1]).toMatchObject({ effect: 'count-soft', soft: { events: ['2024-05-20T00:00:00.000Z'], total: 2 } });
  });

  it('ignores a soft bounce older than the last delivery', () => {
    const cleared = { ...EMPTY_SOFT, clearedAt: '2024-05-05T00:00:00.000Z' };
    expect(decide(softEvent('2024-05-04T00:00:00.000Z'), cleared, DEFAULT_POLICY)).toMatchObject({ effect: 'ignore' });
    expect(decide(softEvent('2024-05-06T00:00:00.000Z'), cleared, DEFAULT_POLICY)).toMatchObject({ effect: 'count-soft' });
  });

  it('sorts reasons: address-level counts, sender-level goes to the domain, unknown is ignored', () => {
    expect(decide(softEvent('2024-05-01T00:00:00.000Z', 'suspend'), null, DEFAULT_POLICY).effect).toBe('count-soft');
    expect(decide(softEvent('2024-05-01T00:00:00.000Z', 'badreputation'), null, DEFAULT_POLICY).effect).toBe('sender');
    expect(decide(softEvent('2024-05-01T00:00:00.000Z', 'undefined'), null, DEFAULT_POLICY).effect).toBe('ignore');
  });

  it('takes its settings from the configuration', () => {
    const cfg = parsePolicyConfig({ complaint: { suppressFeedbackTypes: ['abuse', 'not-spam'] }, hard: { suppress: false } });
    const complaint: PolicyEvent = { kind: 'complaint', action: null, type: null, reason: 'feedback', feedbackType: 'not-spam', at: '2024-05-01T00:00:00.000Z' };
    expect(decide(complaint, null, cfg).effect).toBe('suppress');
    expect(decide({ ...softEvent('2024-05-01T00:00:00.000Z', 'userunknown'), type: 'hard' }, null, cfg).effect).toBe('ignore');
    expect(() => parsePolicyConfig({ soft: { minBounces: 0 } })).toThrow();
    expect(() => parsePolicyConfig({ soft: { reasons: ['nonsense'] } })).toThrow();
  });
});
