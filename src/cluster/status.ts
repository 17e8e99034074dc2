// The status of the hosts sharing the store, read through the store port (either backend), and its
// text for `rebound status`.
import type { CoordinationPort } from '../store/port.js';
import { type StatusJson, presentStatus } from '../present/status.js';

export async function readStatus(port: CoordinationPort, now: Date): Promise<StatusJson> {
  const [hosts, leases, depths] = await Promise.all([port.hosts(), port.leases(), port.queueDepths()]);
  return presentStatus(hosts, leases, depths, now);
}

const ago = (now: string, then: string) => `${Math.max(0, Math.round((Date.parse(now) - Date.parse(then)) / 1000))} s ago`;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export function formatStatus(s: StatusJson): string {
  const lines: string[] = [];
  lines.push(`hosts: ${s.hosts.length ? '' : 'none has run serve on this store'}`.trimEnd());
  for (const h of s.hosts) {
    lines.push(
      `  ${h.id}  ${h.state}  seen ${ago(s.now, h.lastSeenAt)}  version ${h.version}  pid ${h.pid}  spool backlog ${bytes(h.spoolBacklogBytes)}  outbox ${h.outboxDepth}`,
    );
  }
  lines.push(`spool backlog: ${bytes(s.spoolBacklogBytes)}; messages pending in the store: ${s.pendingMessages}`);
  lines.push(`webhook outbox: ${s.outbox.pending} pending, ${s.outbox.dead} dead`);
  lines.push(`SNS subscriptions waiting for confirmation: ${s.pendingSubscriptions}`);
  lines.push(`IMAP pollers: ${s.imap.length ? '' : 'none'}`.trimEnd());
  for (const m of s.imap) lines.push(`  ${m.mailbox}  ${m.owner}  ${m.expired ? 'lease expired' : 'lease until'} ${m.expiresAt}`);
  const l = s.exportsLeader;
  lines.push(`scheduled exports: ${l ? `${l.owner} ${l.expired ? 'lease expired' : 'leads, lease until'} ${l.expiresAt}` : 'no leader'}`);
  const g = s.signalsLeader;
  lines.push(`dashboard signals: ${g ? `${g.owner} ${g.expired ? 'lease expired' : 'leads, lease until'} ${g.expiresAt}` : 'no leader'}`);
  return lines.join('\n') + '\n';
}
