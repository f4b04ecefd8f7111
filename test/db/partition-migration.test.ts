import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate';
import { createEmptyDatabase, type TestDatabase } from '../support/test-db';

const PARTITIONING = '20261202140000_partition_events_logs';

/**
 * The partitioning migration on a database that already has rows: every row survives with its id
 * and lands in its month, the id sequences continue, and the analysts' view reads the new table.
 */
describe('migration partition_events_logs on existing data', () => {
  let db: TestDatabase;
  let c: Client;
  let before: string;
  beforeAll(async () => {
    db = await createEmptyDatabase();
    // The migrations before it, applied from a copy of the folder.
    before = await mkdtemp(path.join(tmpdir(), 'bazaar-migrations-'));
    for (const name of await readdir(MIGRATIONS_DIR)) {
      if (name < PARTITIONING)
        await cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    }
    await migrate(db.url, { dir: before });
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
    await rm(before, { recursive: true, force: true });
  });

  it('keeps every row, id and month, and the sequences continue', async () => {
    await c.query(`INSERT INTO customers (id, email, password_hash) VALUES (7, 'ana@example.com', 'x')`);
    await c.query(`
      INSERT INTO search_logs (query, normalized_query, result_count, latency_ms, zero_result, customer_id, created_at)
      VALUES ('Boots', 'boots', 4, 3, false, 7, '2025-03-10T08:00:00Z'),
             ('boots', 'boots', 0, 5, true, NULL, '2025-03-31T23:59:59Z'),
             ('tent', 'tent', 2, 4, false, NULL, now())`);
    await c.query(`
      INSERT INTO analytics_events (name, customer_id, properties, created_at)
      VALUES ('product_viewed', 7, '{"productId": 1}', '2026-01-02T00:00:00Z'), ('checkout_started', NULL, '{}', now())`);
    const rowsBefore = await c.query('SELECT * FROM search_logs ORDER BY id');
    const eventsBefore = await c.query('SELECT * FROM analytics_events ORDER BY id');

    const result = await migrate(db.url);
    expect(result.applied[0]).toBe(PARTITIONING);

    expect((await c.query('SELECT * FROM search_logs ORDER BY id')).rows).toEqual(rowsBefore.rows);
    expect((await c.query('SELECT * FROM analytics_events ORDER BY id')).rows).toEqual(eventsBefore.rows);
    const where = await c.query<{ id: number; part: string }>(
      `SELECT id, tableoid::regclass::text AS part FROM search_logs ORDER BY id`,
    );
    const month = new Date().toISOString().slice(0, 7).replace('-', '_');
    expect(where.rows.map((r) => r.part)).toEqual([
      'search_logs_2025_03',
      'search_logs_2025_03',
      `search_logs_${month}`,
    ]);
    // Every month from the oldest row to now has its partition (inserts in between never hit DEFAULT).
    const { rows: parts } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'search_logs'::regclass`,
    );
    const months = (new Date().getUTCFullYear() - 2025) * 12 + new Date().getUTCMonth() - 2 + 1 + 3; // Mar 2025 .. now + 3
    expect(parts[0]!.n).toBe(months + 1); // + DEFAULT

    const next = await c.query<{ id: number }>(
      `INSERT INTO search_logs (query, normalized_query, result_count, latency_ms, zero_result) VALUES ('x', 'x', 0, 1, true) RETURNING id`,
    );
    expect(next.rows[0]!.id).toBe(4);
    const ev = await c.query<{ id: number }>(`INSERT INTO analytics_events (name) VALUES ('x') RETURNING id`);
    expect(ev.rows[0]!.id).toBe(3);

    // The row checks and the foreign key came along.
    await expect(
      c.query(
        `INSERT INTO search_logs (query, normalized_query, result_count, latency_ms, zero_result) VALUES ('x', 'x', -1, 1, true)`,
      ),
    ).rejects.toMatchObject({ code: '23514' });
    await expect(
      c.query(
        `INSERT INTO search_logs (query, normalized_query, result_count, latency_ms, zero_result, customer_id) VALUES ('x', 'x', 0, 1, true, 999)`,
      ),
    ).rejects.toMatchObject({ code: '23503' });
    await c.query('DELETE FROM customers WHERE id = 7');
    const nulled = await c.query(`SELECT count(*)::int AS n FROM search_logs WHERE customer_id IS NULL`);
    expect(nulled.rows[0].n).toBe(4);

    const terms = await c.query(`SELECT normalized_query, searches FROM analytics.search_terms ORDER BY 1`);
    expect(terms.rows).toEqual([
      { normalized_query: 'boots', searches: 2 },
      { normalized_query: 'tent', searches: 1 },
      { normalized_query: 'x', searches: 1 },
    ]);
  });
});
