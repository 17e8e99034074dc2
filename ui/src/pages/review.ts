// The review queue: messages Rebound could not classify (unreadable, no recipient, reason
// undefined or onhold), newest first, until a person rules on them.
import { api, query } from '../api.js';
import { card, fmtNum, fmtTime, h, messageLink, table } from '../dom.js';
import type { PageCtx } from '../main.js';

interface Item {
  id: number;
  received_at: string;
  source: string;
  subject: string | null;
  kind: string | null;
  format: string | null;
  status: string;
  reasons: string | null;
}
const PAGE = 25;

export async function reviewPage(ctx: PageCtx): Promise<void> {
  const offset = Number(ctx.params.get('offset') ?? 0) || 0;
  const r = await api<{ total: number; items: Item[] }>('GET', `review${query({ offset, limit: PAGE })}`);
  const go = (o: number) => void (location.hash = `#/review${query({ offset: o })}`);
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Review queue'), h('p', { class: 'muted' }, `${fmtNum(r.total)} messages not classified`)),
    card(
      'Messages',
      r.items.length
        ? table(
            ['Received', 'Subject', 'Kind', 'Format', 'Status', 'Reasons', ''],
            r.items.map((m) => [fmtTime(m.received_at), m.subject ?? '(none)', m.kind ?? '—', m.format ?? '—', m.status, m.reasons ?? 'no recipient', messageLink(m.id, 'read')]),
          )
        : h('p', { class: 'ok-line' }, 'Nothing to review.'),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages of the queue' },
        h('button', { type: 'button', disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE)) }, '← Previous'),
        h('button', { type: 'button', disabled: offset + PAGE >= r.total, onclick: () => go(offset + PAGE) }, 'Next →'),
      ),
    ),
  );
}
