// One raw message read completely (mailparser, on the server): headers, the delivery-status or
// feedback fields, the decoded text, the attachments. All of it was written by whoever sent the
// bounce: it is shown as text only, and the HTML part only in a sandboxed frame that runs nothing.
import { api } from '../api.js';
import { addressLink, append, badge, card, clear, fmtNum, fmtTime, h, message, table } from '../dom.js';
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
  records: Array<{ recipient: string; kind: string; type: string | null; status: string | null; smtp_code: number | null; reason: string; rule: string | null; diagnostic: string | null }>;
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
  const done = takeFlash(m.id);
  if (done) ctx.main.append(h('div', { id: 'rule-result' }, message('info', done)));
  if (r.review) ctx.main.append(message('info', `Marked ${r.review.verdict} by ${r.review.by} at ${fmtTime(r.review.at)}${r.review.note ? `: ${r.review.note}` : ''}`));
  const unclassified = r.records.filter((x) => x.reason === 'undefined' || x.reason === 'onhold');
  if (!r.review && ctx.me.role === 'admin' && (!r.records.length || unclassified.length)) {
    ctx.main.append(notBounceForm(m.id));
    if (unclassified.length) ctx.main.append(await ruleForm(m.id, unclassified[0]!.diagnostic));
  }
  ctx.main.append(
    card(
      'Records',
      r.records.length
        ? table(
            ['Address', 'Kind', 'Type', 'Code', 'Status', 'Reason', 'Rule', 'Diagnostic'],
            r.records.map((x) => [addressLink(x.recipient), x.kind, x.type ? badge(x.type) : '—', x.smtp_code ?? '—', x.status ?? '—', h('span', { 'data-field': 'reason' }, x.reason), h('code', { 'data-field': 'rule' }, x.rule ?? '—'), h('span', { class: 'diag', 'data-field': 'diagnostic' }, x.diagnostic ?? '')]),
          )
        : h('p', { class: 'muted' }, 'No recipient found in it: no rule can classify it.'),
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

interface RuleForm {
  file: string | null;
  reasons: string[];
  commands: string[];
  types: string[];
  reparsedAtMost: number;
}

/** The reply without its codes and the address it names: what the admin cuts down to the words that mean the reason */
const replyWords = (diagnostic: string) =>
  diagnostic
    .replace(/^\s*\d{3}[ -](?:[245]\.\d{1,3}\.\d{1,3}\s+)?/, '')
    .replace(/^<[^>]*>:?\s*/, '')
    .slice(0, 200);

/** What the page says after a rule was written, once (the page is drawn again with the new records). */
let flash: { id: number; text: string } | null = null;
function takeFlash(id: number): string | null {
  const f = flash?.id === id ? flash.text : null;
  flash = null;
  return f;
}

/** A `[[phrase]]` for the rule file: the reason this reply means, and what in it says so. */
async function ruleForm(id: number, diagnostic: string | null): Promise<HTMLElement> {
  const f = await api<RuleForm>('GET', 'rules/form');
  if (!f.file) return card('Write a rule', h('p', { class: 'muted' }, 'No rule file is configured for the dashboard ([ui] rulesFile, also listed in [classify] rules).'));
  const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'muted', id: `${id}-hint` }, hint) : null);
  const select = (id: string, options: string[], blank: string | null) =>
    h('select', { id }, ...(blank === null ? [] : [h('option', { value: '' }, blank)]), ...options.map((o) => h('option', { value: o }, o)));
  const reason = select('rule-reason', f.reasons, null);
  const text = h('input', { id: 'rule-text', maxlength: '500', value: replyWords(diagnostic ?? '') });
  const pattern = h('input', { id: 'rule-pattern', maxlength: '500', placeholder: 'a regular expression' });
  const status = h('input', { id: 'rule-status', maxlength: '16', placeholder: '5, 5.7 or 5.7.1' });
  const command = select('rule-command', f.commands, 'any');
  const provider = h('input', { id: 'rule-provider', maxlength: '255', placeholder: 'a host or domain' });
  const type = select('rule-type', f.types, "the reason's");
  const out = h('div', { class: 'form-status' });
  const form = h(
    'form',
    { class: 'rule-form' },
    h('p', { class: 'muted' }, `Added to ${f.file}, then the rules are reloaded and this message and the newest ${fmtNum(f.reparsedAtMost)} of the queue are parsed again.`),
    field('rule-reason', 'Reason', reason),
    field('rule-text', 'Text (a part of the reply, any case)', text),
    field('rule-pattern', 'Or a pattern', pattern, 'instead of the text; checked for safety'),
    field('rule-status', 'Only for status', status),
    field('rule-command', 'Only at command', command),
    field('rule-provider', 'Only for provider', provider),
    field('rule-type', 'Type', type),
    h('button', { type: 'submit', id: 'write-rule' }, 'Write the rule'),
    out,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear(out);
    const usePattern = pattern.value.trim() !== '';
    const body = {
      reason: reason.value,
      text: usePattern ? undefined : text.value,
      pattern: usePattern ? pattern.value : undefined,
      status: status.value || undefined,
      commands: command.value ? [command.value] : undefined,
      provider: provider.value || undefined,
      type: type.value || undefined,
    };
    api<{ rule: { id: string }; reparse: { messages: number; changed: unknown[] } }>('POST', `review/${id}/rule`, body)
      .then((r) => {
        flash = { id, text: `Rule ${r.rule.id} written; ${r.reparse.messages} messages parsed again, ${r.reparse.changed.length} changed.` };
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      })
      .catch((err: Error) => append(out, message('error', err.message)));
  });
  return card('Write a rule', form);
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
