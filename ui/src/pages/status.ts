// Status: what the running service has in hand: the spool backlog, the webhook outbox, the IMAP
// pollers and their last pass, the scheduled export files, the rule files, the database; and the hosts sharing the
// store (their heartbeats) with who polls each mailbox, who leads the exports and who runs the signals' timer.
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
  pollers: Array<{ mailbox: string; connected: boolean; idling: boolean; standby: boolean; leaseHolder: string | null; lastSuccessAt: string | null; lastError: string | null; consecutiveFailures: number; lag: number }>;
  exports: Array<{ path: string; format: string; writtenAt: string | null }>;
  webhookUrls: number;
  hosts: Array<{ id: string; state: 'alive' | 'stale' | 'stopped'; startedAt: string; lastSeenAt: string; version: string; pid: number; spoolBacklogBytes: number; outboxDepth: number }>;
  imapLeases: Array<{ mailbox: string; owner: string; expiresAt: string; expired: boolean }>;
  exportsLeader: { owner: string; expiresAt: string; expired: boolean } | null;
  signalsLeader: { owner: string; expiresAt: string; expired: boolean } | null;
  pendingSubscriptions: number;
  rules: { files: string[]; parserVersion: string };
}

const HOST_BADGE = { alive: 'ok', stale: 'bad', stopped: 'manual' } as const;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function pollerState(p: Status['pollers'][number]): HTMLElement {
  if (p.standby) return badge(`standby (${p.leaseHolder ?? 'another host'} polls)`, 'manual');
  return p.connected ? badge(p.idling ? 'idle' : 'connected', 'ok') : badge('disconnected', 'bad');
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
      tile('SNS confirmations waiting', fmtNum(s.pendingSubscriptions), 'sns-pending'),
    ),
    card(
      'Hosts',
      s.hosts.length
        ? table(
            ['Host', 'State', 'Last seen', 'Started', 'Version', 'Spool backlog', 'Outbox'],
            s.hosts.map((x) => [x.id, badge(x.state, HOST_BADGE[x.state]), fmtTime(x.lastSeenAt), fmtTime(x.startedAt), x.version, kib(x.spoolBacklogBytes), fmtNum(x.outboxDepth)]),
          )
        : h('p', { class: 'muted' }, 'No serve host has written a heartbeat to this store.'),
      s.imapLeases.length > 0 && table(['Mailbox', 'Polled by', 'Lease until'], s.imapLeases.map((l) => [l.mailbox, l.owner, l.expired ? badge('expired', 'bad') : fmtTime(l.expiresAt)])),
      h('p', { class: 'muted', id: 'exports-leader' }, s.exportsLeader ? `Scheduled exports led by ${s.exportsLeader.owner}${s.exportsLeader.expired ? ' (lease expired)' : ''}.` : 'No scheduled exports leader.'),
      h('p', { class: 'muted', id: 'signals-leader' }, s.signalsLeader ? `Signals evaluated by ${s.signalsLeader.owner}${s.signalsLeader.expired ? ' (lease expired)' : ''}.` : 'No signals leader.'),
    ),
    card(
      'IMAP pollers',
      s.pollers.length
        ? table(
            ['Mailbox', 'State', 'Last pass', 'Waiting', 'Failures', 'Last error'],
            s.pollers.map((p) => [p.mailbox, pollerState(p), fmtTime(p.lastSuccessAt), p.lag, p.consecutiveFailures, p.lastError ?? '']),
          )
        : h('p', { class: 'muted' }, 'No mailbox configured ([[imap]]).'),
    ),
    card(
      'Scheduled exports',
      s.exports.length ? table(['File', 'Layout', 'Written'], s.exports.map((e) => [e.path, e.format, fmtTime(e.writtenAt)])) : h('p', { class: 'muted' }, 'No export file configured ([export]).'),
    ),
    card(
      'Rule files',
      s.rules.files.length ? table(['File'], s.rules.files.map((f) => [f])) : h('p', { class: 'muted' }, 'Built-in rules only ([classify] rules).'),
      h('p', { class: 'muted', id: 'parser-version' }, `Parser version ${s.rules.parserVersion}: a plain rebound reparse re-reads what an older version decided.`),
    ),
    card('Webhooks', h('p', {}, `${s.webhookUrls} URL(s); outbox: ${Object.entries(s.outbox).map(([k, v]) => `${k} ${v}`).join(', ')}`)),
  );
}
