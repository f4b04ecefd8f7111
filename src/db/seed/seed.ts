import { Client, type ClientBase } from 'pg';
import type { Logger } from '../../logger';
import { reserveIds } from './copy';
import { planOrders, planReviews } from './order-factory';
import { planOrderRecords, shippedOrders } from './order-records';
import { loadCustomerPool, loadProductPool, loadReviewKeys, refreshProductStats } from './pools';
import { assignVariantIds, countVariants, planProducts, type ProductRef } from './product-factory';
import { type Progress, createProgress } from './progress';
import { Rng } from './rng';
import { writeCatalog } from './seed-catalog';
import {
  type Argon2Params,
  type CustomerRef,
  DEFAULT_ARGON2,
  planCustomers,
  sharedPasswordHash,
} from './customer-factory';
import { generatePassword } from './demo-sign-ins';
import { writeCustomers } from './seed-customers';
import { writeActivity } from './seed-activity';
import { writeOrders, writeReviews } from './seed-orders';
import { seedTaxonomy } from './seed-taxonomy';
import { MATERIALIZED_VIEWS, refreshView } from '../../modules/analytics/refresh.service';

export interface SeedOptions {
  products: number;
  customers: number;
  orders: number;
  /** Same seed + same counts on an empty database (on the same UTC day) → same rows. */
  seed: number;
  /** Empty the application tables first (reference rows inserted by migrations survive). */
  reset?: boolean;
  /** Defaults to bars on a TTY, log lines otherwise. */
  progress?: Progress;
  /** Cost of the shared customer password hash; config ARGON2_* in the CLI. */
  argon2?: Argon2Params;
  /** The password every customer of this run signs in with. Default: generated (see the summary). */
  customerPassword?: string;
  /**
   * Give this email to the first active customer of this run (the demo shopper, with orders and
   * addresses), unless an account already has it.
   */
  demoShopperEmail?: string;
  /** search_logs rows to write (shopper activity for the analytics views). Default: 8 per customer. */
  searches?: number;
  /** "Today" for dates (created_at, sale windows); defaults to the current time. */
  now?: Date;
}

export interface SeedSummary {
  rows: Record<string, number>;
  /** What this run's customers sign in with; null when it created none. */
  customerPassword: string | null;
  /** `demoShopperEmail` when this run created that account, else null. */
  demoShopper: string | null;
  ms: {
    reset: number;
    catalog: number;
    customers: number;
    orders: number;
    activity: number;
    vacuum: number;
    analytics: number;
    total: number;
  };
}

/** Adds row counts per table (carts are written with the orders and by the activity steps). */
function addRows(rows: Record<string, number>, more: Record<string, number>) {
  for (const [table, n] of Object.entries(more)) rows[table] = (rows[table] ?? 0) + n;
}

/** Tables a reset keeps: migration history and the reference rows migrations insert. */
const KEEP_TABLES = ['_prisma_migrations', 'chat_modes', 'llm_model_prices', 'analytics_settings'];

/**
 * Empties every table of the public schema except KEEP_TABLES, restarting their id sequences so
 * the next seed numbers from 1. The pg-boss schema is not touched. A new table holding reference
 * rows must be added to KEEP_TABLES.
 */
export async function resetDatabase(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
     WHERE schemaname = 'public' AND tablename <> ALL($1::text[]) ORDER BY tablename`,
    [KEEP_TABLES],
  );
  if (rows.length > 0)
    await client.query(`TRUNCATE TABLE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  return rows.map((r) => r.name);
}

const VACUUM_TABLES = [
  'categories',
  'brands',
  'products',
  'product_variants',
  'product_images',
  'product_tags',
  'product_reviews',
  'customers',
  'customer_addresses',
  'customer_preferences',
  'orders',
  'order_items',
  'order_status_events',
  'discount_codes',
  'search_synonyms',
  'search_logs',
];
/** Tables the app reads by key only: fresh statistics are enough (autovacuum does the rest later). */
const ANALYZE_TABLES = [
  'carts',
  'cart_items',
  'payments',
  'shipments',
  'wishlist_items',
  'conversations',
  'messages',
  'llm_requests',
  'llm_responses',
];

/**
 * Renames the first active planned customer to `email` (so the demo shopper has orders, addresses
 * and reviews like everyone else) unless an account already uses it; returns the email when claimed.
 */
async function claimDemoShopper(
  client: ClientBase,
  customers: { email: string; status: string }[],
  email: string,
): Promise<string | null> {
  const first = customers.find((c) => c.status === 'active');
  if (!first) return null;
  const { rowCount } = await client.query('SELECT 1 FROM customers WHERE email = $1', [email]);
  if (rowCount) return null;
  first.email = email;
  return email;
}

/**
 * Seeds a realistic shop: category tree, brands, synonyms, discount codes, then customers,
 * products (variants, images, tags) and orders (items, status timelines) with reviews. Everything
 * is planned in memory first so sold_count and ratings can be written consistent with the orders
 * and reviews, then streamed with COPY. Does not migrate: callers do.
 */
export async function seed(url: string, opts: SeedOptions, log: Logger): Promise<SeedSummary> {
  const started = Date.now();
  const progress = opts.progress ?? createProgress(log);
  const ms: SeedSummary['ms'] = {
    reset: 0,
    catalog: 0,
    customers: 0,
    orders: 0,
    activity: 0,
    vacuum: 0,
    analytics: 0,
    total: 0,
  };
  const rows: Record<string, number> = {};
  let customerPassword: string | null = null;
  let demoShopper: string | null = null;
  const client = new Client({ connectionString: url, application_name: 'bazaar-seed' });
  client.on('error', () => undefined); // an idle connection's loss surfaces on the next query
  await client.connect();
  try {
    // A crash mid-seed loses nothing worth an fsync per commit.
    await client.query('SET synchronous_commit = off');
    if (opts.reset) {
      const t = Date.now();
      const tables = await resetDatabase(client);
      ms.reset = Date.now() - t;
      log.info({ tables: tables.length, ms: ms.reset }, 'reset: application tables truncated');
    }
    const d = new Date(opts.now ?? Date.now());
    const base = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

    let t = Date.now();
    const taxonomy = await seedTaxonomy(client);
    ms.catalog += Date.now() - t;
    rows.categories = taxonomy.categoryCount;
    rows.brands = taxonomy.brands.length;

    t = Date.now();
    const firstCustomerId = await reserveIds(client, 'customers', opts.customers);
    const customers = planCustomers(
      Rng.stream(opts.seed, 'customers'),
      opts.customers,
      firstCustomerId,
      base,
      {
        brandIds: taxonomy.brands.map((b) => b.id),
        categoryIds: taxonomy.leaves.map((l) => l.categoryId),
      },
    );
    if (customers.length > 0) {
      customerPassword = opts.customerPassword ?? generatePassword();
      if (opts.demoShopperEmail)
        demoShopper = await claimDemoShopper(client, customers, opts.demoShopperEmail);
      const hash = await sharedPasswordHash(customerPassword, opts.argon2 ?? DEFAULT_ARGON2);
      Object.assign(rows, await writeCustomers(client, customers, hash, progress));
    }
    ms.customers = Date.now() - t;

    t = Date.now();
    const firstProductId = await reserveIds(client, 'products', opts.products);
    const products = planProducts({
      rng: Rng.stream(opts.seed, 'products'),
      leaves: taxonomy.leaves,
      count: opts.products,
      firstId: firstProductId,
      base,
    });
    assignVariantIds(products, await reserveIds(client, 'product_variants', countVariants(products)));
    ms.catalog += Date.now() - t;

    // Orders and reviews are planned before the catalog is written: they decide sold_count and ratings.
    t = Date.now();
    const needPools = opts.orders > 0 || products.length > 0;
    const productPool: ProductRef[] =
      products.length > 0
        ? products.filter((p) => p.status === 'active')
        : opts.orders > 0
          ? await loadProductPool(client)
          : [];
    const customerPool: CustomerRef[] =
      customers.length > 0
        ? customers.filter((c) => c.status !== 'deleted')
        : needPools
          ? await loadCustomerPool(client)
          : [];
    const orderCount = productPool.length > 0 && customerPool.length > 0 ? opts.orders : 0;
    if (orderCount < opts.orders) log.warn('no active products or customers to order with: orders skipped');
    const orders = planOrders({
      rng: Rng.stream(opts.seed, 'orders'),
      count: orderCount,
      firstId: await reserveIds(client, 'orders', orderCount),
      base,
      products: productPool,
      customers: customerPool,
      discountCodes: taxonomy.discountCodes,
    });
    const records = planOrderRecords(
      Rng.stream(opts.seed, 'order-records'),
      orders,
      await reserveIds(client, 'shipments', shippedOrders(orders).length),
      base,
    );
    // Unverified reviews only for this run's products; an orders-only run adds just verified ones.
    const reviewable = products.length > 0 ? productPool : [];
    // Rows already in the database can only collide with reviews when a pool came from there.
    const taken =
      products.length > 0 && customers.length > 0 ? new Set<string>() : await loadReviewKeys(client);
    const reviews = planReviews(
      Rng.stream(opts.seed, 'reviews'),
      orders,
      reviewable,
      customerPool,
      base,
      taken,
    );
    ms.orders += Date.now() - t;

    t = Date.now();
    if (products.length > 0) Object.assign(rows, await writeCatalog(client, products, progress));
    ms.catalog += Date.now() - t;

    t = Date.now();
    if (orders.length > 0) {
      Object.assign(rows, await writeOrders(client, orders, records, progress));
    }
    if (reviews.length > 0) rows.product_reviews = await writeReviews(client, reviews, progress);
    if (products.length === 0 && (orders.length > 0 || reviews.length > 0)) {
      const touched = new Set<number>();
      for (const o of orders) for (const l of o.lines) touched.add(l.product.id);
      for (const r of reviews) touched.add(r.productId);
      await refreshProductStats(client, [...touched]);
    }
    await client.query(
      `UPDATE discount_codes d SET used_count = (SELECT count(*) FROM orders o WHERE o.discount_code_id = d.id)
       WHERE d.id = ANY($1::int[])`,
      [taxonomy.discountCodes.map((c) => c.id)],
    );
    ms.orders += Date.now() - t;

    t = Date.now();
    addRows(
      rows,
      await writeActivity(client, {
        rng: (label) => Rng.stream(opts.seed, label),
        base,
        customers: customerPool,
        products: productPool,
        orders,
        demoShopperId: demoShopper ? (customers.find((c) => c.email === demoShopper)?.id ?? null) : null,
        searches: opts.searches ?? opts.customers * 8,
        progress,
      }),
    );
    ms.activity = Date.now() - t;

    // Fresh statistics for the planner, and a visibility map so the first reads are index-only.
    t = Date.now();
    await client.query(`VACUUM (ANALYZE) ${VACUUM_TABLES.join(', ')}`);
    await client.query(`ANALYZE ${ANALYZE_TABLES.join(', ')}`);
    ms.vacuum = Date.now() - t;

    // The materialized analytics views show the seeded shop at once (not after the first refresh job).
    t = Date.now();
    for (const view of MATERIALIZED_VIEWS) {
      const r = await refreshView(client, view);
      log.info(r, 'analytics view refreshed');
    }
    ms.analytics = Date.now() - t;
  } finally {
    await client.end();
  }
  ms.total = Date.now() - started;
  log.info({ rows, ms }, 'seed complete');
  return { rows, ms, customerPassword, demoShopper };
}
