// The signals, evaluated on the store: the records of the last window, the week before as a
// baseline, the rules of rules.ts. syncAlerts turns the signals into alerts: one raised (a row in
// `alerts`, a webhook event `alert.raised`) when a signal starts to hold, cleared (`alert.cleared`)
// when it no longer does, in one transaction with its events, through the store's port (SQLite or
// the PostgreSQL store several hosts share: one of them raises an alert, not each). `rebound serve`
// runs it on a timer, on one host at a time: the holder of the signals' lease (src/cluster).
import type { Logger } from 'pino';
import type { PipelineContext } from '../pipeline/context.js';
import type { AlertRow } from '../store/schema.js';
import type { SignalSettings } from '../config/ui.js';
import type { WebhookSettings } from '../config/webhooks.js';
import type { AlertPlan, DashboardPort } from '../store/dashboard-port.js';
import type { LeaseKeeper } from '../cluster/lease.js';
import { eventRows } from '../webhooks/events.js';
import { evaluateSignals, type Signal } from './rules.js';

const DAY = 86_400_000;
/** records read per evaluation at most (a window of a very busy hour is still bounded) */
const MAX_RECORDS = 200_000;

export async function currentSignals(store: DashboardPort, s: SignalSettings, now: Date): Promise<Signal[]> {
  const to = now.toISOString();
  const from = new Date(now.getTime() - s.windowMinutes * 60_000).toISOString();
  const [records, week] = await Promise.all([
    store.recordsBetween({ from, to }, MAX_RECORDS),
    store.statusCountsByDay(new Date(now.getTime() - 8 * DAY).toISOString().slice(0, 10), from.slice(0, 10)),
  ]);
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

/** The alerts' changes from the open ones and the signals holding now. `webhook`: null when there are none. */
export function planAlerts(open: AlertRow[], signals: Signal[], webhook: WebhookSettings | null, when: string): AlertPlan & { raisedSignals: Signal[] } {
  const byKey = new Map(open.map((a) => [a.key, a]));
  const plan: AlertPlan & { raisedSignals: Signal[] } = { update: [], raise: [], clear: [], at: when, raisedSignals: [] };
  const events = (type: 'alert.raised' | 'alert.cleared', data: Record<string, unknown>) => (webhook ? eventRows(webhook, type, when, data) : []);
  for (const sig of signals) {
    const detail = JSON.stringify(detailOf(sig));
    const existing = byKey.get(sig.key);
    byKey.delete(sig.key);
    if (existing) {
      plan.update.push({ id: existing.id, detail });
      continue;
    }
    plan.raise.push({
      row: { key: sig.key, signal: sig.signal, subject: sig.subject, detail, raised_at: when, started_at: sig.startedAt, cleared_at: null },
      events: (id) => events('alert.raised', { id, signal: sig.signal, subject: sig.subject, startedAt: sig.startedAt, raisedAt: when, ...detailOf(sig) }),
    });
    plan.raisedSignals.push(sig);
  }
  for (const a of byKey.values()) {
    plan.clear.push({ id: a.id, events: events('alert.cleared', { id: a.id, signal: a.signal, subject: a.subject, startedAt: a.started_at, raisedAt: a.raised_at, clearedAt: when }) });
  }
  return plan;
}

/** The signals made alerts, in one transaction with their events (one writer at a time: the port's). */
export async function syncAlerts(store: DashboardPort, signals: Signal[], webhook: WebhookSettings | null, at: Date): Promise<AlertChanges> {
  let raised: Signal[] = [];
  const r = await store.syncAlerts((open) => {
    const plan = planAlerts(open, signals, webhook, at.toISOString());
    raised = plan.raisedSignals;
    return plan;
  });
  return { raised, cleared: r.cleared };
}

export interface SignalMonitor {
  runOnce(): Promise<AlertChanges>;
  stop(): Promise<void>;
}

export function startSignalMonitor(
  ctx: PipelineContext,
  s: SignalSettings,
  webhook: WebhookSettings | null,
  opts: { logger: Logger; onQueued?: () => void; leader?: LeaseKeeper },
): SignalMonitor {
  const runOnce = async () => {
    const now = ctx.now();
    const changes = await syncAlerts(ctx.port, await currentSignals(ctx.port, s, now), webhook, now);
    for (const sig of changes.raised) opts.logger.warn({ signal: sig.signal, subject: sig.subject, startedAt: sig.startedAt, ...sig.measure }, 'alert raised');
    for (const a of changes.cleared) opts.logger.info({ signal: a.signal, subject: a.subject }, 'alert cleared');
    if (changes.raised.length || changes.cleared.length) opts.onQueued?.();
    return changes;
  };
  let timer: NodeJS.Timeout | undefined;
  if (s.intervalSeconds > 0) {
    timer = setInterval(() => {
      // with a shared store, the lease's holder only: the others' evaluations would be the same
      if (opts.leader && !opts.leader.held) return;
      runOnce().catch((err: Error) => opts.logger.error({ err: err.message }, 'evaluating the signals failed'));
    }, s.intervalSeconds * 1000);
    timer.unref();
  }
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      await opts.leader?.release();
    },
  };
}
