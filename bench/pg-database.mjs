// A throwaway PostgreSQL database for a benchmark: made on the server of `adminUrl` (a connection
// to any database there, e.g. postgres://postgres@127.0.0.1:5432/postgres), dropped by `drop()`.
import pg from 'pg';

export async function benchDatabase(adminUrl, tag) {
  const name = `rebound_bench_${tag}_${process.pid}`;
  const admin = async (q) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`drop database if exists ${name}`);
  await admin(`create database ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
