// `rebound reparse` on PostgreSQL: the SQLite side's (pipeline/reparse.ts) over the pool. Each
// message read again is one transaction: its processed fields, and when its records changed, the
// records replaced and the policy of every address concerned replayed from its history
// (policy/replay.ts replayEvents, applied by the same planner as ingestion), under the addresses'
// advisory locks; the suppression.created / .lifted events of what changed are queued with it.
import type { MessageChange, ReparseResult, SuppressionChange } from '../../pipeline/reparse.js';
import { describeSuppression, diffRecords } from '../../pipeline/reparse.js';
import { parserVersion } from '../../pipeline/parser-version.js';
import { processedFieldsBy, recordsFor, safeParse } from '../../pipeline/ingest.js';
import { replayEvents } from '../../policy/replay.js';
import { replayedEventRows } from '../../webhooks/events.js';
import { webhooksEnabled } from '../../config/webhooks.js';
import type { ReparseSelection } from '../messages.js';
import type { AfterCommit } from './after-commit.js';
import type { Pg, PgPortContext, PgTx } from './context.js';
import { activeSuppressionPg, applyEventPg, applyManualPg, lockAddresses } from './policy.js';
import { queueOutboxPg } from './outbox.js';

type Write = <T>(fn: (tx: PgTx, after: AfterCommit[]) => Promise<T>) => Promise<T>;

export async function reparsePg(db: Pg, ctx: PgPortContext, write: Write, selection: ReparseSelection | readonly number[]): Promise<ReparseResult> {
  const result: ReparseResult = { messages: 0, changed: [], suppressions: [] };
  const ids = typeof selection === 'string' ? await messageIdsPg(db, selection, parserVersion(ctx.classifier())) : selection;
  for (const id of ids) {
    const input = await db
      .selectFrom('message_raw as r')
      .innerJoin('messages as m', 'm.id', 'r.message_id')
      .select(['r.raw', 'm.raw_format as format'])
      .where('r.message_id', '=', id)
      .executeTakeFirst();
    if (!input) continue;
    // parsing is pure: before the transaction
    const parsed = safeParse(input.raw as unknown as Uint8Array, ctx.classifier(), input.format);
    const one = await write((tx, after) => reparseOne(tx, ctx, id, parsed, after));
    if (!one) continue;
    result.messages++;
    if (one.change) result.changed.push(one.change);
    result.suppressions.push(...one.suppressions);
  }
  return result;
}

async function reparseOne(
  tx: PgTx,
  ctx: PgPortContext,
  id: number,
  parsed: ReturnType<typeof safeParse>,
  after: AfterCommit[],
): Promise<{ change: MessageChange | null; suppressions: SuppressionChange[] } | null> {
  const message = await tx.selectFrom('messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!message || message.status === 'pending') return null;
  const old = await tx.selectFrom('bounces').selectAll().where('message_id', '=', id).orderBy('id').execute();
  const next = recordsFor(ctx, message, parsed);
  const fields = processedFieldsBy(ctx.classifier(), ctx.now(), parsed, next.length);
  const changes: string[] = [];
  if (message.kind !== fields.kind) changes.push(`kind ${message.kind} -> ${fields.kind}`);
  if (message.status !== fields.status) changes.push(`status ${message.status} -> ${fields.status}`);
  const recordChanges = diffRecords(old, next);
  changes.push(...recordChanges);
  await tx.updateTable('messages').set(fields).where('id', '=', id).execute();
  const change = changes.length ? { messageId: id, ref: message.source_ref, changes } : null;
  if (recordChanges.length === 0) return { change, suppressions: [] };

  const addresses = [...new Set([...old.map((b) => b.recipient), ...next.map((r) => r.recipient)])];
  await lockAddresses(tx, addresses);
  const now = ctx.now().toISOString();
  const before = new Map<string, Awaited<ReturnType<typeof activeSuppressionPg>>>();
  for (const a of addresses) before.set(a, await activeSuppressionPg(tx, a, now));
  await tx.deleteFrom('bounces').where('message_id', '=', id).execute();
  if (next.length) await tx.insertInto('bounces').values(next.map((r) => ({ ...r, message_id: id, event_at: message.received_at }))).execute();
  const suppressions: SuppressionChange[] = [];
  const hooks = ctx.webhook && webhooksEnabled(ctx.webhook) ? ctx.webhook : null;
  let queued = false;
  for (const a of addresses) {
    await replayAddressPg(tx, ctx, a);
    const was = before.get(a) ?? null;
    const is = await activeSuppressionPg(tx, a, now);
    if (describeSuppression(is) === describeSuppression(was)) continue;
    suppressions.push({ address: a, before: describeSuppression(was), after: describeSuppression(is) });
    if (hooks) {
      const rows = replayedEventRows(hooks, { address: a, domain: is?.domain ?? was!.domain, before: was, after: is, at: now });
      await queueOutboxPg(tx, rows);
      queued ||= rows.length > 0;
    }
  }
  after.push({ summary: null, queued });
  return { change, suppressions };
}

/** An address's policy state made again from its records and a person's actions; the caller holds its lock. */
async function replayAddressPg(tx: PgTx, ctx: PgPortContext, address: string): Promise<void> {
  await tx.deleteFrom('suppressions').where('address', '=', address).execute();
  await tx.deleteFrom('soft_state').where('address', '=', address).execute();
  const records = await tx.selectFrom('bounces').selectAll().where('recipient', '=', address).orderBy('event_at').orderBy('id').execute();
  const actions = await tx.selectFrom('manual_actions').selectAll().where('address', '=', address).orderBy('at').orderBy('id').execute();
  for (const step of replayEvents(address, records, actions)) {
    if (step.event) await applyEventPg(tx, ctx.policy, step.event);
    else await applyManualPg(tx, step.manual, step.domain);
  }
}

/** Which messages a reparse reads again (messages.ts messageIdsFor on SQLite). */
async function messageIdsPg(db: Pg, selection: ReparseSelection, version: string): Promise<number[]> {
  let q = db.selectFrom('messages').select('id').where('status', '!=', 'pending').orderBy('id');
  if (selection === 'failed') q = q.where('status', '=', 'failed');
  if (selection === 'outdated') q = q.where((eb) => eb.or([eb('parser_version', 'is', null), eb('parser_version', '!=', version)]));
  return (await q.execute()).map((r) => r.id);
}
