// Synchronous execution on the better-sqlite3 connection. Ingestion runs inside one better-sqlite3
// transaction (synchronous by design). Most queries are built with Kysely for the types and run
// here; the few on the ingestion hot path are generated once per shape (insertRow, updateRow) or
// written out, because building a Kysely query per call costs more than running it.
import type { CompiledQuery, Insertable, Updateable } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Store } from './open.js';
import type { Database } from './schema.js';

interface Compilable<R> {
  compile(): CompiledQuery<R>;
}

interface Prepared {
  statements: Map<string, SQLite.Statement>;
  /** insertRow's statements by `<table><conflict flag><columns>` */
  insertShapes: Map<string, SQLite.Statement>;
  tx: SQLite.Transaction<(fn: () => unknown) => unknown>;
  /** what runs once the open transaction commits; dropped when it (or its savepoint) rolls back */
  afterCommit: Array<() => void>;
  /**
   * rows inserted in the open transaction whose roll-ups wait for its commit (rollups-at-commit.ts);
   * a rolled-back savepoint drops its own
   */
  atCommit: unknown[];
}

/** What adds the noted rows' roll-ups (rollups-at-commit.ts registers it: no import cycle) */
let rollUpNoted: ((store: Store, rows: unknown[]) => void) | null = null;

export function rollUpBeforeCommit(fn: (store: Store, rows: unknown[]) => void): void {
  rollUpNoted = fn;
}

const perConnection = new WeakMap<SQLite.Database, Prepared>();

function prepared(store: Store): Prepared {
  let p = perConnection.get(store.sqlite);
  if (!p) {
    p = { statements: new Map(), insertShapes: new Map(), tx: store.sqlite.transaction((fn: () => unknown) => fn()), afterCommit: [], atCommit: [] };
    perConnection.set(store.sqlite, p);
  }
  return p;
}

export function statement(store: Store, sqlText: string): SQLite.Statement {
  const cache = prepared(store).statements;
  let st = cache.get(sqlText);
  if (!st) cache.set(sqlText, (st = store.sqlite.prepare(sqlText)));
  return st;
}

export function allSync<R>(store: Store, query: Compilable<R>): R[] {
  const q = query.compile();
  return statement(store, q.sql).all(...q.parameters) as R[];
}

export function firstSync<R>(store: Store, query: Compilable<R>): R | undefined {
  const q = query.compile();
  return statement(store, q.sql).get(...q.parameters) as R | undefined;
}

/** Run a write; returns the changed row count and the last inserted id. */
export function runSync(store: Store, query: Compilable<unknown>): { changes: number; lastInsertRowid: number } {
  const q = query.compile();
  const r = statement(store, q.sql).run(...q.parameters);
  return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * INSERT one row; returns its rowid, or null when `onConflictIgnore` and the row already exists.
 * The statement is prepared once per (table, columns) shape and found again by a short key: the
 * hot path (a few rows per event or message) does not rebuild and hash the SQL text each time.
 */
export function insertRow<T extends keyof Database>(
  store: Store,
  table: T,
  row: Insertable<Database[T]>,
  onConflictIgnore = false,
): number | null {
  const values = row as Record<string, unknown>;
  const cols = Object.keys(values).filter((c) => values[c] !== undefined);
  const shapes = prepared(store).insertShapes;
  const key = `${table}${onConflictIgnore ? '!' : ' '}${cols.join(',')}`;
  let st = shapes.get(key);
  if (!st) {
    // ON CONFLICT DO NOTHING covers uniqueness only: NOT NULL, CHECK and foreign keys still fail
    const sqlText =
      `insert into ${quote(table)} (${cols.map(quote).join(', ')}) ` +
      `values (${cols.map(() => '?').join(', ')})${onConflictIgnore ? ' on conflict do nothing' : ''}`;
    shapes.set(key, (st = statement(store, sqlText)));
  }
  const args = new Array<unknown>(cols.length);
  for (let i = 0; i < cols.length; i++) args[i] = values[cols[i]!];
  const r = st.run(args);
  return r.changes === 0 ? null : Number(r.lastInsertRowid);
}

/** UPDATE the row whose `key` column equals `value`; the SQL is built once per shape. */
export function updateRow<T extends keyof Database>(
  store: Store,
  table: T,
  key: keyof Database[T] & string,
  value: unknown,
  patch: Updateable<Database[T]>,
): number {
  const cols = (Object.keys(patch) as Array<keyof typeof patch & string>).filter((c) => patch[c] !== undefined);
  if (cols.length === 0) return 0;
  const sqlText = `update ${quote(table)} set ${cols.map((c) => `${quote(c)} = ?`).join(', ')} where ${quote(key)} = ?`;
  return statement(store, sqlText).run(...cols.map((c) => patch[c]), value).changes;
}

/** Run `fn` in one IMMEDIATE transaction (rolled back if it throws); nested calls are savepoints. */
export function transaction<T>(store: Store, fn: () => T): T {
  const p = prepared(store);
  const outer = !store.sqlite.inTransaction;
  const mark = p.afterCommit.length;
  // rows noted before a transaction began belong to none that committed
  if (outer) p.atCommit.length = 0;
  const rowsMark = p.atCommit.length;
  let result: T;
  try {
    result = (outer ? p.tx.immediate(() => rolledUp(store, p, fn())) : p.tx(fn)) as T;
  } catch (err) {
    // what the rolled-back part did never happened
    p.afterCommit.length = mark;
    p.atCommit.length = rowsMark;
    throw err;
  }
  if (outer) runAfterCommit(p);
  return result;
}

/**
 * Run `fn` once the transaction open on this handle commits (at once when none is): counters
 * and notifications must not tell of writes that a rollback undoes.
 */
/** Whether the handle's connection is still open (a loop may outlive a store closed under it). */
export function isOpen(store: Store): boolean {
  return store.sqlite.open;
}

/** Whether a transaction is open on this handle (a batch checks its own was not rolled back). */
export function inTransaction(store: Store): boolean {
  return store.sqlite.inTransaction;
}

export function afterCommit(store: Store, fn: () => void): void {
  if (!store.sqlite.inTransaction) return fn();
  prepared(store).afterCommit.push(fn);
}

/**
 * Note an inserted row for the roll-ups: added just before the open transaction commits (one
 * upsert per key for all its rows), or at once outside a transaction.
 */
export function noteForRollUp(store: Store, row: unknown): void {
  const p = prepared(store);
  p.atCommit.push(row);
  if (!store.sqlite.inTransaction) rollUpNow(store, p);
}

/** `result`, after the noted rows' roll-ups are added (the last writes of a transaction) */
function rolledUp<T>(store: Store, p: Prepared, result: T): T {
  // SQLite may have rolled the whole transaction back (SQLITE_FULL) under a savepoint that caught
  // the error: nothing is written outside it, and its COMMIT fails
  if (store.sqlite.inTransaction) rollUpNow(store, p);
  return result;
}

function rollUpNow(store: Store, p: Prepared): void {
  if (p.atCommit.length) rollUpNoted?.(store, p.atCommit.splice(0));
}

function runAfterCommit(p: Prepared): void {
  for (const fn of p.afterCommit.splice(0)) fn();
}

/**
 * A batch: one outer transaction around many ingestions (each still atomic, as a savepoint), for
 * bulk file ingestion where a commit per message would cost more than the work. Commits when due.
 */
export class Batch {
  private count = 0;
  private started = 0;
  constructor(
    private readonly store: Store,
    private readonly maxItems = 500,
    private readonly maxMs = 500,
    /** after each commit (a checkpointer is told, checkpointer.ts) */
    private readonly onCommit?: () => void,
  ) {}

  /** Call before each item. */
  begin(): void {
    if (this.store.sqlite.inTransaction) return;
    this.store.sqlite.exec('BEGIN IMMEDIATE');
    prepared(this.store).atCommit.length = 0;
    this.count = 0;
    this.started = Date.now();
  }

  /** Call after each item: commits every maxItems items or maxMs milliseconds. */
  done(): void {
    this.count++;
    if (this.count >= this.maxItems || Date.now() - this.started >= this.maxMs) this.commit();
  }

  commit(): void {
    if (!this.store.sqlite.inTransaction) return;
    const p = prepared(this.store);
    rollUpNow(this.store, p);
    this.store.sqlite.exec('COMMIT');
    runAfterCommit(p);
    this.onCommit?.();
  }
}

/** Run `fn` now; its value or its throw, as a promise (the SQLite port's synchronous fast path). */
export function promiseOf<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}
