// The lookups of GET /v1/suppressions/{address} on PostgreSQL, gathered: the addresses asked while
// a query is out go together in the next one (`address = any(...)` on the partial unique index of
// the unlifted rows). A round trip to the database, with the two context switches it costs, is
// most of a lookup's time; many requests at once then share one instead of queueing for the pool.
// An address has at most one unlifted suppression (suppressions_one_active), active at `at` unless
// it has expired by then: the answer of policy.ts activeSuppressionPg, for each asker's `at`.
import { sql } from 'kysely';
import type { SuppressionRow } from '../schema.js';
import type { PgTx } from './context.js';

interface Asker {
  at: string;
  resolve(row: SuppressionRow | null): void;
  reject(err: unknown): void;
}

/** queries out at once; more askers wait for the next one (the pool keeps room for the writes) */
const IN_FLIGHT = 2;
/** addresses in one query at most */
const MAX_ADDRESSES = 500;

export function gatheredLookup(db: PgTx): (address: string, at: string) => Promise<SuppressionRow | null> {
  let waiting = new Map<string, Asker[]>();
  let out = 0;
  let scheduled = false;

  const send = () => {
    scheduled = false;
    while (out < IN_FLIGHT && waiting.size > 0) {
      let batch = waiting;
      if (batch.size > MAX_ADDRESSES) {
        batch = new Map([...waiting].slice(0, MAX_ADDRESSES));
        for (const k of batch.keys()) waiting.delete(k);
      } else waiting = new Map();
      out++;
      void query(db, [...batch.keys()])
        .then(
          (rows) => {
            for (const [address, askers] of batch) {
              const u = rows.get(address);
              for (const a of askers) a.resolve(u && (u.expires_at === null || u.expires_at > a.at) ? u : null);
            }
          },
          (err) => {
            for (const askers of batch.values()) for (const a of askers) a.reject(err);
          },
        )
        .finally(() => {
          out--;
          send();
        });
    }
  };

  return (address, at) =>
    new Promise((resolve, reject) => {
      const askers = waiting.get(address);
      if (askers) askers.push({ at, resolve, reject });
      else waiting.set(address, [{ at, resolve, reject }]);
      // the askers of this turn of the event loop go in one query
      if (!scheduled && out < IN_FLIGHT) {
        scheduled = true;
        setImmediate(send);
      }
    });
}

async function query(db: PgTx, addresses: string[]): Promise<Map<string, SuppressionRow>> {
  const r = await sql<SuppressionRow>`select * from suppressions where address = any(${addresses}::text[]) and lifted_at is null`.execute(db);
  return new Map(r.rows.map((row) => [row.address, row]));
}
