// The dashboard's roll-ups on PostgreSQL (migration 0013): the expressions they group by, and the
// SQL of the triggers that keep them, in one place. The same keys and buckets as SQLite's
// (../rollup-sql.ts): records per hour and bucket (`stats_hourly`), failures and complaints per day,
// dimension and key with the buckets as columns (`stats_daily`), suppressions made per day and type
// and lifted per day (`stats_suppressions`). Hours and days are UTC.
//
// Several hosts write at once, so a roll-up row is not updated where a record is written (two
// transactions adding to the same rows in different orders deadlock, and a hot row, this hour's hard
// bounces, would be held from the write to the commit). Statement-level triggers on `bounces` and
// `suppressions` (every writer: ingestion, the policy, reparse, unsuppress, a copy, SQL by hand) add
// the statement's changes, summed by key, to this transaction's pending deltas: one row per
// statement, each roll-up's keys and counts as arrays, in an unlogged table whose rows only their own
// transaction reads or writes. A deferred constraint trigger adds them to the roll-ups once, at the
// commit: one INSERT … ON CONFLICT DO UPDATE per roll-up, keys in order (every transaction takes the
// roll-ups' row locks in the same order, and last: no deadlock), held from there to the commit only.
// A transaction or savepoint rolled back drops its deltas with it.
// A change here changes the triggers only through a new migration that recreates them.

/** hard / soft / complaint / other, the overview chart's stacks (as ../rollup-sql.ts BUCKET) */
export const BUCKET = (r: string) =>
  `case when ${r}.kind = 'complaint' then 'complaint' ` +
  `when ${r}.kind in ('bounce', 'delay') and ${r}.type = 'hard' then 'hard' ` +
  `when ${r}.kind in ('bounce', 'delay') and ${r}.type = 'soft' then 'soft' else 'other' end`;

/** the roll-up's two keys, tab-joined (as ../rollup-sql.ts DIM_EXPRS) */
export const KEY = {
  rcpt: (r: string) => `coalesce(${r}.remote_mta, '') || chr(9) || ${r}.domain`,
  why: (r: string) => `${r}.reason || chr(9) || coalesce(${r}.smtp_code::text, '-') || chr(9) || coalesce(${r}.status, '-')`,
} as const;

/** only failures and complaints are broken down */
export const COUNTED = (r: string) => `${r}.kind in ('bounce', 'delay', 'complaint')`;

export const COLUMNS = ['hard', 'soft', 'complaint', 'other'] as const;

/** a time's UTC hour (a `timestamp`) and day (a `date`) */
export const HOUR = (t: string) => `date_trunc('hour', ${t} at time zone 'UTC')`;
export const DAY = (t: string) => `(${t} at time zone 'UTC')::date`;

/** the columns of a record its roll-ups read, and of a suppression */
const BOUNCE_COLUMNS = ['event_at', 'kind', 'type', 'remote_mta', 'domain', 'reason', 'smtp_code', 'status'];
const SUPPRESSION_COLUMNS = ['suppressed_at', 'type', 'lifted_at'];

type Op = 'insert' | 'delete' | 'update';

/**
 * The rows a statement changed, each with its sign `s`: +1 inserted, -1 deleted; an update is its
 * old rows taken off and its new ones added, only those whose rolled-up columns changed (an update
 * of a suppression's last event or count changes no roll-up and adds nothing).
 */
function changed(op: Op, columns: readonly string[]): string {
  if (op === 'insert') return 'select 1 as s, n.* from new_rows n';
  if (op === 'delete') return 'select -1 as s, o.* from old_rows o';
  const moved = `(${columns.map((c) => `o.${c}`).join(', ')}) is distinct from (${columns.map((c) => `n.${c}`).join(', ')})`;
  return `select -1 as s, o.* from old_rows o join new_rows n on n.id = o.id where ${moved} ` + `union all select 1 as s, n.* from old_rows o join new_rows n on n.id = o.id where ${moved}`;
}

/**
 * A trigger function's body: the statement's deltas (each roll-up's keys summed, as arrays) in one
 * row of this transaction's pending deltas; the first such row of the transaction arms the fold.
 */
function noteBody(rows: string, parts: Array<{ columns: readonly string[]; select: string }>): string {
  const agg = parts.map((p, i) => `(select ${p.columns.map((c) => `array_agg(${c}) as ${c}`).join(', ')} from (${p.select}) q) as p${i}`);
  const columns = parts.flatMap((p) => p.columns);
  return [
    'declare x xid8 := pg_current_xact_id();',
    'begin',
    `  ${rows} insert into stats_pending_deltas (xid, ${columns.join(', ')}) select x, ${columns.join(', ')} from ${agg.join(', ')}`,
    `  where ${parts.map((p, i) => `p${i}.${p.columns[0]} is not null`).join(' or ')};`,
    '  if found then insert into stats_pending (xid) values (x) on conflict do nothing; end if;',
    '  return null;',
    'end',
  ].join('\n');
}

const sums = COLUMNS.map((c) => `coalesce(sum(r.s) filter (where r.bucket = '${c}'), 0)::integer`);

/** the pending deltas' arrays: one set per roll-up */
const HOURLY = ['h_hour', 'h_bucket', 'h_n'] as const;
const DAILY = ['d_dim', 'd_day', 'd_key', ...COLUMNS.map((c) => `d_${c}`)] as const;
const SUPPRESSED = ['s_day', 's_kind', 's_n'] as const;
export const PENDING_COLUMNS: ReadonlyArray<[name: string, type: string]> = [
  ['h_hour', 'timestamp[]'],
  ['h_bucket', 'text[]'],
  ['h_n', 'integer[]'],
  ['d_dim', 'text[]'],
  ['d_day', 'date[]'],
  ['d_key', 'text[]'],
  ...COLUMNS.map((c) => [`d_${c}`, 'integer[]'] as [string, string]),
  ['s_day', 'date[]'],
  ['s_kind', 'text[]'],
  ['s_n', 'integer[]'],
];

/** The body of the trigger function on `bounces` for one operation. */
export function bouncesTrigger(op: Op): string {
  // each changed row's slots, bucket and keys, worked out once
  const rows =
    `with c as (${changed(op, BOUNCE_COLUMNS)}), r as materialized (select c.s, ${HOUR('c.event_at')} as hour, ${DAY('c.event_at')} as day, ` +
    `${BUCKET('c')} as bucket, ${COUNTED('c')} as counted, ${KEY.rcpt('c')} as rcpt, ${KEY.why('c')} as why from c)`;
  return noteBody(rows, [
    { columns: HOURLY, select: 'select r.hour as h_hour, r.bucket as h_bucket, sum(r.s)::integer as h_n from r group by 1, 2 having sum(r.s) <> 0' },
    {
      columns: DAILY,
      select:
        `select * from (select k.dim as d_dim, r.day as d_day, k.key as d_key, ${sums.map((e, i) => `${e} as d_${COLUMNS[i]}`).join(', ')} ` +
        "from r cross join lateral (values ('rcpt', r.rcpt), ('why', r.why)) as k (dim, key) where r.counted group by 1, 2, 3) q " +
        `where ${COLUMNS.map((c) => `d_${c} <> 0`).join(' or ')}`,
    },
  ]);
}

/** The body of the trigger function on `suppressions` for one operation: made by type, and lifted. */
export function suppressionsTrigger(op: Op): string {
  return noteBody(`with r as materialized (${changed(op, SUPPRESSION_COLUMNS)})`, [
    {
      columns: SUPPRESSED,
      select:
        `select ${DAY('r.suppressed_at')} as s_day, r.type as s_kind, sum(r.s)::integer as s_n from r group by 1, 2 having sum(r.s) <> 0 ` +
        `union all select ${DAY('r.lifted_at')}, 'lifted', sum(r.s)::integer from r where r.lifted_at is not null group by 1 having sum(r.s) <> 0`,
    },
  ]);
}

/**
 * The fold, at the commit (a deferred constraint trigger on `stats_pending`, fired once per
 * transaction): this transaction's deltas taken out and added to the roll-ups in one statement, one
 * upsert per roll-up (stats_daily, then stats_hourly, then stats_suppressions: the statement's
 * main part, then its other parts in order), keys sorted.
 */
export const FOLD_BODY = [
  'begin',
  '  with d as (delete from stats_pending_deltas where xid = new.xid returning *),',
  '  h as (insert into stats_hourly as t (hour, bucket, n) select u.hour, u.bucket, sum(u.n) from d, unnest(d.h_hour, d.h_bucket, d.h_n) as u (hour, bucket, n)',
  '    group by 1, 2 having sum(u.n) <> 0 order by 1, 2 on conflict (hour, bucket) do update set n = t.n + excluded.n),',
  '  s as (insert into stats_suppressions as t (day, kind, n) select u.day, u.kind, sum(u.n) from d, unnest(d.s_day, d.s_kind, d.s_n) as u (day, kind, n)',
  '    group by 1, 2 having sum(u.n) <> 0 order by 1, 2 on conflict (day, kind) do update set n = t.n + excluded.n)',
  `  insert into stats_daily as t (dim, day, key, ${COLUMNS.join(', ')})`,
  `    select u.dim, u.day, u.key, ${COLUMNS.map((c) => `sum(u.${c})`).join(', ')} from d,`,
  `    unnest(${DAILY.map((c) => `d.${c}`).join(', ')}) as u (dim, day, key, ${COLUMNS.join(', ')})`,
  `    group by 1, 2, 3 having ${COLUMNS.map((c) => `sum(u.${c}) <> 0`).join(' or ')} order by 1, 2, 3`,
  `    on conflict (dim, day, key) do update set ${COLUMNS.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')};`,
  '  delete from stats_pending where xid = new.xid;',
  '  return null;',
  'end',
].join('\n');

// The roll-ups counted from the rows already stored (the migration's fill, and tests).

export const HOURLY_OF_ALL = `select ${HOUR('b.event_at')} as hour, ${BUCKET('b')} as bucket, count(*) as n from bounces b group by 1, 2`;

export const DAILY_OF_ALL =
  `select k.dim, ${DAY('b.event_at')} as day, k.key, ${COLUMNS.map((c) => `count(*) filter (where ${BUCKET('b')} = '${c}') as ${c}`).join(', ')} ` +
  `from bounces b cross join lateral (values ('rcpt', ${KEY.rcpt('b')}), ('why', ${KEY.why('b')})) as k (dim, key) where ${COUNTED('b')} group by 1, 2, 3`;

export const SUPPRESSIONS_OF_ALL =
  `select ${DAY('suppressed_at')} as day, type as kind, count(*) as n from suppressions group by 1, 2 ` +
  `union all select ${DAY('lifted_at')}, 'lifted', count(*) from suppressions where lifted_at is not null group by 1`;
