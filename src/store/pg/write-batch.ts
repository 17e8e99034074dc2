// A group of new messages into PostgreSQL in a constant number of statements, whatever its size:
// the messages with their bytes in one statement and their records in another (one array
// parameter a column, unnest), the addresses' soft state and unlifted suppressions read in one
// query, the policy (policy/plan.ts, the same decisions as
// ingestPg's) applied in input order to that state held in memory, and what it changed written
// back in one statement per table. A round trip to the database costs more than the work of a
// message (more so on a loaded host), so the per-message path's ten or so per message made
// PostgreSQL ingest a tenth of SQLite's.
//
// It runs in the caller's transaction, which holds the advisory locks of every message's SHA-256
// (and event key) (port.ts lockKeys); the addresses the policy reads are locked here, after the
// messages and records are written (which no other writer can touch: their messages are new) and
// before their state is read: nobody else writes those rows until the commit, so the state read
// here stays true while it is used. Whatever
// this path does not cover (a message spooled earlier and still pending, a write that finds a row
// it did not expect, two suppressions made for one address in one group) makes it give up with
// BatchFallback before anything is committed; the caller then runs the group one message at a
// time (write.ts ingestPg) in a new transaction.
import { CompiledQuery, sql } from 'kysely';
import type { ReportKind } from '../../parse/types.js';
import type { MessageRow, NewBounce, NewSuppression, SoftStateRow, SuppressionRow } from '../schema.js';
import type { WrittenRecord } from '../../events/store-events.js';
import type { Outcome, PolicyWrite } from '../../policy/plan.js';
import { decideEvent, planEvent } from '../../policy/plan.js';
import type { SoftState } from '../../policy/decide.js';
import { softStateOf, softStateRow } from '../../policy/apply.js';
import { type IngestMeta, type Parsed, messageFields, processedFieldsBy, resultOf } from '../../pipeline/ingest.js';
import { type RecordFields, recordsOf } from '../../pipeline/records.js';
import { vouchFor } from '../../pipeline/origin.js';
import type { PgPortContext, PgTx } from './context.js';
import type { AfterCommit } from './after-commit.js';
import { type GroupResult, observe } from './write.js';
import { queueOutboxPg } from './outbox.js';
import { addressEventOf } from '../../policy/event-of.js';
import { lockAddresses } from './policy.js';

/** This group needs the one-message-at-a-time path; nothing of it is kept. */
export class BatchFallback extends Error {}

export interface Prepared {
  raw: Uint8Array;
  meta: IngestMeta;
  sha: string;
  parsed: Parsed;
  /** recordsOfParsed(parsed, meta) */
  records: readonly RecordFields[];
}

/** A parsed message's per-recipient records, before the return path vouches for them. */
export function recordsOfParsed(parsed: Parsed, meta: IngestMeta): RecordFields[] {
  return parsed.report ? recordsOf(parsed.report, meta.returnPathRecipient ?? null) : [];
}

/** One unlifted suppression as this transaction leaves it; `id` is null until it is inserted. */
type Held = Omit<SuppressionRow, 'id'> & { id: number | null };

export async function ingestBatchPg(tx: PgTx, ctx: PgPortContext, items: readonly Prepared[], after: AfterCommit[]): Promise<GroupResult[]> {
  const now = ctx.now();
  const stored = await storedRows(tx, items);
  const out: Array<GroupResult | null> = items.map(() => null);
  const fresh: Array<{ i: number; fields: Omit<MessageRow, 'id'> }> = [];
  /** the first of the group with this SHA-256 or event key: a later one is its duplicate */
  const first = new Map<string, number>();
  const repeats: Array<{ i: number; of: number }> = [];
  for (const [i, p] of items.entries()) {
    const found = (p.meta.eventKey ? stored.byKey.get(p.meta.eventKey) : undefined) ?? stored.bySha.get(p.sha);
    // spooled before and still pending: its claim (FOR UPDATE SKIP LOCKED) is the other path's
    if (found && found.status === 'pending') throw new BatchFallback('a message of the group is pending');
    if (found) {
      const kind = found.kind as ReportKind | null;
      out[i] = { messageId: found.id, sha256: p.sha, duplicate: true, status: found.status, kind, records: 0, suppressed: [], problems: [], storedKind: kind, storedStatus: found.status };
      continue;
    }
    const keys = [...(p.meta.eventKey ? [`event:${p.meta.eventKey}`] : []), `sha:${p.sha}`];
    const of = keys.map((k) => first.get(k)).find((x) => x !== undefined);
    if (of !== undefined) {
      repeats.push({ i, of });
      continue;
    }
    for (const k of keys) first.set(k, i);
    const processed = processedFieldsBy(ctx.classifier(), now, p.parsed, p.records.length);
    fresh.push({ i, fields: messageFields(p.raw, p.sha, p.meta, now.toISOString(), processed) });
  }
  if (fresh.length === 0) return out as GroupResult[];

  // the messages and their bytes
  const ids = (await tx.executeQuery<{ id: number; sha256: string }>(insertMessages(fresh.map((f) => ({ fields: f.fields, raw: bufferOf(items[f.i]!.raw) }))))).rows;
  // the locks make a conflict impossible; one means a writer that does not take them (the
  // transaction is then rolled back, bytes and all)
  if (ids.length !== fresh.length) throw new BatchFallback('a message was stored meanwhile');
  const idOf = new Map(ids.map((r) => [r.sha256, r.id]));
  const messages = fresh.map((f) => ({ i: f.i, message: { id: idOf.get(f.fields.sha256)!, ...f.fields } as MessageRow }));

  // their records
  // (recordsFor's, on the records made already)
  const vouched = (m: (typeof messages)[number]) => vouchFor(m.message, items[m.i]!.parsed.report, ctx.returnPaths, [...items[m.i]!.records]);
  const planned = messages.map((m) => ({ ...m, records: vouched(m).map((rec) => ({ ...rec, message_id: m.message.id, event_at: m.message.received_at })) }));
  const rows = planned.flatMap((p) => p.records);
  const bounceIds = new Map<string, number>();
  if (rows.length) {
    const r = (await tx.executeQuery<{ id: number; message_id: number; recipient: string }>(INSERT_BOUNCES.query(rows))).rows;
    for (const b of r) bounceIds.set(`${b.message_id} ${b.recipient}`, b.id);
  }

  // the policy, on the addresses' state read once and kept here: read after their locks (a
  // statement of its own, so that it reads what the transaction it waited for committed)
  const addresses = rows.filter((r) => r.vouched !== 0).map((r) => r.recipient);
  await lockAddresses(tx, addresses);
  const state = await PolicyState.read(tx, addresses);
  const written: Array<{ message: MessageRow; records: WrittenRecord[]; active: Map<string, Held> }> = [];
  for (const p of planned) {
    const recs: WrittenRecord[] = [];
    const suppressed: string[] = [];
    const active = new Map<string, Held>();
    let inserted = 0;
    for (const row of p.records) {
      const key = `${row.message_id} ${row.recipient}`;
      const bounceId = bounceIds.get(key);
      if (bounceId === undefined) continue; // this (message, recipient) is counted already
      bounceIds.delete(key);
      inserted++;
      const outcome: Outcome = row.vouched !== 0 ? state.apply(ctx, addressEventOf(row, bounceId, p.message.received_at)) : 'unverified';
      if (outcome === 'suppressed' || outcome === 'upgraded') {
        suppressed.push(row.recipient);
        // what the observers see: the suppression as this message left it
        const held = state.activeAt(row.recipient, row.event_at);
        if (held) active.set(row.recipient, state.snapshot(held));
      }
      recs.push({ bounceId, record: row, outcome });
    }
    written.push({ message: p.message, records: recs, active });
    const r = resultOf(p.message as Parameters<typeof resultOf>[0]);
    out[p.i] = { messageId: p.message.id, sha256: p.message.sha256, duplicate: false, status: r.status, kind: r.kind, records: inserted, suppressed, problems: r.problems, storedKind: r.kind, storedStatus: r.status };
  }
  await state.write(tx);

  // the same input again in the group: a duplicate of what its first was stored as
  for (const { i, of } of repeats) {
    const f = out[of]!;
    out[i] = { ...f, sha256: items[i]!.sha, duplicate: true, records: 0, suppressed: [], problems: [] };
  }

  // the observers: webhook events queued in this transaction, counts after it
  const outbox = written.flatMap((w) => observe(ctx, { message: w.message, records: w.records }, (address) => state.withId(w.active.get(address)), after));
  await queueOutboxPg(tx, outbox);
  return out as GroupResult[];
}

/** The stored messages with these SHA-256s or event keys, in one query. */
async function storedRows(tx: PgTx, items: readonly Prepared[]) {
  const shas = items.map((p) => p.sha);
  const keys = items.flatMap((p) => (p.meta.eventKey ? [p.meta.eventKey] : []));
  const r = await sql<{ id: number; status: MessageRow['status']; kind: string | null; sha256: string; event_key: string | null }>`
    select id, status, kind, sha256, event_key from messages where sha256 = any(${shas}::text[]) or event_key = any(${keys}::text[])`.execute(tx);
  const bySha = new Map<string, (typeof r.rows)[number]>();
  const byKey = new Map<string, (typeof r.rows)[number]>();
  for (const row of r.rows) {
    bySha.set(row.sha256, row);
    if (row.event_key) byKey.set(row.event_key, row);
  }
  return { bySha, byKey };
}

/**
 * A multi-row insert as one statement of one array parameter per column (unnest), written once:
 * not one parameter per value built by the query builder for each group (a group's messages are
 * some 1,600 values, whose building, binding and planning cost more than their writing).
 * `columns` names every column of the row type with its PostgreSQL type (the compiler checks that
 * none is left out); `defaults`: a column's value when a row leaves it undefined.
 */
function unnestInsert<R>(table: string, columns: Record<keyof R & string, string>, tail: string, defaults: Partial<Record<keyof R & string, unknown>> = {}) {
  const names = Object.keys(columns) as Array<keyof R & string>;
  // in the arrays' order (the ids numbered in input order, as one insert a message would)
  const text = `insert into ${table} (${names.join(', ')}) select ${names.join(', ')} from unnest(${names.map((c, i) => `$${i + 1}::${columns[c]}[]`).join(', ')})
    with ordinality as u(${names.join(', ')}, n) order by n ${tail}`;
  const params = (rows: readonly R[]) => names.map((c) => rows.map((r) => r[c] ?? defaults[c] ?? null));
  return { text, params, query: (rows: readonly R[]) => CompiledQuery.raw(text, params(rows)) };
}

const INSERT_MESSAGES = unnestInsert<Omit<MessageRow, 'id'>>(
  'messages',
  {
    sha256: 'text', size: 'integer', source: 'text', source_ref: 'text', envelope_from: 'text', envelope_to: 'text', return_path_recipient: 'text',
    origin: 'text', received_at: 'timestamptz', spooled_at: 'timestamptz', status: 'text', parser_version: 'text', processed_at: 'timestamptz', kind: 'text',
    format: 'text', reporting_mta: 'text', message_id: 'text', subject: 'text', feedback_type: 'text', problems: 'text', raw_format: 'text', event_key: 'text',
  },
  'on conflict do nothing returning id, sha256',
  { problems: '[]' },
);

const INSERT_BOUNCES = unnestInsert<Omit<NewBounce, 'id'>>(
  'bounces',
  {
    message_id: 'bigint', recipient: 'text', recipient_reported: 'text', domain: 'text', kind: 'text', action: 'text', status: 'text', smtp_code: 'integer',
    type: 'text', reason: 'text', remote_mta: 'text', diagnostic: 'text', command: 'text', rule: 'text', reporting_mta: 'text', original_message_id: 'text',
    feedback_type: 'text', from_return_path: 'integer', vouched: 'integer', event_at: 'timestamptz',
  },
  'on conflict (message_id, recipient) do nothing returning id, message_id, recipient',
  { from_return_path: 0, vouched: 1 },
);

const MESSAGE_PARAMS = INSERT_MESSAGES.params([]).length;

/**
 * The messages and their bytes in one statement (a round trip less a group): the bytes joined to
 * the ids the insert gave by SHA-256, each message's bytes a parameter of its own (binary: an array
 * of them would travel as hex text).
 */
function insertMessages(rows: ReadonlyArray<{ fields: Omit<MessageRow, 'id'>; raw: Buffer }>): CompiledQuery {
  const bytes = rows.map((_, i) => `($${MESSAGE_PARAMS + 2 * i + 1}::text, $${MESSAGE_PARAMS + 2 * i + 2}::bytea)`).join(', ');
  return CompiledQuery.raw(
    `with m as (${INSERT_MESSAGES.text}),
      r as (insert into message_raw (message_id, raw) select m.id, b.raw from m join (values ${bytes}) as b(sha256, raw) on b.sha256 = m.sha256)
    select id, sha256 from m`,
    [...INSERT_MESSAGES.params(rows.map((r) => r.fields)), ...rows.flatMap((r) => [r.fields.sha256, r.raw])],
  );
}

function bufferOf(raw: Uint8Array): Buffer {
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** each address's soft state (its columns named soft_*) and unlifted suppression (every column, as selected alone) */
const READ_STATE = `select s.address as soft_address, s.events as soft_events, s.total as soft_total, s.last_reason as soft_last_reason,
    s.last_event_at as soft_last_event_at, s.cleared_at as soft_cleared_at, x.*
  from unnest($1::text[]) as a(address)
    left join soft_state s on s.address = a.address
    left join suppressions x on x.address = a.address and x.lifted_at is null
  where s.address is not null or x.id is not null`;

const SUPPRESSION_COLUMNS = ['type', 'reason', 'suppressed_at', 'first_event_at', 'last_event_at', 'event_count', 'bounce_id', 'expires_at', 'lifted_at', 'note'] as const;

/**
 * The soft state and the unlifted suppression (at most one: suppressions_one_active) of each
 * address, as read at the start and as the policy changes them; then written back.
 */
class PolicyState {
  private readonly dirtySoft = new Set<string>();
  /** rows read from the database and changed here (by id), and rows made here, in order */
  private readonly changed = new Map<number, Held>();
  private readonly made: Held[] = [];

  private constructor(
    private readonly soft: Map<string, SoftState | null>,
    private readonly unlifted: Map<string, Held>,
  ) {}

  static async read(tx: PgTx, addresses: readonly string[]): Promise<PolicyState> {
    const unique = [...new Set(addresses)];
    if (unique.length === 0) return new PolicyState(new Map(), new Map());
    // both in one round trip: an address has one soft state row at most and one unlifted
    // suppression at most (suppressions_one_active), so one row each
    const r = await tx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(READ_STATE, [unique]));
    const soft = new Map<string, SoftState | null>();
    const unlifted = new Map<string, Held>();
    for (const row of r.rows) {
      const { soft_address, soft_events, soft_total, soft_last_reason, soft_last_event_at, soft_cleared_at, ...held } = row;
      if (soft_address !== null) {
        const s = { address: soft_address, events: soft_events, total: soft_total, last_reason: soft_last_reason, last_event_at: soft_last_event_at, cleared_at: soft_cleared_at };
        soft.set(soft_address as string, softStateOf(s as SoftStateRow));
      }
      if (held.id !== null) unlifted.set(held.address as string, held as unknown as Held);
    }
    return new PolicyState(soft, unlifted);
  }

  /** The unlifted suppression if it is active at `at` (policy.ts ACTIVE_ONE, on the state held). */
  activeAt(address: string, at: string): Held | null {
    const u = this.unlifted.get(address);
    return u && (u.expires_at === null || u.expires_at > at) ? u : null;
  }

  apply(ctx: PgPortContext, ev: Parameters<typeof planEvent>[0]): Outcome {
    const soft = this.soft.get(ev.address) ?? null;
    const { effect, needsActive } = decideEvent(ev, soft, ctx.policy);
    const active = needsActive ? this.activeAt(ev.address, ev.at) : null;
    // a row made here has no id yet: the plan names it by a stand-in, mapped back below
    const plan = planEvent(ev, effect, soft, active ? ({ ...active, id: active.id ?? -1 } as SuppressionRow) : null);
    for (const w of plan.writes) this.take(w, active);
    return plan.outcome;
  }

  private take(w: PolicyWrite, active: Held | null): void {
    if (w.write === 'soft') {
      this.soft.set(w.address, w.soft);
      this.dirtySoft.add(w.address);
    } else if (w.write === 'update') {
      if (!active) throw new BatchFallback('an update of a suppression not held');
      Object.assign(active, w.patch);
      this.touch(active);
      if (active.lifted_at !== null) this.unlifted.delete(active.address);
    } else {
      this.insert(w.row);
    }
  }

  /** As writePolicyPg: an expired suppression still unlifted is lifted at its expiry, then the new one made. */
  private insert(row: NewSuppression): void {
    const u = this.unlifted.get(row.address);
    if (u) {
      if (u.id === null || u.expires_at === null || u.expires_at > row.suppressed_at) throw new BatchFallback('an unlifted suppression in the way');
      u.lifted_at = u.expires_at;
      u.note = u.note ?? 'expired';
      this.touch(u);
    }
    const held = { ...row, id: null, bounce_id: row.bounce_id ?? null, expires_at: row.expires_at ?? null, lifted_at: null, note: row.note ?? null } as Held;
    this.made.push(held);
    this.unlifted.set(row.address, held);
  }

  private touch(row: Held): void {
    if (row.id !== null) this.changed.set(row.id, row);
  }

  /** A copy of the row as it is now; its id is given once the row is inserted (withId). */
  snapshot(row: Held): Held & { of: Held } {
    return { ...row, of: row };
  }

  withId(s: (Held & { of?: Held }) | undefined): SuppressionRow | undefined {
    if (!s) return undefined;
    const { of, ...row } = s;
    return { ...row, id: row.id ?? of?.id ?? 0 } as SuppressionRow;
  }

  /** Everything changed, in one statement per table; ids given to the rows made. */
  async write(tx: PgTx): Promise<void> {
    if (this.changed.size) {
      const rows = [...this.changed.values()];
      const col = (c: (typeof SUPPRESSION_COLUMNS)[number]) => rows.map((r) => r[c]);
      // lifts first: the one unlifted place of an address is free before a new row takes it
      await sql`update suppressions s set type = v.type, reason = v.reason, suppressed_at = v.suppressed_at, first_event_at = v.first_event_at,
          last_event_at = v.last_event_at, event_count = v.event_count, bounce_id = v.bounce_id, expires_at = v.expires_at, lifted_at = v.lifted_at, note = v.note
        from unnest(${rows.map((r) => r.id)}::bigint[], ${col('type')}::text[], ${col('reason')}::text[], ${col('suppressed_at')}::timestamptz[],
          ${col('first_event_at')}::timestamptz[], ${col('last_event_at')}::timestamptz[], ${col('event_count')}::int[], ${col('bounce_id')}::bigint[],
          ${col('expires_at')}::timestamptz[], ${col('lifted_at')}::timestamptz[], ${col('note')}::text[])
          as v(id, type, reason, suppressed_at, first_event_at, last_event_at, event_count, bounce_id, expires_at, lifted_at, note)
        where s.id = v.id`.execute(tx);
    }
    if (this.made.length) {
      if (new Set(this.made.map((r) => r.address)).size !== this.made.length) throw new BatchFallback('two suppressions made for one address');
      const r = await tx
        .insertInto('suppressions')
        .values(this.made.map(({ id: _id, ...row }) => row))
        .onConflict((oc) => oc.column('address').where('lifted_at', 'is', null).doNothing())
        .returning(['id', 'address'])
        .execute();
      if (r.length !== this.made.length) throw new BatchFallback('an unlifted suppression appeared meanwhile');
      const ids = new Map(r.map((x) => [x.address, x.id]));
      for (const m of this.made) m.id = ids.get(m.address)!;
    }
    if (this.dirtySoft.size) {
      const rows = [...this.dirtySoft].map((a) => softStateRow(a, this.soft.get(a)!));
      await tx
        .insertInto('soft_state')
        .values(rows)
        .onConflict((oc) =>
          oc.column('address').doUpdateSet((eb) => ({
            events: eb.ref('excluded.events'),
            total: eb.ref('excluded.total'),
            last_reason: eb.ref('excluded.last_reason'),
            last_event_at: eb.ref('excluded.last_event_at'),
            cleared_at: eb.ref('excluded.cleared_at'),
          })),
        )
        .execute();
    }
  }
}
