// One address: may we send to it, its records, every suppression (also lifted ones, with the
// note and who lifted it), the manual actions (who, when, why), and lifting it with a note.
import { api } from '../api.js';
import { append, badge, card, clear, fmtTime, h, message, messageLink, table } from '../dom.js';
import type { PageCtx } from '../main.js';

interface History {
  address: string;
  sendable: boolean;
  suppression: { type: string; reason: string; suppressed_at: string } | null;
  suppressions: Array<{ type: string; reason: string; suppressed_at: string; expires_at: string | null; lifted_at: string | null; note: string | null }>;
  records: Array<{ id: number; message_id: number; kind: string; action: string | null; status: string | null; smtp_code: number | null; type: string | null; reason: string; remote_mta: string | null; diagnostic: string | null; event_at: string; source: string }>;
  manual: Array<{ action: string; text: string | null; at: string; actor: string | null }>;
}

export async function addressPage(ctx: PageCtx): Promise<void> {
  const address = ctx.args[0] ?? '';
  const r = await api<History>('GET', `addresses/${encodeURIComponent(address)}`);
  const state = r.sendable
    ? h('p', { class: 'state state-ok', id: 'address-state' }, 'Sendable: not suppressed')
    : h('p', { class: 'state state-bad', id: 'address-state' }, `Suppressed: ${r.suppression!.type} (${r.suppression!.reason}) since ${fmtTime(r.suppression!.suppressed_at)}`);
  ctx.main.append(h('div', { class: 'page-head' }, h('h1', { class: 'address' }, r.address)), state);
  if (!r.sendable && ctx.me.role === 'admin') ctx.main.append(liftForm(r.address));

  ctx.main.append(
    card(
      'Records',
      r.records.length
        ? table(
            ['When', 'Kind', 'Type', 'Code', 'Status', 'Reason', 'Remote MTA', 'Diagnostic', 'Message'],
            r.records.map((x) => [fmtTime(x.event_at), x.kind, x.type ? badge(x.type) : '—', x.smtp_code ?? '—', x.status ?? '—', x.reason, x.remote_mta ?? '—', h('span', { class: 'diag' }, x.diagnostic ?? ''), messageLink(x.message_id, 'read')]),
          )
        : h('p', { class: 'muted' }, 'No record.'),
    ),
    card(
      'Suppression periods',
      r.suppressions.length
        ? table(
            ['Type', 'Reason', 'From', 'Until', 'Note'],
            r.suppressions.map((s) => [badge(s.type), s.reason, fmtTime(s.suppressed_at), s.lifted_at ? `lifted ${fmtTime(s.lifted_at)}` : s.expires_at ? fmtTime(s.expires_at) : 'active', s.note ?? '']),
          )
        : h('p', { class: 'muted' }, 'Never suppressed.'),
    ),
    card(
      'Notes and manual actions',
      r.manual.length
        ? h('ul', { class: 'history', id: 'manual-history' }, ...r.manual.map((m) => h('li', {}, h('strong', {}, m.action), ` by ${m.actor ?? 'unknown'} at ${fmtTime(m.at)}: `, h('q', {}, m.text ?? ''))))
        : h('p', { class: 'muted' }, 'None.'),
    ),
  );
}

function liftForm(address: string): HTMLElement {
  const note = h('input', { id: 'lift-note', required: true, maxlength: '1000' });
  const status = h('div', { class: 'form-status' });
  const form = h(
    'form',
    { class: 'inline' },
    h('label', { for: 'lift-note' }, 'Note (why it may be sent to again)'),
    note,
    h('button', { type: 'submit', id: 'lift' }, 'Unsuppress'),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(status);
    api('POST', `suppressions/${encodeURIComponent(address)}/lift`, { note: note.value })
      .then(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
      .catch((err: Error) => append(status, message('error', err.message)));
  });
  return card('Unsuppress', form);
}
