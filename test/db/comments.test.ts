import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/** Analysts read the schema in psql and Metabase: every table and column must say what it holds. */
describe('schema documentation', () => {
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

  const APP_SCHEMAS = ['public', 'analytics'];

  // A partition (search_logs_2026_12) is documented by its parent, which analysts query; its
  // columns are the parent's. It still carries a table comment naming the parent.
  it('has a comment on every table, view and column of the application schemas', async () => {
    const tables = await c.query<{ name: string }>(
      `SELECT n.nspname || '.' || t.relname AS name
       FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'v', 'm', 'p') AND t.relname <> '_prisma_migrations'
         AND obj_description(t.oid, 'pg_class') IS NULL`,
      [APP_SCHEMAS],
    );
    expect(tables.rows.map((r) => r.name)).toEqual([]);
    const columns = await c.query<{ name: string }>(
      `SELECT n.nspname || '.' || t.relname || '.' || a.attname AS name
       FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'v', 'm', 'p') AND t.relname <> '_prisma_migrations'
         AND NOT t.relispartition
         AND a.attnum > 0 AND NOT a.attisdropped AND col_description(t.oid, a.attnum) IS NULL`,
      [APP_SCHEMAS],
    );
    expect(columns.rows.map((r) => r.name)).toEqual([]);
  });

  it('covers the whole data model of the spec', async () => {
    const { rows } = await c.query<{ relname: string }>(
      `SELECT relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND relkind IN ('r', 'p') AND NOT relispartition`,
    );
    const names = new Set(rows.map((r) => r.relname));
    for (const table of [
      'categories',
      'brands',
      'products',
      'product_images',
      'product_tags',
      'product_variants',
      'inventory_movements',
      'product_reviews',
      'customers',
      'customer_addresses',
      'customer_preferences',
      'customer_identities',
      'auth_sessions',
      'password_reset_tokens',
      'carts',
      'cart_items',
      'discount_codes',
      'wishlists',
      'wishlist_items',
      'orders',
      'order_items',
      'order_status_events',
      'notifications',
      'conversations',
      'messages',
      'message_products',
      'chat_modes',
      'purchase_intents',
      'llm_requests',
      'llm_responses',
      'llm_model_prices',
      'llm_usage_stats',
      'llm_provider_status',
      'analytics_events',
      'search_logs',
      'admin_audit_log',
    ]) {
      expect(names).toContain(table);
    }
  });

  it('indexes every foreign key', async () => {
    const { rows } = await c.query<{ fk: string }>(
      `SELECT con.conname AS fk
       FROM pg_constraint con
       JOIN pg_namespace n ON n.oid = con.connamespace AND n.nspname = 'public'
       WHERE con.contype = 'f' AND NOT EXISTS (
         SELECT 1 FROM pg_index i
         WHERE i.indrelid = con.conrelid
           AND (i.indkey::int2[])[0:array_length(con.conkey, 1) - 1] @> con.conkey
           AND (i.indkey::int2[])[0:array_length(con.conkey, 1) - 1] <@ con.conkey)`,
    );
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
