import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * What `bazaar_analyst` may read is granted explicitly, table by table (migration
 * 20261202154500_analyst_explicit_grants). A column is secret when its comment says so with a
 * sentence starting "Secret" (a table, when the table's comment does); no secret may be readable,
 * and a table nobody granted is not readable either.
 */
describe('bazaar_analyst reads only what is granted', () => {
  let db: TestDatabase;
  let c: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
  });

  interface Column {
    schema: string;
    table: string;
    column: string;
    comment: string | null;
    tableComment: string | null;
    readable: boolean;
  }
  async function columns(): Promise<Column[]> {
    const { rows } = await c.query<Column>(
      `SELECT n.nspname AS schema, t.relname AS table, a.attname AS column,
              col_description(t.oid, a.attnum) AS comment, obj_description(t.oid, 'pg_class') AS "tableComment",
              has_column_privilege('bazaar_analyst', t.oid, a.attnum, 'SELECT') AS readable
       FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname IN ('public', 'analytics') AND t.relkind IN ('r', 'p', 'v', 'm')
         AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY 1, 2, a.attnum`,
    );
    return rows;
  }
  /** "Secret." / "Secret: not granted to analysts." — a sentence of the comment starting with Secret. */
  const SECRET = /(^|[.!]\s+)Secret\b/;
  const isSecret = (col: Column) => SECRET.test(col.comment ?? '') || SECRET.test(col.tableComment ?? '');
  const name = (col: Column) =>
    `${col.schema === 'public' ? '' : `${col.schema}.`}${col.table}.${col.column}`;

  /** As the analyst, inside a transaction that is rolled back: resolves with the error code, if any. */
  async function asAnalyst(sql: string): Promise<string | null> {
    await c.query('BEGIN');
    try {
      await c.query('SET LOCAL ROLE bazaar_analyst');
      await c.query(sql);
      return null;
    } catch (err) {
      return (err as { code?: string }).code ?? 'error';
    } finally {
      await c.query('ROLLBACK');
    }
  }

  it('finds the secrets the schema documents (the marker is in use)', async () => {
    const secrets = (await columns()).filter(isSecret).map(name);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'customers.password_hash',
        'auth_sessions.token_hash',
        'conversations.guest_token_hash',
        'password_reset_tokens.token_hash',
        'password_reset_tokens.customer_id',
      ]),
    );
  });

  it('cannot read any column documented as secret', async () => {
    const secrets = (await columns()).filter(isSecret);
    expect(secrets.filter((col) => col.readable).map(name)).toEqual([]);
    // Not just the catalog's word for it: each SELECT is refused.
    for (const col of secrets) {
      const sql = `SELECT "${col.column}" FROM "${col.schema}"."${col.table}" LIMIT 0`;
      expect([name(col), await asAnalyst(sql)]).toEqual([name(col), '42501']);
    }
  });

  /**
   * Columns whose comment speaks of a secret, a hash or a token (or whose name says hash, secret,
   * password or key) but that were reviewed and are not secret. Anything else that mentions them
   * must carry the Secret marker, so a new `*_token_hash` column cannot slip through unmarked.
   */
  const REVIEWED_NOT_SECRET: Record<string, string> = {
    'auth_sessions.expires_at': 'when the session ends',
    'password_reset_tokens.expires_at': 'in an ungranted table anyway',
    'llm_responses.time_to_first_token_ms': 'a latency',
    'llm_responses.latency_ms': 'a latency',
    'orders.idempotency_key': "a client's retry key, scoped to its customer: not a credential",
    'llm_responses.cache_key': 'which cached answer was reused, not a credential',
    'llm_requests.budget_key': 'whom a budget counts against (private: not granted)',
    'notifications.payload': 'template data; private, not granted',
  };
  it('marks every column that speaks of a secret, hash or token, unless reviewed as not secret', async () => {
    const suspicious = (await columns()).filter(
      (col) =>
        /\b(secrets?|hash|hashed|token)\b/i.test(col.comment ?? '') ||
        /(hash|secret|password|api_?key|_key$)/i.test(col.column),
    );
    const unmarked = suspicious.filter((col) => !isSecret(col) && !(name(col) in REVIEWED_NOT_SECRET));
    expect(unmarked.map((col) => `${name(col)}: ${col.comment}`)).toEqual([]);
  });

  it('reads no secret through a view', async () => {
    const secret = new Set(
      (await columns()).filter(isSecret).map((col) => `${col.schema}.${col.table}.${col.column}`),
    );
    const { rows } = await c.query<{ view: string; used: string }>(
      `SELECT view_schema || '.' || view_name AS view, table_schema || '.' || table_name || '.' || column_name AS used
       FROM information_schema.view_column_usage
       WHERE view_schema IN ('public', 'analytics')
         AND has_table_privilege('bazaar_analyst', format('%I.%I', view_schema, view_name), 'SELECT')`,
    );
    expect(rows.filter((r) => secret.has(r.used))).toEqual([]);
  });

  it('has no default privileges: a table or view created later is not readable until granted', async () => {
    const acl = await c.query(
      `SELECT defaclrole::regrole::text, defaclnamespace::regnamespace::text, defaclacl::text
       FROM pg_default_acl WHERE defaclacl::text LIKE '%bazaar_analyst%'`,
    );
    expect(acl.rows).toEqual([]);

    await c.query('CREATE TABLE brand_new_things (id int PRIMARY KEY, secret text)');
    await c.query('CREATE VIEW analytics.brand_new_view AS SELECT 1 AS one');
    try {
      expect(await asAnalyst('SELECT id FROM brand_new_things')).toBe('42501');
      expect(await asAnalyst('SELECT one FROM analytics.brand_new_view')).toBe('42501');
      // What docs/analysts.md tells a migration to do: grant the table, or only its safe columns.
      await c.query('GRANT SELECT (id) ON brand_new_things TO bazaar_analyst');
      await c.query('GRANT SELECT ON analytics.brand_new_view TO bazaar_analyst');
      expect(await asAnalyst('SELECT id FROM brand_new_things')).toBeNull();
      expect(await asAnalyst('SELECT secret FROM brand_new_things')).toBe('42501');
      expect(await asAnalyst('SELECT one FROM analytics.brand_new_view')).toBeNull();
    } finally {
      await c.query('DROP VIEW analytics.brand_new_view');
      await c.query('DROP TABLE brand_new_things');
    }
  });

  it('reads the stable views and ordinary tables, writes nothing, and cannot see the job queue', async () => {
    expect(await asAnalyst('SELECT count(*) FROM analytics.daily_sales')).toBeNull();
    expect(await asAnalyst('SELECT count(*) FROM orders')).toBeNull();
    expect(await asAnalyst('SELECT email, first_name FROM customers')).toBeNull();
    expect(await asAnalyst(`INSERT INTO brands (slug, name) VALUES ('x', 'x')`)).toBe('42501');
    expect(await asAnalyst('SELECT count(*) FROM _prisma_migrations')).toBe('42501');
    // pg-boss job payloads hold emails and IP addresses (password reset requests).
    expect(await asAnalyst('SELECT count(*) FROM pgboss.job')).toBe('42501');
  });
});
