// The signals, evaluated on the store: the records of the last window, the week before as a
// baseline, the rules of rules.ts. syncAlerts turns the signals into alerts: one raised (a row in
// `alerts`, a webhook event `alert.raised`) when a signal starts to hold, cleared (`alert.cleared`)
// when it no longer does, in one transaction with its events. `rebound serve` runs it on a timer.
import type { Logger } from 'pino';
import type { Store } from '../store/open.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { AlertRow } from '../store/schema.js';
import type { SignalSettings } from '../config/ui.js';
import type { WebhookSettings } from '../config/webhooks.js';
import { clearAlert, insertAlert, openAlerts, recordsBetween, statusCountsByDay, updateAlertDetail } from '../store/dashboard.js';
import { transaction } from '../store/sync.js';
import { queueEvent } from '../webhooks/events.js';
import { evaluateSignals, type Signal } from './rules.js';

const DAY = 86_400_000;
/** records read per evaluation at most (a window of a very busy hour is still bounded) */
const MAX_RECORDS = 200_000;

export function currentSignals(store: Store, s: SignalSettings, now: Date): Signal[] {
  const to = now.toISOString();
  const from = new Date(now.getTime() - s.windowMinutes * 60_000).toISOString();
  const records = recordsBetween(store, { from, to }, MAX_RECORDS);
  const week = statusCountsByDay(store, new Date(now.getTime() - 8 * DAY).toISOString().slice(0, 10), from.slice(0, 10));
  const baseline = { userUnknown: 0, failures: 0 };
  for (const r of week) {
    if (r.status.startsWith('5.')) baseline.failures += r.n;
    if (r.status.startsWith('5.1.')) baseline.userUnknown += r.n;
  }
  return evaluateSignals({ records, baseline, windowMinutes: s.windowMinutes }, s);
}

/** What an alert's row and events carry of a signal (not its records: their ids). */
function detailOf(sig: Signal) {
  return { measure: sig.measure, count: sig.count, advice: sig.advice, recordIds: sig.records.map((r) => r.id) };
}

export interface AlertChanges {
  raised: Signal[];
  cleared: AlertRow[];
}

/** `webhook`: null when there are no webhooks (the alerts are still kept) */
export function syncAlerts(store: Store, signals: Signal[], webhook: WebhookSettings | null, at: Date): AlertChanges {
  const when = at.toISOString();
  return transaction(store, () => {
    const open = new Map(openAlerts(store).map((a) => [a.key, a]));
    const changes: AlertChanges = { raised: [], cleared: [] };
    for (const sig of signals) {
      const detail = JSON.stringify(detailOf(sig));
      const existing = open.get(sig.key);
      open.delete(sig.key);
      if (existing) {
        updateAlertDetail(store, existing.id, detail);
        continue;
      }
      const id = insertAlert(store, { key: sig.key, signal: sig.signal, subject: sig.subject, detail, raised_at: when, started_at: sig.startedAt, cleared_at: null });
      if (webhook) queueEvent(store, webhook, 'alert.raised', when, { id, signal: sig.signal, subject: sig.subject, startedAt: sig.startedAt, raisedAt: when, ...detailOf(sig) });
      changes.raised.push(sig);
    }
    for (const a of open.values()) {
      clearAlert(store, a.id, when);
      if (webhook) queueEvent(store, webhook, 'alert.cleared', when, { id: a.id, signal: a.signal, subject: a.subject, startedAt: a.started_at, raisedAt: a.raised_at, clearedAt: when });
      changes.cleared.push(a);
    }
    return changes;
  });
}

export interface SignalMonitor {
  runOnce(): AlertChanges;
  stop(): void;
}

export function startSignalMonitor(
  ctx: PipelineContext,
  s: SignalSettings,
  webhook: WebhookSettings | null,
  opts: { logger: Logger; onQueued?: () => void },
): SignalMonitor {
  const runOnce = () => {
    const now = ctx.now();
    const changes = syncAlerts(ctx.store, currentSignals(ctx.store, s, now), webhook, now);
    for (const sig of changes.raised) opts.logger.warn({ signal: sig.signal, subject: sig.subject, startedAt: sig.startedAt, ...sig.measure }, 'alert raised');
    for (const a of changes.cleared) opts.logger.info({ signal: a.signal, subject: a.subject }, 'alert cleared');
    if (changes.raised.length || changes.cleared.length) opts.onQueued?.();
    return changes;
  };
  let timer: NodeJS.Timeout | undefined;
  if (s.intervalSeconds > 0) {
    timer = setInterval(() => {
      try {
        runOnce();
      } catch (err) {
        opts.logger.error({ err: (err as Error).message }, 'evaluating the signals failed');
      }
    }, s.intervalSeconds * 1000);
    timer.unref();
  }
  return { runOnce, stop: () => clearInterval(timer) };
}
