// One raw message read completely (mailparser, on the server): headers, the delivery-status or
// feedback fields, the decoded text, the attachments. All of it was written by whoever sent the
// bounce: it is shown as text only, and the HTML part only in a sandboxed frame that runs nothing.
import { api } from '../api.js';
import { addressLink, append, badge, card, clear, fmtTime, h, message, table } from '../dom.js';
import type { PageCtx } from '../main.js';

interface View {
  headers: Array<{ name: string; value: string }>;
  subject: string | null;
  text: string | null;
  hasHtml: boolean;
  reports: Array<{ contentType: string; blocks: Array<Array<{ name: string; value: string }>> }>;
  attachments: Array<{ filename: string | null; contentType: string; size: number; text: string | null }>;
}
interface Msg {
  message: { id: number; received_at: string; source: string; source_ref: string | null; status: string; kind: string | null; format: string | null; subject: string | null; problems: string };
  records: Array<{ recipient: string; kind: string; type: string | null; status: string | null; smtp_code: number | null; reason: string; diagnostic: string | null }>;
  review: { verdict: string; by: string; at: string; note: string | null } | null;
  view: View;
}

export async function messagePage(ctx: PageCtx): Promise<void> {
  const id = Number(ctx.args[0]);
  const r = await api<Msg>('GET', `messages/${id}`);
  const m = r.message;
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', {}, `Message ${m.id}`), h('a', { class: 'button ghost', href: `/ui/api/messages/${m.id}/raw`, download: '' }, 'Download raw')),
    h('p', { class: 'muted' }, `${m.kind ?? 'unread'} · ${m.format ?? 'no format'} · ${m.status} · received ${fmtTime(m.received_at)} by ${m.source}`),
  );
  if (r.review) ctx.main.append(message('info', `Marked ${r.review.verdict} by ${r.review.by} at ${fmtTime(r.review.at)}${r.review.note ? `: ${r.review.note}` : ''}`));
  if (!r.review && ctx.me.role === 'admin' && (!r.records.length || r.records.some((x) => x.reason === 'undefined' || x.reason === 'onhold'))) ctx.main.append(notBounceForm(m.id));
  ctx.main.append(
    card(
      'Records',
      r.records.length
        ? table(['Address', 'Kind', 'Type', 'Code', 'Status', 'Reason', 'Diagnostic'], r.records.map((x) => [addressLink(x.recipient), x.kind, x.type ? badge(x.type) : '—', x.smtp_code ?? '—', x.status ?? '—', x.reason, h('span', { class: 'diag', 'data-field': 'diagnostic' }, x.diagnostic ?? '')]))
        : h('p', { class: 'muted' }, 'No recipient found in it.'),
    ),
    card('Headers', h('dl', { class: 'fields' }, ...r.view.headers.flatMap((x) => [h('dt', {}, x.name), h('dd', {}, x.value)]))),
  );
  for (const rep of r.view.reports) {
    ctx.main.append(card(rep.contentType, ...rep.blocks.map((b) => h('dl', { class: 'fields block' }, ...b.flatMap((f) => [h('dt', {}, f.name), h('dd', {}, f.value)])))));
  }
  ctx.main.append(card('Text', h('pre', { class: 'body', id: 'message-text' }, r.view.text ?? '(no text part)')));
  if (r.view.hasHtml) {
    ctx.main.append(
      card(
        'HTML part (sandboxed: no scripts, nothing loaded)',
        // sandbox="" : a unique origin, no script, no form, no top navigation; the server adds its own CSP
        h('iframe', { class: 'html-part', sandbox: '', src: `/ui/api/messages/${m.id}/html`, title: 'the HTML part, inert', referrerpolicy: 'no-referrer' }),
      ),
    );
  }
  ctx.main.append(
    card(
      'Attachments',
      r.view.attachments.length
        ? h('ul', { class: 'attachments' }, ...r.view.attachments.map((a) => h('li', {}, h('strong', {}, a.contentType), ` ${a.filename ?? ''} · ${a.size} bytes`, a.text !== null ? h('pre', { class: 'body' }, a.text) : null)))
        : h('p', { class: 'muted' }, 'None.'),
    ),
  );
}

function notBounceForm(id: number): HTMLElement {
  const note = h('input', { id: 'review-note', maxlength: '1000' });
  const status = h('div', { class: 'form-status' });
  const form = h('form', { class: 'inline' }, h('label', { for: 'review-note' }, 'Note'), note, h('button', { type: 'submit', id: 'not-bounce' }, 'Not a bounce'), status);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(status);
    api('POST', `review/${id}`, { verdict: 'not-bounce', note: note.value || undefined })
      .then(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
      .catch((err: Error) => append(status, message('error', err.message)));
  });
  return card('Review', form);
}
