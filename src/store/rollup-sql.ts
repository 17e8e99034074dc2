// The roll-ups' SQL (SQLite), in one place: what a record or a suppression adds to stats_hourly,
// stats_daily (migration 0009) and stats_suppressions (migration 0013). The migrations' triggers
// add one row's worth (`values` over `new.` or `old.`); rollups-at-commit.ts adds a whole
// transaction's rows at once (`select` over the rows, grouped by key), with the same expressions.
// A change here changes the triggers only through a new migration that recreates them.

/** hard / soft / complaint / other, the overview chart's stacks */
export const BUCKET = (r: string) =>
  `case when ${r}.kind = 'complaint' then 'complaint' ` +
  `when ${r}.kind in ('bounce', 'delay') and ${r}.type = 'hard' then 'hard' ` +
  `when ${r}.kind in ('bounce', 'delay') and ${r}.type = 'soft' then 'soft' else 'other' end`;

/**
 * The roll-up's two dimensions, each a tab-joined key: `rcpt` (remote MTA, domain: the provider is
 * named in code, stats/providers.ts, and the domain read off) and `why` (reason, reply code,
 * enhanced status). Two upserts a record, not five: what a record costs to write matters more than
 * splitting keys when reading.
 */
export const DIM_EXPRS: Array<[string, (r: string) => string]> = [
  ['rcpt', (r) => `coalesce(${r}.remote_mta, '') || char(9) || ${r}.domain`],
  ['why', (r) => `${r}.reason || char(9) || coalesce(cast(${r}.smtp_code as text), '-') || char(9) || coalesce(${r}.status, '-')`],
];

/** only failures and complaints are broken down (not delivery reports, auto-replies) */
export const COUNTED = (r: string) => `${r}.kind in ('bounce', 'delay', 'complaint')`;

/** the daily roll-up's bucket columns */
export const COLUMNS = ['hard', 'soft', 'complaint', 'other'] as const;

/** the columns of a record that its roll-ups read */
export const BOUNCE_ROLLUP_COLUMNS = ['event_at', 'kind', 'type', 'remote_mta', 'domain', 'reason', 'smtp_code', 'status'] as const;
/** the columns of a suppression that its roll-up reads */
export const SUPPRESSION_ROLLUP_COLUMNS = ['suppressed_at', 'type', 'lifted_at'] as const;

// Triggers' bodies: INSERT ... VALUES upserts (the INSERT ... SELECT form costs ten times as much
// inside a trigger), one row of `r` counted with `sign`.

export const hourlyOfRow = (r: string, sign: string) =>
  `insert into stats_hourly (hour, bucket, n) values (substr(${r}.event_at, 1, 13), ${BUCKET(r)}, ${sign}1) ` +
  `on conflict (hour, bucket) do update set n = n ${sign} 1;`;

export const dailyOfRow = (r: string, sign: string) =>
  DIM_EXPRS.map(
    ([dim, expr]) =>
      `insert into stats_daily (day, dim, key, ${COLUMNS.join(', ')}) values (substr(${r}.event_at, 1, 10), '${dim}', ${expr(r)}, ` +
      `${COLUMNS.map((c) => `${sign}(${BUCKET(r)} = '${c}')`).join(', ')}) ` +
      `on conflict (day, dim, key) do update set ${COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`,
  ).join(' ');

export const madeOfRow = (r: string, sign: string) =>
  `insert into stats_suppressions (day, kind, n) values (substr(${r}.suppressed_at, 1, 10), ${r}.type, ${sign}1) ` +
  `on conflict (day, kind) do update set n = n ${sign} 1;`;

export const liftedOfRow = (r: string, sign: string) =>
  `insert into stats_suppressions (day, kind, n) values (substr(${r}.lifted_at, 1, 10), 'lifted', ${sign}1) ` +
  `on conflict (day, kind) do update set n = n ${sign} 1;`;

// Many rows at once: `rows` is a relation (a subquery) with the columns above; each statement
// adds up its rows by key, one upsert per key. (`where true`: an INSERT ... SELECT with an upsert
// clause needs a WHERE, or ON is read as a join's.)

export const hourlyOfRows = (rows: string) =>
  `insert into stats_hourly (hour, bucket, n) select substr(r.event_at, 1, 13), ${BUCKET('r')}, count(*) from ${rows} r where true group by 1, 2 ` +
  'on conflict (hour, bucket) do update set n = n + excluded.n';

export const dailyOfRows = (rows: string) =>
  DIM_EXPRS.map(
    ([dim, expr]) =>
      `insert into stats_daily (day, dim, key, ${COLUMNS.join(', ')}) select substr(r.event_at, 1, 10), '${dim}', ${expr('r')}, ` +
      `${COLUMNS.map((c) => `sum(${BUCKET('r')} = '${c}')`).join(', ')} from ${rows} r where ${COUNTED('r')} group by 1, 3 ` +
      `on conflict (day, dim, key) do update set ${COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );

export const madeOfRows = (rows: string) =>
  `insert into stats_suppressions (day, kind, n) select substr(r.suppressed_at, 1, 10), r.type, count(*) from ${rows} r where true group by 1, 2 ` +
  'on conflict (day, kind) do update set n = n + excluded.n';

export const liftedOfRows = (rows: string) =>
  `insert into stats_suppressions (day, kind, n) select substr(r.lifted_at, 1, 10), 'lifted', count(*) from ${rows} r where r.lifted_at is not null group by 1 ` +
  'on conflict (day, kind) do update set n = n + excluded.n';
