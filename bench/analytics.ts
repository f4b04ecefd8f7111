/**
 * `npm run bench:analytics`: how long each view of schema analytics takes on a seeded database —
 * server-side execution of `SELECT * FROM view` (EXPLAIN ANALYZE, best of three), and for the
 * materialized ones also their defining query (what a plain view would cost) and a
 * REFRESH MATERIALIZED VIEW CONCURRENTLY. Read-only apart from the refreshes.
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seedbench npm run bench:analytics
 */
import { Client } from 'pg';

async function executionMs(c: Client, sql: string): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const { rows } = await c.query<{ 'QUERY PLAN': { 'Execution Time': number }[] }>(
      `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`,
    );
    best = Math.min(best, rows[0]!['QUERY PLAN'][0]!['Execution Time']);
  }
  return Math.round(best);
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (a seeded database, e.g. seedbench)');
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(`SET statement_timeout = 0`);
  const size = await c.query<{
    orders: string;
    conversations: string;
    messages: string;
    search_logs: string;
  }>(
    `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM conversations) AS conversations,
            (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM search_logs) AS search_logs`,
  );
  console.log('database', size.rows[0]);
  const { rows: views } = await c.query<{ name: string; kind: string }>(
    `SELECT format('%I.%I', n.nspname, t.relname) AS name, t.relkind::text AS kind
     FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'analytics' AND t.relkind IN ('v', 'm') ORDER BY t.relkind DESC, t.relname`,
  );
  for (const v of views) {
    const rows = (await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${v.name}`)).rows[0]!.n;
    const select = await executionMs(c, `SELECT * FROM ${v.name}`);
    if (v.kind === 'v') {
      console.log(`${v.name.padEnd(45)} view          ${String(select).padStart(6)} ms  ${rows} rows`);
      continue;
    }
    const def = (await c.query<{ d: string }>(`SELECT pg_get_viewdef($1::regclass) AS d`, [v.name])).rows[0]!
      .d;
    const live = await executionMs(c, def.replace(/;\s*$/, ''));
    const t = performance.now();
    await c.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${v.name}`);
    const refresh = Math.round(performance.now() - t);
    console.log(
      `${v.name.padEnd(45)} materialized  ${String(select).padStart(6)} ms  ${rows} rows` +
        `  (as a plain view ${live} ms, refresh concurrently ${refresh} ms)`,
    );
  }
  await c.end();
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
