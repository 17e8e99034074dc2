// Suppressions: search (address, domain, type, reason, dates, state), sorted and paged by the
// server; suppress an address by hand; download any export layout.
import { api, query } from '../api.js';
import { addressLink, append, badge, card, clear, fmtNum, fmtTime, h, message, table } from '../dom.js';
import type { PageCtx } from '../main.js';

interface Row {
  address: string;
  domain: string;
  type: string;
  reason: string;
  suppressedAt: string;
  eventCount: number;
  expiresAt: string | null;
  liftedAt: string | null;
  note: string | null;
}

const FIELDS = ['q', 'domain', 'type', 'reason', 'from', 'to', 'state', 'sort', 'dir', 'offset'] as const;
const SORTS: Array<[string, string]> = [['address', 'Address'], ['domain', 'Domain'], ['type', 'Type'], ['reason', 'Reason'], ['suppressedAt', 'Suppressed']];
/** the layouts of `rebound export` (src/export/formats.ts) */
const FORMATS = ['csv', 'json', 'ndjson', 'txt', 'postfix', 'mailgun-bounces', 'mailgun-complaints', 'mailgun-unsubscribes', 'ses', 'sendgrid', 'postmark'];
const PAGE = 25;

export async function suppressionsPage(ctx: PageCtx): Promise<void> {
  const p = ctx.params;
  const get = (k: string, d = '') => p.get(k) ?? d;
  const offset = Number(get('offset', '0')) || 0;
  const sort = get('sort', 'suppressedAt');
  const dir = get('dir', 'desc');
  const r = await api<{ total: number; totalCapped: boolean; more: boolean; items: Row[] }>(
    'GET',
    `suppressions${query({ q: get('q'), domain: get('domain'), type: get('type'), reason: get('reason'), from: get('from'), to: get('to'), state: get('state', 'active'), sort, dir, offset, limit: PAGE })}`,
  );
  const go = (changes: Record<string, string | number>) => {
    const next: Record<string, string> = {};
    for (const k of FIELDS) if (p.get(k)) next[k] = p.get(k)!;
    for (const [k, v] of Object.entries(changes)) next[k] = String(v);
    location.hash = `#/suppressions${query(next)}`;
  };

  const field = (name: string, label: string, input: HTMLElement) => h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), input);
  const text = (name: string, placeholder = '') => h('input', { id: `f-${name}`, name, type: 'search', value: get(name), placeholder });
  const select = (name: string, options: Array<[string, string]>, value: string) =>
    h('select', { id: `f-${name}`, name }, ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
  const date = (name: string) => h('input', { id: `f-${name}`, name, type: 'date', value: get(name) });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search suppressions' },
    field('q', 'Address starts with', text('q', 'jane@')),
    field('domain', 'Domain', text('domain', 'example.com')),
    field('type', 'Type', select('type', [['', 'any'], ['hard', 'hard'], ['soft', 'soft'], ['complaint', 'complaint'], ['manual', 'manual']], get('type'))),
    field('reason', 'Reason contains', text('reason', 'userunknown')),
    field('from', 'Suppressed from', date('from')),
    field('to', 'until', date('to')),
    field('state', 'State', select('state', [['active', 'active'], ['lifted', 'lifted or expired'], ['all', 'all']], get('state', 'active'))),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Search')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next: Record<string, string> = { sort, dir };
    for (const [k, v] of data.entries()) if (String(v)) next[k] = String(v);
    location.hash = `#/suppressions${query(next)}`;
  });

  const header = (key: string, label: string) => {
    const active = sort === key;
    const nextDir = active && dir === 'asc' ? 'desc' : 'asc';
    return h(
      'button',
      { type: 'button', class: 'sort', 'aria-sort': active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none', onclick: () => go({ sort: key, dir: nextDir, offset: 0 }) },
      label,
      active ? (dir === 'asc' ? ' ▲' : ' ▼') : '',
    );
  };
  const rows = r.items.map((s) => [
    addressLink(s.address),
    s.domain,
    badge(s.type),
    s.reason,
    fmtTime(s.suppressedAt),
    s.liftedAt ? `lifted ${fmtTime(s.liftedAt)}` : s.expiresAt ? `until ${fmtTime(s.expiresAt)}` : 'active',
  ]);
  const tbl = table([], rows);
  const thead = tbl.querySelector('thead tr')!;
  for (const [k, l] of SORTS) thead.append(h('th', { scope: 'col' }, header(k, l)));
  thead.append(h('th', { scope: 'col' }, 'State'));

  const last = offset + r.items.length;
  const of = r.totalCapped ? `${fmtNum(r.total - 1)}+` : fmtNum(r.total);
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages of results' },
    h('button', { type: 'button', id: 'prev', disabled: offset === 0, onclick: () => go({ offset: Math.max(0, offset - PAGE) }) }, '← Previous'),
    h('span', { id: 'page-info' }, r.items.length ? `${fmtNum(offset + 1)}–${fmtNum(last)} of ${of}` : 'no suppression matches'),
    h('button', { type: 'button', id: 'next', disabled: !r.more, onclick: () => go({ offset: offset + PAGE }) }, 'Next →'),
  );

  const exportFormat = select('format', FORMATS.map((f) => [f, f]), 'csv');
  const download = h('a', { class: 'button', id: 'download', href: '/ui/api/export?format=csv', download: '' }, 'Download');
  exportFormat.addEventListener('change', () => download.setAttribute('href', `/ui/api/export?format=${encodeURIComponent((exportFormat as HTMLSelectElement).value)}`));

  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Suppressions')),
    card('Search', form),
    card(`Results`, tbl, pager),
    h('div', { class: 'grid' }, ctx.me.role === 'admin' ? suppressForm() : null, card('Export the active suppressions', h('div', { class: 'inline' }, h('label', { for: 'f-format' }, 'Layout'), exportFormat, download))),
  );
}

function suppressForm(): HTMLElement {
  const address = h('input', { id: 'new-address', type: 'email', required: true, autocomplete: 'off' });
  const reason = h('input', { id: 'new-reason', required: true, maxlength: '1000' });
  const status = h('div', { class: 'form-status' });
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: 'new-address' }, 'Address'), address),
    h('div', { class: 'field' }, h('label', { for: 'new-reason' }, 'Why (kept in the history)'), reason),
    h('button', { type: 'submit' }, 'Suppress'),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(status);
    api<{ outcome: string }>('PUT', `suppressions/${encodeURIComponent(address.value)}`, { reason: reason.value })
      .then((r) => append(status, message('info', `${address.value}: ${r.outcome}`)))
      .catch((err: Error) => append(status, message('error', err.message)));
  });
  return card('Suppress an address', form);
}
