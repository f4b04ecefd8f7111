/**
 * `npm run bench:checkout [-- load|race]`: checkout against the API in production mode (a child
 * process, job workers in it, as bench/compare.ts runs it), on the seeded database.
 *
 * - `load`: signed-in shoppers, each with a cart of 1–3 in-stock lines of the seeded catalog (1–2
 *   units each), written directly (setup, not measured). Each checkout consumes its cart, so every
 *   request is sent exactly once: BENCH_WARMUP_CHECKOUTS at 16 connections first, then a single
 *   sequential client (p50/p95, SQL statements and server CPU per checkout), then
 *   BENCH_CHECKOUTS by 16 concurrent clients from a load generator in its own process (orders/s,
 *   p50/p95/p99). Payment by the `test` provider, shipping to the US and Germany (tax) in turn.
 *   Afterwards the orders are counted in the database: every checkout must have placed one.
 * - `race`: the oversell scenario of the checkout tests as a bench: a new variant with 5 units,
 *   50 shoppers with 1 unit each in their carts, 50 checkouts sent at the same moment on 50
 *   connections. Prints orders placed, refusals by code, the stock left and the wall time;
 *   exits non-zero unless it is exactly 5 orders, 45 OUT_OF_STOCK and stock 0.
 * Both by default.
 *
 * Writes to the database: bench customers (`bench-checkout-…@example.com`), sessions, carts,
 * orders, stock taken from the seeded variants (a few units each), and one archived product per
 * race. Use the seeded bench database, not one you care about.
 *
 * Env: DATABASE_URL (default: the seeded `seedbench` database), BENCH_CHECKOUTS (default 2000),
 * BENCH_WARMUP_CHECKOUTS (default 200), BENCH_SINGLE (sequential checkouts, default 200),
 * BENCH_CONNECTIONS (default 16), BENCH_API_NODE_ARGS (e.g. `--cpu-prof`).
 * @example flock /tmp/bazaar-bench.lock env DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seedbench npm run bench:checkout
 */
import './production-env';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { migrate } from '../src/db/migrate';
import { CURRENT_PRICE_SQL } from '../src/modules/cart/cart-sql';
import { toGlobalId } from '../src/graphql/global-id';
import {
  DEFAULT_URL,
  fmt,
  loadOnce,
  post,
  startServer,
  type BenchServer,
  type LoadResult,
  type OnceRequest,
} from './harness';

const url = process.env.DATABASE_URL ?? DEFAULT_URL;
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP_CHECKOUTS ?? 200);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const RACE_SHOPPERS = 50;
const RACE_STOCK = 5;

const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) {
  order { id number status paymentStatus itemCount total { amount currencyCode }
          lines { sku quantity unitPrice { amount } lineTotal { amount } } }
  userErrors { code field } } }`;

const ADDRESSES = [
  {
    firstName: 'Ada',
    lastName: 'Bench',
    line1: '1 Beacon St',
    city: 'Boston',
    state: 'MA',
    postalCode: '02108',
    country: 'US',
  },
  {
    firstName: 'Ada',
    lastName: 'Bench',
    line1: 'Unter den Linden 1',
    city: 'Berlin',
    postalCode: '10117',
    country: 'DE',
  },
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Shopper {
  customerId: number;
  token: string;
  cartId: string;
}

/** The checkout request of a shopper's cart: its token, a fresh idempotency key. */
function checkoutRequest(s: Shopper, i: number): OnceRequest {
  return {
    headers: { authorization: `Bearer ${s.token}` },
    body: JSON.stringify({
      query: CHECKOUT,
      variables: {
        input: {
          cartId: toGlobalId('Cart', s.cartId),
          shippingAddress: ADDRESSES[i % ADDRESSES.length],
          paymentMethod: 'TEST',
          idempotencyKey: randomUUID(),
        },
      },
    }),
  };
}

/**
 * `n` signed-in customers, each with an active cart of `lines(i)` lines ([variantId, quantity]),
 * priced as cartLinesAdd prices them (the variant's current price), in a few statements.
 */
async function shoppers(db: Client, run: string, lines: [number, number][][]): Promise<Shopper[]> {
  if (CURRENT_PRICE_SQL.values.length > 0) throw new Error('CURRENT_PRICE_SQL takes parameters now');
  const n = lines.length;
  const tokens = Array.from({ length: n }, () => randomBytes(32).toString('base64url'));
  const { rows: customers } = await db.query<{ id: number }>(
    `INSERT INTO customers (email, password_hash, first_name, last_name)
     SELECT 'bench-checkout-' || $1 || '-' || i || '@example.com', 'x', 'Bench', 'Shopper ' || i
     FROM generate_series(1, $2::int) i ORDER BY i RETURNING id`,
    [run, n],
  );
  const ids = customers.map((c) => c.id);
  await db.query(
    `INSERT INTO auth_sessions (customer_id, token_hash, expires_at)
     SELECT c, h, now() + interval '1 day' FROM unnest($1::int[], $2::text[]) AS x(c, h)`,
    [ids, tokens.map((t) => createHash('sha256').update(t, 'utf8').digest('hex'))],
  );
  const { rows: carts } = await db.query<{ id: string; customer_id: number }>(
    `INSERT INTO carts (customer_id, currency) SELECT c, 'USD' FROM unnest($1::int[]) c RETURNING id, customer_id`,
    [ids],
  );
  const cartOf = new Map(carts.map((c) => [c.customer_id, c.id]));
  const items = lines.flatMap((ls, i) => ls.map(([v, q]) => [cartOf.get(ids[i]!)!, v, q] as const));
  await db.query(
    `INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price)
     SELECT x.cart_id, x.variant_id, x.quantity, ${CURRENT_PRICE_SQL.sql}
     FROM unnest($1::uuid[], $2::int[], $3::int[]) AS x(cart_id, variant_id, quantity)
     JOIN product_variants v ON v.id = x.variant_id JOIN products p ON p.id = v.product_id`,
    [items.map((x) => x[0]), items.map((x) => x[1]), items.map((x) => x[2])],
  );
  return ids.map((customerId, i) => ({ customerId, token: tokens[i]!, cartId: cartOf.get(customerId)! }));
}

/**
 * Cart lines for `n` carts from the seeded catalog (active USD products of our own catalog), never
 * asking more of a variant than it has free, so every checkout can succeed: 1–3 lines of 1–2 units.
 */
async function planCarts(db: Client, n: number, run: string): Promise<[number, number][][]> {
  const { rows } = await db.query<{ id: number; free: number }>(
    `SELECT v.id, v.stock_on_hand - v.stock_reserved AS free
     FROM product_variants v JOIN products p ON p.id = v.product_id
     WHERE p.status = 'active' AND p.currency = 'USD' AND p.marketplace IS NULL AND v.is_active
       AND v.stock_on_hand - v.stock_reserved >= 2
     ORDER BY md5(v.id::text || $1) LIMIT $2`,
    [run, Math.max(1000, n * 2)],
  );
  if (rows.length < 3)
    throw new Error(`no in-stock variants in ${url}: seed it first (docs/architecture.md)`);
  const free = rows.map((r) => r.free);
  let at = 0;
  const carts: [number, number][][] = [];
  for (let i = 0; i < n; i++) {
    const cart: [number, number][] = [];
    for (let l = 0; l < 1 + (i % 3); l++) {
      const quantity = 1 + ((i + l) % 2);
      let tries = 0;
      // The next variant with enough left that is not in this cart yet.
      while (free[at % rows.length]! < quantity || cart.some(([v]) => v === rows[at % rows.length]!.id)) {
        at++;
        if (++tries > rows.length) throw new Error(`the catalog has too little stock for ${n} carts`);
      }
      const k = at++ % rows.length;
      free[k]! -= quantity;
      cart.push([rows[k]!.id, quantity]);
    }
    carts.push(cart);
  }
  return carts;
}

/** Sequential checkouts: latency percentiles, statements and server CPU per checkout. */
async function singleClient(api: BenchServer, requests: OnceRequest[]) {
  const times: number[] = [];
  let failed = 0;
  await api.stats();
  for (const r of requests) {
    const t0 = performance.now();
    const res = (await post(api.endpoint, r.body, r.headers)) as {
      errors?: unknown[];
      data?: { checkout: { userErrors: unknown[] } };
    };
    times.push(performance.now() - t0);
    if (res.errors || res.data?.checkout.userErrors.length) {
      failed++;
      if (failed === 1) console.error('checkout failed:', JSON.stringify(res).slice(0, 500));
    }
  }
  const { statements, cpuMs } = await api.stats();
  times.sort((a, b) => a - b);
  const n = Math.max(1, requests.length);
  return {
    p50: pct(times, 50),
    p95: pct(times, 95),
    failed,
    statementsPerRequest: statements / n,
    cpuMsPerRequest: cpuMs / n,
  };
}

async function load(api: BenchServer, db: Client) {
  const run = randomBytes(4).toString('hex');
  const t0 = performance.now();
  const carts = await planCarts(db, WARMUP + SINGLE + CHECKOUTS, run);
  const all = await shoppers(db, run, carts);
  const requests = all.map(checkoutRequest);
  console.log(
    `setup: ${all.length} shoppers with carts (${carts.reduce((k, c) => k + c.length, 0)} lines) in ${fmt((performance.now() - t0) / 1000)} s`,
  );
  const ok = '"userErrors":[]';
  const warm = await loadOnce(api, requests.slice(0, WARMUP), CONNECTIONS, ok);
  const single = await singleClient(api, requests.slice(WARMUP, WARMUP + SINGLE));
  const loaded: LoadResult = await loadOnce(api, requests.slice(WARMUP + SINGLE), CONNECTIONS, ok);

  const { rows } = await db.query<{ orders: number; shoppers: number; negative: number }>(
    `SELECT (SELECT count(*) FROM orders WHERE customer_id = ANY($1::int[]))::int AS orders,
            cardinality($1::int[]) AS shoppers,
            (SELECT count(*) FROM product_variants WHERE stock_on_hand < 0 OR stock_reserved < 0
               OR stock_reserved > stock_on_hand)::int AS negative`,
    [all.map((s) => s.customerId)],
  );
  const c = rows[0]!;
  console.log(
    `\ncheckout, ${url.replace(/\/\/[^@]*@/, '//')}, test payment provider, job workers in the API process`,
  );
  console.log(`  warm-up: ${warm.total} checkouts at ${CONNECTIONS} connections, ${warm.failed} failed`);
  console.log(
    `  1 client, ${SINGLE} sequential checkouts: p50 ${fmt(single.p50)} ms, p95 ${fmt(single.p95)} ms; ` +
      `${fmt(single.statementsPerRequest)} SQL statements and ${fmt(single.cpuMsPerRequest, 2)} ms server CPU per checkout ` +
      `(confirmation jobs included); ${single.failed} failed`,
  );
  console.log(
    `  ${CONNECTIONS} concurrent clients, ${loaded.total} checkouts: ${fmt(loaded.reqPerSec)} orders/s, ` +
      `p50 ${fmt(loaded.p50)} ms, p95 ${fmt(loaded.p95)} ms, p99 ${fmt(loaded.p99)} ms; ` +
      `${fmt(loaded.statementsPerRequest)} statements and ${fmt(loaded.cpuMsPerRequest, 2)} ms server CPU per checkout; ${loaded.failed} failed`,
  );
  console.log(
    `  database afterwards: ${c.orders} orders for ${c.shoppers} shoppers; variants with negative or over-reserved stock: ${c.negative}`,
  );
  if (c.orders !== c.shoppers || warm.failed + single.failed + loaded.failed > 0 || c.negative > 0)
    throw new Error('some checkouts did not place their order: the figures above are not comparable');
}

async function race(api: BenchServer, db: Client) {
  const run = randomBytes(4).toString('hex');
  const { rows } = await db.query<{ product: number; variant: number }>(
    `WITH p AS (INSERT INTO products (slug, sku, name, price, currency, status)
                VALUES ('bench-race-' || $1, 'BENCH-RACE-' || upper($1), 'Bench race ' || $1, 30.00, 'USD', 'active')
                RETURNING id)
     INSERT INTO product_variants (product_id, sku, name, stock_on_hand)
     SELECT id, 'BENCH-RACE-' || upper($1) || '-V', 'One', $2 FROM p RETURNING product_id AS product, id AS variant`,
    [run, RACE_STOCK],
  );
  const { product, variant } = rows[0]!;
  try {
    const who = await shoppers(
      db,
      `race-${run}`,
      Array.from({ length: RACE_SHOPPERS }, () => [[variant, 1]]),
    );
    const bodies = who.map(checkoutRequest);
    // Each checkout on a connection of its own (fetch opens one per request in flight), all at once.
    const t0 = performance.now();
    const results = await Promise.all(
      bodies.map(
        (r) =>
          post(api.endpoint, r.body, r.headers) as Promise<{
            errors?: { extensions?: { code?: string } }[];
            data?: { checkout: { order: unknown; userErrors: { code: string }[] } };
          }>,
      ),
    );
    const wall = performance.now() - t0;
    const outcome = new Map<string, number>();
    for (const r of results) {
      const key = r.errors
        ? `error ${r.errors[0]?.extensions?.code ?? '?'}`
        : r.data!.checkout.order
          ? 'placed an order'
          : r.data!.checkout.userErrors.map((e) => e.code).join('+');
      outcome.set(key, (outcome.get(key) ?? 0) + 1);
    }
    const { rows: after } = await db.query<{
      on_hand: number;
      reserved: number;
      orders: number;
      movements: number;
      sold: number;
    }>(
      `SELECT v.stock_on_hand AS on_hand, v.stock_reserved AS reserved, p.sold_count AS sold,
              (SELECT count(DISTINCT order_id) FROM order_items WHERE variant_id = v.id)::int AS orders,
              (SELECT count(*) FROM inventory_movements WHERE variant_id = v.id)::int AS movements
       FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = $1`,
      [variant],
    );
    const a = after[0]!;
    console.log(
      `\nrace: ${RACE_SHOPPERS} simultaneous checkouts of a variant with ${RACE_STOCK} in stock, in ${fmt(wall)} ms`,
    );
    console.log(
      `  answers: ${[...outcome].map(([k, n]) => `${n} ${k}`).join(', ')}; ` +
        `in the database: ${a.orders} orders, ${a.movements} stock movements, sold_count ${a.sold}, ` +
        `stock on hand ${a.on_hand}, reserved ${a.reserved}`,
    );
    const right =
      outcome.get('placed an order') === RACE_STOCK &&
      outcome.get('OUT_OF_STOCK') === RACE_SHOPPERS - RACE_STOCK &&
      outcome.size === 2 &&
      a.orders === RACE_STOCK &&
      a.movements === RACE_STOCK &&
      a.on_hand === 0 &&
      a.reserved === 0;
    console.log(
      `  ${right ? 'as it must be' : 'WRONG'}: exactly ${RACE_STOCK} orders, ${RACE_SHOPPERS - RACE_STOCK} OUT_OF_STOCK, stock 0`,
    );
    if (!right) process.exitCode = 1;
  } finally {
    // Out of the catalog again, so it does not change what the other benches list and search.
    await db.query(`UPDATE products SET status = 'archived' WHERE id = $1`, [product]);
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const want = (name: string) => wanted.length === 0 || wanted.includes(name);
  await migrate(url, { log: () => undefined });
  const db = new Client({ connectionString: url, application_name: 'bench-checkout' });
  await db.connect();
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const api = await startServer('api', 'api-server.cjs', { DATABASE_URL: url }, nodeArgs);
  // Figures move with whatever else runs on the machine: say how busy it was.
  const busy = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(`load average (1, 5, 15 min) at the start: ${busy()}`);
  try {
    if (want('load')) await load(api, db);
    if (want('race')) await race(api, db);
    console.log(`\nload average at the end: ${busy()}`);
  } finally {
    await api.stop();
    await db.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
