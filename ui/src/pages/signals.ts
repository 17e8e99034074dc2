// Signals: the rules' view of the last window (throttling, list quality, reputation or
// authentication, complaints), each with when it started and the records behind it, and the
// alerts raised and cleared.
import { api } from '../api.js';
import { addressLink, badge, card, fmtTime, h, messageLink, table } from '../dom.js';
import type { PageCtx } from '../main.js';

interface SignalRecord {
  id: number;
  message_id: number;
  recipient: string;
  status: string | null;
  smtp_code: number | null;
  reason: string;
  diagnostic: string | null;
  event_at: string;
}
interface Signal {
  key: string;
  signal: string;
  subject: string;
  startedAt: string;
  count: number;
  measure: Record<string, number | string>;
  advice: string;
  records: SignalRecord[];
}
interface Alert {
  id: number;
  signal: string;
  subject: string;
  raised_at: string;
  started_at: string;
  cleared_at: string | null;
}

export async function signalsPage(ctx: PageCtx): Promise<void> {
  const r = await api<{ settings: { windowMinutes: number }; current: Signal[]; alerts: Alert[] }>('GET', 'signals');
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Signals'), h('p', { class: 'muted' }, `The last ${r.settings.windowMinutes} minutes, by the rules in [ui.signals].`)));
  if (!r.current.length) ctx.main.append(card('All clear', h('p', { class: 'ok-line' }, 'No signal holds now: no throttling, no rise in unknown users, no blocks, complaints under the threshold.')));
  for (const s of r.current) {
    const measure = Object.entries(s.measure).map(([k, v]) => `${k} ${v}`).join(' · ');
    ctx.main.append(
      h(
        'section',
        { class: `card signal signal-${s.signal}`, 'aria-label': `${s.signal} ${s.subject}`, 'data-signal': s.key },
        h('h2', {}, badge(s.signal), ' ', s.subject),
        h('p', {}, `Since ${fmtTime(s.startedAt)} · ${s.count} records · ${measure}`),
        h('p', { class: 'advice' }, s.advice),
        h(
          'details',
          {},
          h('summary', {}, `The ${s.records.length} latest records behind it`),
          table(
            ['When', 'Address', 'Code', 'Status', 'Reason', 'Diagnostic', 'Message'],
            s.records.map((x) => [fmtTime(x.event_at), addressLink(x.recipient), x.smtp_code ?? '—', x.status ?? '—', x.reason, h('span', { class: 'diag' }, x.diagnostic ?? ''), messageLink(x.message_id, `#${x.message_id}`)]),
          ),
        ),
      ),
    );
  }
  ctx.main.append(
    card(
      'Alerts',
      r.alerts.length
        ? table(
            ['Signal', 'Subject', 'Started', 'Raised', 'Cleared'],
            r.alerts.map((a) => [badge(a.signal), a.subject, fmtTime(a.started_at), fmtTime(a.raised_at), a.cleared_at ? fmtTime(a.cleared_at) : badge('open', 'open')]),
          )
        : h('p', { class: 'muted' }, 'No alert raised yet.'),
    ),
  );
}
