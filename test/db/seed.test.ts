import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { seedDemoIfEmpty } from '../../src/db/seed/demo';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  demoSignInsPath,
  demoSignInsWork,
  generateDemoSignIns,
  loadDemoSignIns,
  saveDemoSignIns,
} from '../../src/db/seed/demo-sign-ins';
import { silentProgress } from '../../src/db/seed/progress';
import { seed, type SeedOptions } from '../../src/db/seed/seed';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const log = createLogger('silent');
const config = loadConfig({ NODE_ENV: 'test' });
const SMALL: SeedOptions = {
  products: 200,
  customers: 20,
  orders: 50,
  seed: 7,
  progress: silentProgress,
  // A fixed "today", so the two seeded databases agree even across midnight.
  now: new Date('2026-06-15T12:00:00Z'),
};

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

const count = async (url: string, table: string) =>
  Number((await query<{ n: string }>(url, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

const catalogSnapshot = (url: string) =>
  query<{ id: number; name: string; slug: string; price: string }>(
    url,
    'SELECT id, name, slug, price::text FROM products ORDER BY id',
  );

describe('seed', () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seed(a.url, SMALL, log);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('writes the requested rows and everything they need', async () => {
    expect(await count(a.url, 'products')).toBe(200);
    expect(await count(a.url, 'customers')).toBe(20);
    expect(await count(a.url, 'orders')).toBe(50);
    expect(await count(a.url, 'categories')).toBeGreaterThanOrEqual(100);
    expect(await count(a.url, 'brands')).toBeGreaterThanOrEqual(140);
    expect(await count(a.url, 'search_synonyms')).toBeGreaterThanOrEqual(20);
    for (const t of ['product_variants', 'product_images', 'product_tags']) {
      expect(await count(a.url, t)).toBeGreaterThanOrEqual(200);
    }
    expect(await count(a.url, 'customer_addresses')).toBeGreaterThanOrEqual(20);
    expect(await count(a.url, 'order_items')).toBeGreaterThanOrEqual(50);
    expect(await count(a.url, 'order_status_events')).toBeGreaterThanOrEqual(50);
    expect(await count(a.url, 'product_reviews')).toBeGreaterThan(0);
    expect(await count(a.url, 'search_logs')).toBe(20 * 8);
    expect(await count(a.url, 'payments')).toBe(50);
    expect(await count(a.url, "carts WHERE status = 'converted'")).toBe(50);
    // Shopping and chat activity, so the analysts' views have rows (see the demo test below).
    for (const t of [
      'shipments',
      'shipment_tracking_events',
      "carts WHERE status <> 'converted'",
      'cart_items',
      'wishlist_items',
      'conversations',
      'messages',
      'chat_sessions',
      'llm_requests',
      'llm_responses',
      'llm_usage_stats',
      'message_products',
      'chat_activities',
      'purchase_intents',
    ])
      expect([t, (await count(a.url, t)) > 0]).toEqual([t, true]);
    // Reference rows inserted by migrations are untouched.
    expect(await count(a.url, 'chat_modes')).toBe(1);
    expect(await count(a.url, 'llm_model_prices')).toBeGreaterThan(0);
  });

  it('is deterministic for a seed, and --reset restarts numbering', async () => {
    await seed(b.url, SMALL, log);
    const first = await catalogSnapshot(a.url);
    expect(await catalogSnapshot(b.url)).toEqual(first);
    const chats = `SELECT c.id, c.total_cost::text, string_agg(m.content, '|' ORDER BY m.sequence) AS messages
                   FROM conversations c JOIN messages m ON m.conversation_id = c.id GROUP BY c.id ORDER BY c.id`;
    expect(await query(b.url, chats)).toEqual(await query(a.url, chats));

    await seed(b.url, { ...SMALL, seed: 8, reset: true }, log);
    const other = await catalogSnapshot(b.url);
    expect(other[0]!.id).toBe(1);
    expect(other.map((p) => p.name)).not.toEqual(first.map((p) => p.name));
    expect(await count(b.url, 'chat_modes')).toBe(1);
    expect(await count(b.url, 'products')).toBe(200);
  });

  it('keeps order totals consistent with their lines', async () => {
    const [row] = await query<{ bad_subtotal: string; bad_total: string; bad_line: string }>(
      a.url,
      `SELECT
         (SELECT count(*) FROM orders o
          WHERE o.subtotal <> (SELECT coalesce(sum(i.line_total), 0) FROM order_items i WHERE i.order_id = o.id)) AS bad_subtotal,
         (SELECT count(*) FROM orders
          WHERE total <> subtotal + tax_total + shipping_total - discount_total) AS bad_total,
         (SELECT count(*) FROM order_items WHERE line_total <> unit_price * quantity) AS bad_line`,
    );
    expect(row).toEqual({ bad_subtotal: '0', bad_total: '0', bad_line: '0' });
  });

  it('gives every order its converted cart, its payment and, once shipped, its parcel', async () => {
    const [row] = await query<Record<string, string>>(
      a.url,
      `SELECT
         (SELECT count(*) FROM orders o WHERE (SELECT count(*) FROM payments p WHERE p.order_id = o.id) <> 1) AS payments_not_one,
         (SELECT count(*) FROM orders o JOIN payments p ON p.order_id = o.id
          WHERE p.amount <> o.total OR p.currency <> o.currency OR p.status <> o.payment_status
             OR p.provider_transaction_id IS DISTINCT FROM o.payment_transaction_id) AS payments_disagree,
         (SELECT count(*) FROM orders o LEFT JOIN carts c ON c.id = o.cart_id
          WHERE c.id IS NULL OR c.status <> 'converted' OR c.customer_id <> o.customer_id
             OR c.converted_at <> o.created_at OR c.created_at > o.created_at) AS carts_wrong,
         (SELECT count(*) FROM orders o WHERE EXISTS (
            SELECT i.variant_id, i.quantity, i.unit_price FROM order_items i WHERE i.order_id = o.id
            EXCEPT SELECT ci.variant_id, ci.quantity, ci.unit_price FROM cart_items ci WHERE ci.cart_id = o.cart_id)) AS lines_differ,
         (SELECT count(*) FROM orders o
          WHERE EXISTS (SELECT 1 FROM order_status_events e WHERE e.order_id = o.id AND e.to_status = 'shipped')
            <> EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id)) AS parcels_wrong,
         (SELECT count(*) FROM shipments s JOIN orders o ON o.id = s.order_id
          WHERE (s.delivered_at IS NOT NULL) <> EXISTS (
            SELECT 1 FROM order_status_events e WHERE e.order_id = o.id AND e.to_status = 'delivered')) AS deliveries_wrong`,
    );
    expect(row).toEqual({
      payments_not_one: '0',
      payments_disagree: '0',
      carts_wrong: '0',
      lines_differ: '0',
      parcels_wrong: '0',
      deliveries_wrong: '0',
    });
  });

  it('keeps conversations, LLM accounting and the usage rollup consistent, as the app keeps them', async () => {
    const [row] = await query<Record<string, string>>(
      a.url,
      `SELECT
         (SELECT count(*) FROM conversations c
          WHERE c.message_count <> (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)
             OR c.last_sequence <> (SELECT max(sequence) FROM messages m WHERE m.conversation_id = c.id)
             OR c.last_message_at <> (SELECT max(created_at) FROM messages m WHERE m.conversation_id = c.id)) AS counters_wrong,
         (SELECT count(*) FROM conversations c
          WHERE (c.prompt_tokens, c.completion_tokens, c.total_cost) <> (
            SELECT coalesce(sum(s.prompt_tokens), 0), coalesce(sum(s.completion_tokens), 0), coalesce(sum(s.cost), 0)
            FROM llm_requests q JOIN llm_responses s ON s.request_id = q.id WHERE q.conversation_id = c.id)) AS totals_wrong,
         (SELECT count(*) FROM llm_responses s JOIN llm_requests q ON q.id = s.request_id
          WHERE s.cost <> coalesce((SELECT round((s.prompt_tokens * p.input_price_per_million_tokens
                                                 + s.completion_tokens * p.output_price_per_million_tokens) / 1000000, 6)
                                    FROM llm_model_prices p
                                    WHERE p.provider = s.provider AND p.model = s.model AND p.effective_from <= q.queued_at
                                    ORDER BY p.effective_from DESC LIMIT 1), 0)) AS costs_wrong,
         (SELECT count(*) FROM llm_requests q
          WHERE (q.status = 'succeeded') <> EXISTS (SELECT 1 FROM llm_responses s WHERE s.request_id = q.id)) AS responses_wrong,
         (SELECT count(*) FROM messages m WHERE m.role = 'assistant'
          AND NOT EXISTS (SELECT 1 FROM llm_requests q WHERE q.id = m.llm_request_id)) AS replies_without_request,
         (SELECT sum(request_count) FROM llm_usage_stats)::text AS rolled_up,
         (SELECT count(*) FROM llm_requests WHERE status IN ('succeeded', 'failed'))::text AS finished,
         (SELECT sum(total_cost) FROM llm_usage_stats)::text = (SELECT sum(cost) FROM llm_responses)::text AS cost_rolled_up`,
    );
    expect(row).toMatchObject({
      counters_wrong: '0',
      totals_wrong: '0',
      costs_wrong: '0',
      responses_wrong: '0',
      replies_without_request: '0',
      cost_rolled_up: true,
    });
    expect(row!.rolled_up).toBe(row!.finished);
  });

  it('stores sold_count and ratings that match the seeded orders and reviews', async () => {
    const [row] = await query<{ bad_sold: string; bad_rating: string; rated: string }>(
      a.url,
      `SELECT
         (SELECT count(*) FROM products p WHERE p.sold_count <> coalesce((
            SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
            WHERE i.product_id = p.id AND o.status NOT IN ('cancelled', 'refunded')), 0)) AS bad_sold,
         (SELECT count(*) FROM products p
          WHERE p.rating_count <> (SELECT count(*) FROM product_reviews r WHERE r.product_id = p.id)
             OR p.rating_average <> coalesce((SELECT round(avg(r.rating), 2) FROM product_reviews r
                                             WHERE r.product_id = p.id), 0)) AS bad_rating,
         (SELECT count(*) FROM products WHERE rating_count > 0) AS rated`,
    );
    expect(row).toMatchObject({ bad_sold: '0', bad_rating: '0' });
    expect(Number(row!.rated)).toBeGreaterThan(0);
  });

  it('gives every product exactly one primary image and at least one variant', async () => {
    const [row] = await query<{ bad_images: string; no_variants: string }>(
      a.url,
      `SELECT
         (SELECT count(*) FROM products p
          WHERE (SELECT count(*) FROM product_images i WHERE i.product_id = p.id AND i.is_primary) <> 1) AS bad_images,
         (SELECT count(*) FROM products p
          WHERE NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id)) AS no_variants`,
    );
    expect(row).toEqual({ bad_images: '0', no_variants: '0' });
  });

  it('produces a catalog full-text search can find things in', async () => {
    const [row] = await query<{ shoes: string; stale: string }>(
      a.url,
      `SELECT
         (SELECT count(*) FROM products
          WHERE search_vector @@ websearch_to_tsquery('english', 'running shoes')) AS shoes,
         (SELECT count(*) FROM products p
          WHERE search_text <> product_search_text(p.id, p.brand_id, p.category_id)) AS stale`,
    );
    expect(Number(row!.shoes)).toBeGreaterThan(0);
    // Tags are loaded before their products, so search_text already includes them.
    expect(row!.stale).toBe('0');
  });

  it('puts the foreign keys it lifts during the load back', async () => {
    const rows = await query<{ conname: string }>(
      a.url,
      `SELECT conname FROM pg_constraint WHERE contype = 'f'
       AND conrelid IN ('product_tags'::regclass, 'products'::regclass, 'order_items'::regclass)`,
    );
    expect(rows.map((r) => r.conname).sort()).toEqual([
      'order_items_order_id_fkey',
      'order_items_product_id_fkey',
      'order_items_variant_id_fkey',
      'product_tags_product_id_fkey',
      'products_brand_id_fkey',
      'products_category_id_fkey',
    ]);
  });
});

describe('seedDemoIfEmpty', () => {
  it('generates sign-ins per installation: two seeds never share a password', () => {
    const [a, b] = [generateDemoSignIns(), generateDemoSignIns()];
    expect(a.shopper.password).not.toBe(b.shopper.password);
    expect(a.admin.password).not.toBe(b.admin.password);
    expect(a.shopper.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('keeps the sign-ins of each database: seeding another one loses none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bazaar-signins-'));
    const embedded = 'postgresql://postgres:postgres@127.0.0.1:41881/bazaar';
    const other = 'postgresql://postgres@127.0.0.1:5432/shop';
    const [a, b] = [generateDemoSignIns(), generateDemoSignIns()];
    await saveDemoSignIns(dir, embedded, a);
    await saveDemoSignIns(dir, other, b);
    // The embedded PostgreSQL may come back on another port: same database.
    expect(await loadDemoSignIns(dir, 'postgresql://postgres:postgres@127.0.0.1:40001/bazaar')).toEqual(a);
    expect(await loadDemoSignIns(dir, other)).toEqual(b);
    expect(await loadDemoSignIns(dir, 'postgresql://postgres@127.0.0.1:5432/nothing')).toBeUndefined();
    expect(statSync(demoSignInsPath(dir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(demoSignInsPath(dir), 'utf8')).not.toContain('postgres:postgres');
    // A file of the earlier format (one unkeyed set) is still read, whatever the database.
    writeFileSync(demoSignInsPath(dir), JSON.stringify(a));
    expect(await loadDemoSignIns(dir, other)).toEqual(a);
  });

  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('seeds an empty catalog once, even when two processes start together, and is a no-op after', async () => {
    const runs = await Promise.all([
      seedDemoIfEmpty(db.url, log, config),
      seedDemoIfEmpty(db.url, log, config),
    ]);
    const products = await count(db.url, 'products');
    const customers = await count(db.url, 'customers');
    const orders = await count(db.url, 'orders');
    expect(products).toBe(300);
    expect(customers).toBe(50 + 1); // and the demo admin
    expect(orders).toBe(200);
    // Exactly one of the two processes seeded, and only it has sign-ins to show.
    const signIns = runs.filter((r) => r !== undefined);
    expect(signIns).toHaveLength(1);
    expect(await demoSignInsWork(db.url, signIns[0]!)).toBe(true);
    // Every analyst's view has rows to show, whichever views the migrations define.
    const views = await query<{ name: string }>(
      db.url,
      `SELECT format('%I.%I', schemaname, viewname) AS name FROM pg_views WHERE schemaname = 'analytics'
       UNION ALL SELECT format('%I.%I', schemaname, matviewname) FROM pg_matviews WHERE schemaname = 'analytics'
       ORDER BY 1`,
    );
    expect(views.length).toBeGreaterThanOrEqual(8);
    for (const { name } of views) expect([name, (await count(db.url, name)) > 0]).toEqual([name, true]);
    const [mix] = await query<{
      direct: string;
      suggested: string;
      abandoned: string;
      demo_open_carts: string;
    }>(
      db.url,
      `SELECT (SELECT count(*) FROM analytics.chat_order_attribution WHERE attribution = 'direct') AS direct,
              (SELECT count(*) FROM analytics.chat_order_attribution WHERE attribution = 'suggested') AS suggested,
              (SELECT sum(carts_abandoned) FROM analytics.cart_abandonment) AS abandoned,
              (SELECT count(*) FROM carts c JOIN customers u ON u.id = c.customer_id
               WHERE u.email = '${signIns[0]!.shopper.email}' AND c.status = 'active') AS demo_open_carts`,
    );
    expect(Number(mix!.direct)).toBeGreaterThan(0);
    expect(Number(mix!.suggested)).toBeGreaterThan(0);
    expect(Number(mix!.abandoned)).toBeGreaterThan(0);
    // The storefront guide signs the demo shopper in with a guest cart and checks out what it shows.
    expect(mix!.demo_open_carts).toBe('0');
    // Analysts' search-gap query has something to show: popular searches that find nothing, and corrections.
    const [terms] = await query<{ gaps: string; corrected: string }>(
      db.url,
      `SELECT (SELECT count(*) FROM analytics.search_terms WHERE searches >= 5 AND zero_result_searches > 0) AS gaps,
              (SELECT count(*) FROM search_logs WHERE corrected_query IS NOT NULL AND NOT zero_result) AS corrected`,
    );
    expect(Number(terms!.gaps)).toBeGreaterThan(0);
    expect(Number(terms!.corrected)).toBeGreaterThan(0);

    expect(await seedDemoIfEmpty(db.url, log, config)).toBeUndefined();
    expect(await count(db.url, 'products')).toBe(products);
    expect(await count(db.url, 'customers')).toBe(customers);
    expect(await count(db.url, 'orders')).toBe(orders);
  });
});
