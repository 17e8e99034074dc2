// Sisimai 5.6's reason names (src/vocabulary/reasons.ts): stored records, the suppressions the policy
// made from them and the soft-bounce state are rewritten from the older names (`speeding`,
// `toomanyconn` → `ratelimited`; `mesgtoobig`, `exceedlimit` → `emailtoolarge`). A manual
// suppression's reason is the user's own words and is left alone. And each record keeps which rule
// decided its reason (`builtin:userunknown#phrase-12`, `rules/local.toml:7`); null for records
// written before (a `rebound reparse` fills it in).
import { type Kysely, sql } from 'kysely';

const RENAMED: ReadonlyArray<[string, string]> = [
  ['speeding', 'ratelimited'],
  ['toomanyconn', 'ratelimited'],
  ['mesgtoobig', 'emailtoolarge'],
  ['exceedlimit', 'emailtoolarge'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bounces').addColumn('rule', 'text').execute();
  for (const [from, to] of RENAMED) {
    await sql`update bounces set reason = ${to} where reason = ${from}`.execute(db);
    await sql`update suppressions set reason = ${to} where reason = ${from} and bounce_id is not null`.execute(db);
    await sql`update soft_state set last_reason = ${to} where last_reason = ${from}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // the older names cannot be told apart again: the records keep the current ones
  await db.schema.alterTable('bounces').dropColumn('rule').execute();
}
