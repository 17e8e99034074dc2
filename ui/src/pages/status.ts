// Status: what the running service has in hand: the spool backlog, the webhook outbox, the IMAP
// pollers and their last pass, the scheduled export files, the database.
import { api } from '../api.js';
import { badge, card, fmtNum, fmtTime, h, table } from '../dom.js';
import type { PageCtx } from '../main.js';

interface Status {
  version: string;
  now: string;
  spooler: string | null;
  pendingMessages: number;
  outbox: Record<string, number>;
  databaseBytes: number;
  suppressionsByType: Record<string, number>;
  pollers: Array<{ mailbox: string; connected: boolean; idling: boolean; lastSuccessAt: string | null; lastError: string | null; consecutiveFailures: number; lag: number }>;
  exports: Array<{ path: string; format: string; writtenAt: string | null }>;
  webhookUrls: number;
}

const tile = (label: string, value: string, id: string) => h('div', { class: 'kpi', id }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value' }, value));

export async function statusPage(ctx: PageCtx): Promise<void> {
  const s = await api<Status>('GET', 'status');
  const active = Object.values(s.suppressionsByType).reduce((a, b) => a + b, 0);
  ctx.main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Status'), h('p', { class: 'muted' }, `Rebound ${s.version} · ${fmtTime(s.now)}${s.spooler ? ` · spooler ${s.spooler}` : ''}`)),
    h(
      'div',
      { class: 'kpis' },
      tile('Spool backlog', fmtNum(s.pendingMessages), 'spool-backlog'),
      tile('Webhook outbox', `${fmtNum(s.outbox.pending ?? 0)} pending`, 'outbox'),
      tile('Dead webhooks', fmtNum(s.outbox.dead ?? 0), 'outbox-dead'),
      tile('Active suppressions', fmtNum(active), 'active'),
      tile('Database', `${(s.databaseBytes / 1048576).toFixed(1)} MiB`, 'db'),
    ),
    card(
      'IMAP pollers',
      s.pollers.length
        ? table(
            ['Mailbox', 'State', 'Last pass', 'Waiting', 'Failures', 'Last error'],
            s.pollers.map((p) => [p.mailbox, p.connected ? badge(p.idling ? 'idle' : 'connected', 'ok') : badge('disconnected', 'bad'), fmtTime(p.lastSuccessAt), p.lag, p.consecutiveFailures, p.lastError ?? '']),
          )
        : h('p', { class: 'muted' }, 'No mailbox configured ([[imap]]).'),
    ),
    card(
      'Scheduled exports',
      s.exports.length ? table(['File', 'Layout', 'Written'], s.exports.map((e) => [e.path, e.format, fmtTime(e.writtenAt)])) : h('p', { class: 'muted' }, 'No export file configured ([export]).'),
    ),
    card('Webhooks', h('p', {}, `${s.webhookUrls} URL(s); outbox: ${Object.entries(s.outbox).map(([k, v]) => `${k} ${v}`).join(', ')}`)),
  );
}
