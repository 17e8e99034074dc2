// The signals: the advice senders get about bounce trends, as rules over the records of a recent
// window. Pure: records in, signals out (monitor.ts reads the store and raises the alerts). The
// codes and reasons each rule counts are data below; the thresholds are configuration ([ui.signals]).
import type { SignalSettings } from '../config/ui.js';
import type { SignalRecord } from '../store/dashboard.js';
import { providerOf } from '../stats/providers.js';
import type { Reason } from '../vocabulary/index.js';

export const SIGNALS = ['throttling', 'list-quality', 'reputation', 'authentication', 'complaints'] as const;
export type SignalName = (typeof SIGNALS)[number];

/** What a person should look at, per signal. */
export const ADVICE: Record<SignalName, string> = {
  throttling: 'The provider is deferring your mail (4xx, rate limits): slow down to it, spread the sending, and retry with backoff.',
  'list-quality': 'More of your mail goes to addresses that do not exist (5.1.x): clean the list, check where the new addresses come from, use confirmed opt-in.',
  reputation: 'The provider blocks your mail for its reputation or content (5.7.x, blocklists, spam): check blocklists, what you sent lately and to whom.',
  authentication: 'The provider refuses your mail for authentication or DNS (SPF, DKIM, DMARC, reverse DNS): fix your DNS records and signing.',
  complaints: 'Recipients report your mail as spam: stop mailing those who did not ask for it, make unsubscribing easy.',
};

/** reasons of the classifier's vocabulary (a name it no longer gives fails the type check) */
const reasons = (names: Reason[]): ReadonlySet<string> => new Set(names);
/** Replies that defer or limit the sender (beside any 4xx). */
const THROTTLING_REASONS = reasons(['ratelimited', 'systemfull']);
/** 4xx replies that are about the one recipient, not the sender: not throttling. */
const RECIPIENT_REASONS = reasons(['mailboxfull', 'emailtoolarge', 'userunknown', 'hostunknown', 'hasmoved', 'suspend']);
const AUTH_REASONS = reasons(['authfailure', 'requireptr', 'securityerror', 'failedstarttls']);
/** RFC 7372 and later: the authentication statuses */
const AUTH_STATUSES = new Set(['5.7.20', '5.7.21', '5.7.22', '5.7.23', '5.7.24', '5.7.25', '5.7.26', '5.7.27', '5.7.30']);
const AUTH_WORDS = /\b(spf|dkim|dmarc|ptr|reverse dns|rdns|not authenticated|authentication)\b/i;
const REPUTATION_REASONS = reasons(['blocked', 'badreputation', 'spamdetected', 'policyviolation', 'virusdetected']);

const FAILURE_KINDS = new Set(['bounce', 'delay']);
/** The records shown with a signal (the rest are counted) */
const SAMPLE = 50;

export interface Signal {
  /** `signal:subject`, stable while it holds */
  key: string;
  signal: SignalName;
  /** the provider, or `all` */
  subject: string;
  /** the first record behind it in the window */
  startedAt: string;
  count: number;
  /** what the rule measured, for the page and the webhook */
  measure: Record<string, number | string>;
  advice: string;
  records: SignalRecord[];
}

export interface SignalInput {
  records: SignalRecord[];
  /** the week before: 5.1.x failures and all failures (from the daily roll-up) */
  baseline: { userUnknown: number; failures: number };
  windowMinutes: number;
}

const isThrottling = (r: SignalRecord) =>
  FAILURE_KINDS.has(r.kind) &&
  !RECIPIENT_REASONS.has(r.reason) &&
  (THROTTLING_REASONS.has(r.reason) || (r.smtp_code !== null && r.smtp_code >= 400 && r.smtp_code < 500) || !!r.status?.startsWith('4.'));

const isAuth = (r: SignalRecord) =>
  AUTH_REASONS.has(r.reason) || (!!r.status && AUTH_STATUSES.has(r.status)) || (!!r.status?.startsWith('5.7.') && AUTH_WORDS.test(r.diagnostic ?? ''));

const isBlock = (r: SignalRecord) => r.kind === 'bounce' && (REPUTATION_REASONS.has(r.reason) || AUTH_REASONS.has(r.reason) || !!r.status?.startsWith('5.7.'));

const isPermanentFailure = (r: SignalRecord) => r.kind === 'bounce' && (!!r.status?.startsWith('5.') || (r.smtp_code !== null && r.smtp_code >= 500));

export function evaluateSignals(input: SignalInput, s: SignalSettings): Signal[] {
  const out: Signal[] = [];
  const make = (signal: SignalName, subject: string, records: SignalRecord[], measure: Signal['measure']): Signal => ({
    key: `${signal}:${subject}`,
    signal,
    subject,
    startedAt: records[0]!.event_at,
    count: records.length,
    measure,
    advice: ADVICE[signal],
    records: records.slice(-SAMPLE),
  });

  // per provider: throttling, and blocks split into authentication and reputation
  const byProvider = new Map<string, SignalRecord[]>();
  for (const r of input.records) {
    const p = providerOf(r.remote_mta, r.domain);
    const key = p === 'other' ? r.domain : p;
    let list = byProvider.get(key);
    if (!list) byProvider.set(key, (list = []));
    list.push(r);
  }
  for (const [provider, records] of [...byProvider].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const throttled = records.filter(isThrottling);
    if (throttled.length >= s.throttlingMin) out.push(make('throttling', provider, throttled, { replies: throttled.length, windowMinutes: input.windowMinutes }));
    const blocks = records.filter(isBlock);
    const auth = blocks.filter(isAuth);
    const reputation = blocks.filter((r) => !isAuth(r));
    if (auth.length >= s.blockMin) out.push(make('authentication', provider, auth, { blocks: auth.length, windowMinutes: input.windowMinutes }));
    if (reputation.length >= s.blockMin) out.push(make('reputation', provider, reputation, { blocks: reputation.length, windowMinutes: input.windowMinutes }));
  }

  // list quality: a rising share of 5.1.x among the permanent failures
  const failures = input.records.filter(isPermanentFailure);
  const unknown = failures.filter((r) => r.status?.startsWith('5.1.'));
  if (failures.length >= s.minRecords && unknown.length) {
    const share = unknown.length / failures.length;
    const before = input.baseline.failures ? input.baseline.userUnknown / input.baseline.failures : 0;
    if (share >= s.listQualityShare && (before === 0 || share >= s.listQualityRise * before)) {
      out.push(make('list-quality', 'all', unknown, { share: round(share), shareWeekBefore: round(before), failures: failures.length }));
    }
  }

  // complaints: per message sent when the volume is known, else per record
  const complaints = input.records.filter((r) => r.kind === 'complaint');
  if (complaints.length) {
    const sent = s.sentPerHour ? (s.sentPerHour * input.windowMinutes) / 60 : 0;
    const base = sent || input.records.length;
    const rate = complaints.length / base;
    if ((sent || input.records.length >= s.minRecords) && rate >= s.complaintRate) {
      out.push(make('complaints', 'all', complaints, { complaints: complaints.length, rate: round(rate), per: sent ? 'message sent' : 'record' }));
    }
  }
  return out;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
