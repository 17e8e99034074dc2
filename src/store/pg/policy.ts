// The suppression policy on PostgreSQL: the same decisions and writes as on SQLite (policy/plan.ts),
// read and written inside the caller's transaction. Several hosts write at once, so an address's
// state is read and written under a transaction-scoped advisory lock on the address: the second
// writer waits for the first one's commit and reads what it left. The partial unique index
// (suppressions_one_active) keeps one unlifted suppression per address whatever happens.
import { CompiledQuery, sql } from 'kysely';
import type { SuppressionRow } from '../schema.js';
import type { SoftState } from '../../policy/decide.js';
import { type AddressEvent, type EventPlan, type ManualAction, type ManualPlan, type Outcome, type PolicyWrite, decideEvent, planEvent, planManual } from '../../policy/plan.js';
import type { PolicyConfig } from '../../policy/config.js';
import { softStateOf, softStateRow } from '../../policy/apply.js';
import type { PgTx } from './context.js';

/** A message's key among the locks (port.ts lockKeys): its SHA-256 or its event key, not an address. */
export const isMessageKey = (k: string) => k.startsWith('sha:') || k.startsWith('event:');

/**
 * Serialise this transaction's writes of these addresses with every other host's. Every
 * transaction takes its locks in one order, so none waits for another that waits for it: the
 * messages' keys first, then the addresses, each sorted. A transaction may take them in two
 * calls (its messages' keys, later its addresses: write-batch.ts), never an address before a
 * message's key.
 */
export async function lockAddresses(tx: PgTx, addresses: Iterable<string>): Promise<void> {
  const keys = [...new Set(addresses)].sort((a, b) => Number(isMessageKey(b)) - Number(isMessageKey(a)) || (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return;
  // one statement for them all (a round trip each made a group's locks cost more than its writes);
  // unnest yields the array's elements in its order, so the locks are taken in that sorted order
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as k`.execute(tx);
}

export async function softStateAt(tx: PgTx, address: string): Promise<SoftState | null> {
  return softStateOf(await tx.selectFrom('soft_state').selectAll().where('address', '=', address).executeTakeFirst());
}

function activeQuery(tx: PgTx, address: string, at: string) {
  return tx
    .selectFrom('suppressions')
    .selectAll()
    .where('address', '=', address)
    .where('lifted_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]));
}

/** The lookup of GET /v1/suppressions/{address} and of the policy: written once, not built per call. */
const ACTIVE_ONE =
  'select * from suppressions where address = $1 and lifted_at is null and (expires_at is null or expires_at > $2) order by id desc limit 1';

export async function activeSuppressionPg(tx: PgTx, address: string, at: string): Promise<SuppressionRow | null> {
  const r = await tx.executeQuery<SuppressionRow>(CompiledQuery.raw(ACTIVE_ONE, [address, at]));
  return r.rows[0] ?? null;
}

export async function activeSuppressionsPg(tx: PgTx, address: string, at: string): Promise<SuppressionRow[]> {
  return activeQuery(tx, address, at).orderBy('id').execute();
}

/**
 * Make the policy's writes; returns the inserted suppression's id, or null when none was inserted
 * (none asked, or the address has an unlifted one already: the caller plans again with it).
 */
async function writePolicyPg(tx: PgTx, writes: readonly PolicyWrite[]): Promise<{ inserted: number | null; conflict: boolean }> {
  let inserted: number | null = null;
  let conflict = false;
  for (const w of writes) {
    if (w.write === 'soft') {
      const row = softStateRow(w.address, w.soft);
      const { address: _key, ...set } = row;
      await tx.insertInto('soft_state').values(row).onConflict((oc) => oc.column('address').doUpdateSet(set)).execute();
    } else if (w.write === 'update') {
      await tx.updateTable('suppressions').set(w.patch).where('id', '=', w.id).execute();
    } else {
      // an expired suppression still unlifted would hold the address's one place: it is lifted
      // (at its expiry) before the new one is made
      await tx
        .updateTable('suppressions')
        .set((eb) => ({ lifted_at: eb.ref('expires_at'), note: eb.fn.coalesce('note', eb.val('expired')) }))
        .where('address', '=', w.row.address)
        .where('lifted_at', 'is', null)
        .where('expires_at', 'is not', null)
        .where('expires_at', '<=', w.row.suppressed_at)
        .execute();
      const r = await sql<{ id: number }>`insert into suppressions (address, domain, type, reason, suppressed_at, first_event_at, last_event_at,
          event_count, bounce_id, expires_at, lifted_at, note)
        values (${w.row.address}, ${w.row.domain}, ${w.row.type}, ${w.row.reason}, ${w.row.suppressed_at}, ${w.row.first_event_at},
          ${w.row.last_event_at}, ${w.row.event_count}, ${w.row.bounce_id ?? null}, ${w.row.expires_at ?? null}, null, ${w.row.note ?? null})
        on conflict (address) where lifted_at is null do nothing returning id`.execute(tx);
      if (r.rows[0]) inserted = r.rows[0].id;
      else conflict = true;
    }
  }
  return { inserted, conflict };
}

/** The unlifted suppression that held the address's place when an insert found it taken. */
async function unlifted(tx: PgTx, address: string): Promise<SuppressionRow | null> {
  return (await tx.selectFrom('suppressions').selectAll().where('address', '=', address).where('lifted_at', 'is', null).executeTakeFirst()) ?? null;
}

/** Apply the policy to one event; the caller holds the transaction and the address's lock. */
export async function applyEventPg(tx: PgTx, cfg: PolicyConfig, ev: AddressEvent): Promise<{ outcome: Outcome; why?: string }> {
  const soft = await softStateAt(tx, ev.address);
  const { effect, needsActive } = decideEvent(ev, soft, cfg);
  const active = needsActive ? await activeSuppressionPg(tx, ev.address, ev.at) : null;
  let plan: EventPlan = planEvent(ev, effect, soft, active);
  const done = await writePolicyPg(tx, plan.writes);
  if (done.conflict) {
    // an event older than a suppression that expired before a newer event: counted on the one in place
    plan = planEvent(ev, effect, soft, await unlifted(tx, ev.address));
    await writePolicyPg(tx, plan.writes.filter((w) => w.write !== 'soft'));
  }
  return plan.why === undefined ? { outcome: plan.outcome } : { outcome: plan.outcome, why: plan.why };
}

/** Apply a person's action; the caller holds the transaction and the address's lock. */
export async function applyManualPg(tx: PgTx, action: ManualAction, domain: string): Promise<ManualPlan & { suppressionId?: number }> {
  const soft = await softStateAt(tx, action.address);
  let plan = planManual(action, domain, await activeSuppressionsPg(tx, action.address, action.at), soft);
  let done = await writePolicyPg(tx, plan.writes);
  if (done.conflict) {
    const held = await unlifted(tx, action.address);
    plan = planManual(action, domain, held ? [held] : [], soft);
    done = await writePolicyPg(tx, plan.writes.filter((w) => w.write !== 'soft'));
  }
  if (plan.action === 'suppress') return { ...plan, suppressionId: plan.suppression.id ?? done.inserted ?? undefined };
  return plan;
}
