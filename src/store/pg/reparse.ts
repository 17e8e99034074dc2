// `rebound reparse` on PostgreSQL: the SQLite side's (pipeline/reparse.ts) over the pool. The
// messages are read in chunks; those whose records come out the same (most, in a reparse) get their
// processed fields in one transaction per chunk (a commit, an fsync, per message was most of the
// time). A message whose records changed is one transaction of its own: its records replaced and
// the policy of every address concerned replayed from its history (policy/replay.ts replayEvents,
// applied by the same planner as ingestion), under the addresses' advisory locks; the
// suppression.created / .lifted events of what changed are queued with it.
import type { MessageChange, ReparseResult, SuppressionChange } from '../../pipeline/reparse.js';
import { describeSuppression, diffRecords, fieldChanges } from '../../pipeline/reparse.js';
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

/** messages read, parsed and marked per transaction (their rows stay locked until it commits) */
const CHUNK = 64;

type Outcome = { change: MessageChange | null; suppressions: SuppressionChange[] } | null;

export async function reparsePg(db: Pg, ctx: PgPortContext, write: Write, selection: ReparseSelection | readonly number[]): Promise<ReparseResult> {
  const result: ReparseResult = { messages: 0, changed: [], suppressions: [] };
  const ids = typeof selection === 'string' ? await messageIdsPg(db, selection, parserVersion(ctx.classifier())) : selection;
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK);
    const inputs = await db
      .selectFrom('message_raw as r')
      .innerJoin('messages as m', 'm.id', 'r.message_id')
      .select(['r.message_id as id', 'r.raw', 'm.raw_format as format'])
      .where('r.message_id', 'in', chunk)
      .execute();
    // parsing is pure: before the transactions
    const parsed = new Map(inputs.map((i) => [Number(i.id), safeParse(i.raw as unknown as Uint8Array, ctx.classifier(), i.format)]));
    const outcomes = await write((tx) => markUnchanged(tx, ctx, parsed));
    for (const id of chunk) {
      if (!parsed.has(id)) continue;
      // undefined: its records changed, and it goes alone
      const one = outcomes.has(id) ? outcomes.get(id)! : await write((tx, after) => reparseOne(tx, ctx, id, parsed.get(id)!, after));
      if (!one) continue;
      result.messages++;
      if (one.change) result.changed.push(one.change);
      result.suppressions.push(...one.suppressions);
    }
  }
  return result;
}

/**
 * The chunk's messages whose records come out as stored: their processed fields, in one
 * transaction. Returns each message's outcome (null: not there, or pending); a message whose
 * records changed is left out, for reparseOne.
 */
async function markUnchanged(tx: PgTx, ctx: PgPortContext, parsed: ReadonlyMap<number, ReturnType<typeof safeParse>>): Promise<Map<number, Outcome>> {
  const ids = [...parsed.keys()];
  const out = new Map<number, Outcome>(ids.map((id) => [id, null]));
  if (!ids.length) return out;
  // locked in id order, as every other chunk and reparseOne take them
  const messages = await tx.selectFrom('messages').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
  const stored = await tx.selectFrom('bounces').selectAll().where('message_id', 'in', ids).orderBy('id').execute();
  for (const message of messages) {
    if (message.status === 'pending') continue;
    const p = parsed.get(message.id)!;
    const next = recordsFor(ctx, message, p);
    if (diffRecords(stored.filter((b) => b.message_id === message.id), next).length) {
      out.delete(message.id);
      continue;
    }
    const fields = processedFieldsBy(ctx.classifier(), ctx.now(), p, next.length);
    const changes = fieldChanges(message, fields);
    await tx.updateTable('messages').set(fields).where('id', '=', message.id).execute();
    out.set(message.id, { change: changes.length ? { messageId: message.id, ref: message.source_ref, changes } : null, suppressions: [] });
  }
  return out;
}

async function reparseOne(
  tx: PgTx,
  ctx: PgPortContext,
  id: number,
  parsed: ReturnType<typeof safeParse>,
  after: AfterCommit[],
): Promise<Outcome> {
  const message = await tx.selectFrom('messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!message || message.status === 'pending') return null;
  const old = await tx.selectFrom('bounces').selectAll().where('message_id', '=', id).orderBy('id').execute();
  const next = recordsFor(ctx, message, parsed);
  const fields = processedFieldsBy(ctx.classifier(), ctx.now(), parsed, next.length);
  const changes = fieldChanges(message, fields);
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
