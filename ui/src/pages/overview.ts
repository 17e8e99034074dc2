// Overview: what bounced, when, where and why, for a range (24 h, 7 d, 30 d or chosen days).
import { api, query } from '../api.js';
import { colors, lines, stackedBars, topList, type TopRow } from '../charts.js';
import { card, fmtNum, h } from '../dom.js';
import type { PageCtx } from '../main.js';

interface Overview {
  range: { from: string; to: string };
  unit: 'hour' | 'day';
  slots: string[];
  records: Record<'hard' | 'soft' | 'complaint' | 'other', number[]>;
  suppressions: Record<'hard' | 'soft' | 'complaint' | 'manual' | 'lifted', number[]>;
  totals: Record<'hard' | 'soft' | 'complaint' | 'other', number>;
  top: Record<'provider' | 'domain' | 'reason' | 'code' | 'status', TopRow[]>;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

export function rangeOf(params: URLSearchParams, now = Date.now()): { from: string; to: string; label: string } {
  const r = params.get('range') ?? '7d';
  if (r === 'custom' && params.get('from') && params.get('to')) {
    const to = new Date(Date.parse(`${params.get('to')}T00:00:00Z`) + DAY).toISOString();
    return { from: `${params.get('from')}T00:00:00.000Z`, to, label: 'custom' };
  }
  if (r === '24h') {
    const end = Math.ceil(now / HOUR) * HOUR;
    return { from: new Date(end - 24 * HOUR).toISOString(), to: new Date(end).toISOString(), label: r };
  }
  const days = r === '30d' ? 30 : 7;
  const end = Math.floor(now / DAY) * DAY + DAY;
  return { from: new Date(end - days * DAY).toISOString(), to: new Date(end).toISOString(), label: days === 30 ? '30d' : '7d' };
}

function rangePicker(ctx: PageCtx, current: string): HTMLElement {
  const go = (p: Record<string, string>) => void (location.hash = `#/overview${query(p)}`);
  const buttons = ['24h', '7d', '30d'].map((r) =>
    h('button', { type: 'button', class: r === current ? 'seg-btn active' : 'seg-btn', 'aria-pressed': String(r === current), onclick: () => go({ range: r }) }, r === '24h' ? '24 h' : r === '7d' ? '7 days' : '30 days'),
  );
  const from = h('input', { type: 'date', id: 'range-from', value: ctx.params.get('from') ?? '' });
  const to = h('input', { type: 'date', id: 'range-to', value: ctx.params.get('to') ?? '' });
  const form = h(
    'form',
    { class: 'inline' },
    h('label', { for: 'range-from' }, 'From'),
    from,
    h('label', { for: 'range-to' }, 'to'),
    to,
    h('button', { type: 'submit', class: current === 'custom' ? 'seg-btn active' : 'seg-btn' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (from.value && to.value) go({ range: 'custom', from: from.value, to: to.value });
  });
  return h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Time range' }, h('div', { class: 'segmented' }, ...buttons), form);
}

function kpi(label: string, value: number, kind: string): HTMLElement {
  return h('div', { class: `kpi kpi-${kind}` }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value' }, fmtNum(value)));
}

export async function overviewPage(ctx: PageCtx): Promise<void> {
  const range = rangeOf(ctx.params);
  const o = await api<Overview>('GET', `overview${query({ from: range.from, to: range.to })}`);
  const c = colors();
  const made = (k: keyof Overview['suppressions']) => o.suppressions[k].reduce((a, b) => a + b, 0);
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Overview'), rangePicker(ctx, range.label)),
    h(
      'div',
      { class: 'kpis' },
      kpi('Hard bounces', o.totals.hard, 'hard'),
      kpi('Soft bounces', o.totals.soft, 'soft'),
      kpi('Complaints', o.totals.complaint, 'complaint'),
      kpi('Suppressed', made('hard') + made('soft') + made('complaint') + made('manual'), 'manual'),
      kpi('Lifted', made('lifted'), 'lifted'),
    ),
    card(
      `Bounces per ${o.unit}`,
      stackedBars(`Bounces per ${o.unit}`, o.slots, [
        { label: 'hard', color: c.hard, values: o.records.hard },
        { label: 'soft', color: c.soft, values: o.records.soft },
        { label: 'complaint', color: c.complaint, values: o.records.complaint },
      ]),
    ),
    h(
      'div',
      { class: 'grid' },
      card('Receiving providers', topList('Top providers', o.top.provider)),
      card('Recipient domains', topList('Top domains', o.top.domain, (d) => `#/suppressions?domain=${encodeURIComponent(d)}&state=all`)),
      card('Reasons', topList('Top reasons', o.top.reason, (r) => `#/suppressions?reason=${encodeURIComponent(r)}&state=all`)),
      card('Reply codes', topList('Top reply codes', o.top.code)),
      card('Enhanced status codes', topList('Top enhanced codes', o.top.status)),
    ),
    card(
      'Suppressions over time',
      lines('Suppressions over time', o.slots, [
        { label: 'hard', color: c.hard, values: o.suppressions.hard },
        { label: 'soft', color: c.soft, values: o.suppressions.soft },
        { label: 'complaint', color: c.complaint, values: o.suppressions.complaint },
        { label: 'manual', color: c.manual, values: o.suppressions.manual },
        { label: 'lifted', color: c.lifted, values: o.suppressions.lifted },
      ]),
    ),
  );
}
