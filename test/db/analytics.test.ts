import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { createDatabase, type Database } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { rollupUsageHour } from '../../src/modules/assistant/llm/usage-rollup';
import { MATERIALIZED_VIEWS, refreshAnalytics } from '../../src/modules/analytics/refresh.service';
import { analyticsScenario, CONV } from '../fixtures/analytics.scenario';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const { ana: A, ben: B, guest: G } = CONV;
const at = (iso: string) => new Date(`2026-03-${iso}Z`);

/**
 * Every view of schema analytics on "March at Bazaar" (test/fixtures/analytics.scenario.ts), each
 * expected row worked out by hand from the tables in the scenario's comment. Rows are compared as
 * value arrays in the order of the SELECT list (the query is the table header).
 */
describe('analytics views on a hand-computed shop', () => {
  let db: TestDatabase;
  let c: Client;
  let database: Database;
  const config = loadConfig({ NODE_ENV: 'test' });
  const deps = () => ({ db: database, config, log: createLogger('silent') });
  const table = async (sql: string) => (await c.query({ text: sql, rowMode: 'array' })).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
    await analyticsScenario(c);
    database = createDatabase({ url: db.url, poolSize: 2 });
    // The hourly LLM rollup, as its job computes it, for every hour with requests.
    for (const hour of ['01T09:00', '02T09:00', '03T08:00', '04T10:00', '05T10:00'])
      await database.prisma.$transaction((tx) => rollupUsageHour(tx, at(`${hour}:00`)));
    await refreshAnalytics(deps());
  });
  afterAll(async () => {
    await c.end();
    await database.close();
    await db.drop();
  });

  it('daily_sales: money per UTC day and currency without cancelled or refunded orders', async () => {
    const rows =
      await table(`SELECT day::text, currency, orders, cancelled_or_refunded_orders, customers, subtotal,
      discounts, tax, shipping, revenue, average_order_value FROM analytics.daily_sales ORDER BY day, currency`);
    // prettier-ignore
    expect(rows).toEqual([
      // Orders 1 and 6 (Ana, Cleo) count; order 2 (cancelled) only in its own column.
      ['2026-03-02', 'USD', 2, 1, 2, '64.00', '3.00', '0.00', '5.00', '66.00', '33.00'],
      ['2026-03-03', 'EUR', 1, 0, 1, '30.00', '0.00', '5.70', '0.00', '35.70', '35.70'],
      ['2026-03-03', 'USD', 1, 0, 1, '20.00', '0.00', '0.00', '5.00', '25.00', '25.00'],
      ['2026-03-10', 'USD', 1, 0, 1, '20.00', '0.00', '0.00', '0.00', '20.00', '20.00'],
      ['2026-03-20', 'USD', 0, 1, 1, '0.00', '0.00', '0.00', '0.00', '0.00', null],
    ]);
  });

  it('product_sales: units and line revenue per product and currency', async () => {
    const rows =
      await table(`SELECT product_name, sku, brand_name, category_name, currency, units_sold, revenue,
      orders, first_sold_at, last_sold_at FROM analytics.product_sales ORDER BY product_id`);
    // prettier-ignore
    expect(rows).toEqual([
      // Orders 1 (two), 3 and 7; not 5 (refunded).
      ['Kettle', 'KETTLE', 'Acme', 'Kitchen', 'USD', 4, '80.00', 3, at('02T10:00:00'), at('10T10:00:00')],
      // Orders 1 and 6; not 2 (cancelled).
      ['Mug', 'MUG', 'Acme', null, 'USD', 3, '24.00', 2, at('02T10:00:00'), at('02T11:00:00')],
      ['Lamp', 'LAMP', null, null, 'EUR', 1, '30.00', 1, at('03T12:00:00'), at('03T12:00:00')],
    ]);
  });

  it('customer_lifetime_value: per customer and currency, deleted customers left out', async () => {
    const rows = await table(`SELECT customer_id, currency, orders, lifetime_revenue, average_order_value,
      first_order_at, last_order_at FROM analytics.customer_lifetime_value ORDER BY customer_id, currency`);
    // prettier-ignore
    expect(rows).toEqual([
      [1, 'USD', 2, '70.00', '35.00', at('02T10:00:00'), at('10T10:00:00')],
      [2, 'EUR', 1, '35.70', '35.70', at('03T12:00:00'), at('03T12:00:00')],
      [2, 'USD', 1, '25.00', '25.00', at('03T09:00:00'), at('03T09:00:00')],
      // Cleo (3) is deleted; Dan never ordered.
      [4, null, 0, '0.00', null, null, null],
    ]);
  });

  it('cart_abandonment: carts with items, converted and abandoned (marked, or idle over 24 hours)', async () => {
    const rows = await table(`SELECT day::text, currency, carts_with_items, carts_converted, carts_abandoned,
      abandonment_rate, abandoned_value FROM analytics.cart_abandonment ORDER BY day`);
    // prettier-ignore
    expect(rows).toEqual([
      // Carts 1 (idle since March), 2 (converted), 3 (abandoned), 4 (touched now); 5 has no lines.
      ['2026-03-05', 'USD', 4, 1, 2, '0.5000', '28.00'],
      ['2026-03-06', 'EUR', 1, 0, 1, '1.0000', '60.00'],
    ]);
  });

  it('search_terms: volume, zero results, latency and corrections per normalized query', async () => {
    const rows = await table(`SELECT normalized_query, searches, zero_result_searches, zero_result_rate,
      average_results, average_latency_ms, distinct_corrections, first_searched_at, last_searched_at
      FROM analytics.search_terms ORDER BY normalized_query`);
    // prettier-ignore
    expect(rows).toEqual([
      ['ketle', 2, 1, '0.5000', '1.5', '6.0', 1, at('03T12:00:00'), at('04T12:00:00')],
      ['kettle', 2, 1, '0.5000', '1.5', '5.0', 0, at('01T12:00:00'), at('02T12:00:00')],
    ]);
  });

  it('llm_usage_daily: requests, tokens, cost and latency per day and model from the request tables', async () => {
    const rows = await table(`SELECT day::text, provider, model, requests, failed_requests, prompt_tokens,
      completion_tokens, total_tokens, cost_usd, average_latency_ms, p95_latency_ms
      FROM analytics.llm_usage_daily ORDER BY day, provider`);
    // prettier-ignore
    expect(rows).toEqual([
      // A0 and A1: latencies 500 and 900 ms, p95 = 500 + 0.95 x 400.
      ['2026-03-01', 'openai', 'gpt-4o-mini', 2, 0, '1100', '210', '1310', '0.000291', '700.0', 880],
      ['2026-03-02', 'openai', 'gpt-4o-mini', 1, 0, '2000', '100', '2100', '0.000360', '1100.0', 1100],
      ['2026-03-03', 'local', 'bazaar-local-1', 1, 0, '500', '100', '600', '0.000000', '50.0', 50],
      // B2 failed without a response.
      ['2026-03-03', 'openai', 'gpt-4o-mini', 1, 1, '0', '0', '0', '0.000000', null, null],
      ['2026-03-04', 'openai', 'gpt-4o-mini', 1, 0, '800', '100', '900', '0.000180', '1200.0', 1200],
      ['2026-03-05', 'openai', 'gpt-4o-mini', 1, 0, '2000', '250', '2250', '0.000450', '1000.0', 1000],
    ]);
  });

  it('llm_usage: the same days from the hourly rollup, with failure rate and customers', async () => {
    const rows =
      await table(`SELECT day::text, provider, model, currency, requests, failed_requests, failure_rate,
      customers, prompt_tokens, completion_tokens, total_tokens, cost, cost_per_request, average_latency_ms
      FROM analytics.llm_usage ORDER BY day, provider`);
    // prettier-ignore
    expect(rows).toEqual([
      // 0.000291 / 2 = 0.0001455, rounded half away from zero.
      ['2026-03-01', 'openai', 'gpt-4o-mini', 'USD', 2, 0, '0.0000', 1, '1100', '210', '1310', '0.000291', '0.000146', '700.0'],
      ['2026-03-02', 'openai', 'gpt-4o-mini', 'USD', 1, 0, '0.0000', 1, '2000', '100', '2100', '0.000360', '0.000360', '1100.0'],
      ['2026-03-03', 'local', 'bazaar-local-1', 'USD', 1, 0, '0.0000', 1, '500', '100', '600', '0.000000', '0.000000', '50.0'],
      ['2026-03-03', 'openai', 'gpt-4o-mini', 'USD', 1, 1, '1.0000', 1, '0', '0', '0', '0.000000', '0.000000', null],
      // The guest's request: no customer counted.
      ['2026-03-04', 'openai', 'gpt-4o-mini', 'USD', 1, 0, '0.0000', 0, '800', '100', '900', '0.000180', '0.000180', '1200.0'],
      ['2026-03-05', 'openai', 'gpt-4o-mini', 'USD', 1, 0, '0.0000', 1, '2000', '250', '2250', '0.000450', '0.000450', '1000.0'],
    ]);
  });

  it('llm_cost_per_conversation: requests, tokens and cost of each conversation', async () => {
    const rows =
      await table(`SELECT conversation_id, customer_id, channel, messages, llm_requests, total_tokens,
      cost_usd FROM analytics.llm_cost_per_conversation ORDER BY conversation_id`);
    // prettier-ignore
    expect(rows).toEqual([
      [A, 1, 'web', 7, 4, '5660', '0.001101'],
      [B, 2, 'web', 4, 2, '600', '0.000000'],
      [G, null, 'web', 2, 1, '900', '0.000180'],
    ]);
  });

  it('chat_order_attribution: direct orders and orders of products suggested in the 7 days before', async () => {
    const rows =
      await table(`SELECT order_number, customer_id, order_total, currency, conversation_id, attribution
      FROM analytics.chat_order_attribution ORDER BY order_id`);
    // prettier-ignore
    expect(rows).toEqual([
      ['BZ-1', 1, '50.00', 'USD', A, 'suggested'],
      ['BZ-2', 1, '13.00', 'USD', A, 'suggested'],
      ['BZ-3', 2, '25.00', 'USD', B, 'direct'],
    ]);
  });

  it('purchase_intents: shoppers by signal and confidence, and whether they ordered since', async () => {
    const rows = await table(`SELECT customer_id, guest_conversation_id, signal_type, intent_level, signals,
      high_confidence_signals, max_confidence, average_confidence, products, first_signal_at, last_signal_at,
      ordered_since FROM analytics.purchase_intents ORDER BY customer_id NULLS LAST, signal_type`);
    // prettier-ignore
    expect(rows).toEqual([
      // After Ana's last add_to_cart came only order 5, refunded: a high-intent shopper to follow up.
      [1, null, 'add_to_cart', 'high', 2, 2, 90, '82.5', 2, at('02T09:30:00'), at('12T10:00:00'), false],
      [1, null, 'browsing', 'low', 1, 0, 30, '30.0', 1, at('01T09:00:00'), at('01T09:00:00'), true],
      [2, null, 'checkout_intent', 'high', 1, 1, 85, '85.0', 0, at('03T08:10:00'), at('03T08:10:00'), true],
      [2, null, 'price_inquiry', 'medium', 1, 0, 50, '50.0', 1, at('03T08:00:00'), at('03T08:00:00'), true],
      [null, G, 'comparison', 'medium', 1, 0, 60, '60.0', 1, at('04T10:00:00'), at('04T10:00:00'), false],
    ]);
  });

  const attribution = () =>
    table(`SELECT order_number, order_status, conversation_id, attribution, suggested_at, hours_to_order::text,
      suggested_lines, suggested_revenue, window_days FROM analytics.conversation_order_attribution ORDER BY order_id`);
  const margin = () =>
    table(`SELECT order_number, currency, revenue, conversation_id, llm_requests, llm_tokens, ai_cost_usd,
      margin_after_ai_cost FROM analytics.order_ai_margin ORDER BY order_id`);

  it('conversation_order_attribution: last-touch credit within the configured window', async () => {
    // prettier-ignore
    expect(await attribution()).toEqual([
      // Kettle suggested 03-01 09:00:05, Mug 03-02 09:30:03: the order came 29 min 57 s after the latter.
      ['BZ-1', 'delivered', A, 'suggested', at('02T09:30:03'), '0.5', 2, '48.00', 7],
      ['BZ-2', 'cancelled', A, 'suggested', at('02T09:30:03'), '5.5', 1, '8.00', 7],
      ['BZ-3', 'shipped', B, 'direct', at('03T08:00:05'), '1.0', 1, '20.00', 7],
      // Not order 4: Lamp was suggested to Ana and to a guest, not to Ben. Not order 7: 9 days after.
    ]);
  });

  it('order_ai_margin: each LLM request counted once, for the first counted order after it', async () => {
    // prettier-ignore
    expect(await margin()).toEqual([
      // A0 + A1 + A2 = 0.000021 + 0.000270 + 0.000360.
      ['BZ-1', 'USD', '50.00', A, 3, '3410', '0.000651', '49.999349'],
      // B1 (local, free) and B2 (failed).
      ['BZ-3', 'USD', '25.00', B, 2, '600', '0.000000', '25.000000'],
      ['BZ-4', 'EUR', '35.70', null, 0, '0', '0.000000', null],
      ['BZ-6', 'USD', '16.00', null, 0, '0', '0.000000', '16.000000'],
      ['BZ-7', 'USD', '20.00', null, 0, '0', '0.000000', '20.000000'],
    ]);
  });

  it('a 10-day window credits order 7 to Ana, with the request made between her two orders', async () => {
    await refreshAnalytics({ ...deps(), config: { ...config, ATTRIBUTION_WINDOW_DAYS: 10 } });
    expect(await table('SELECT attribution_window_days FROM analytics_settings')).toEqual([[10]]);
    // 03-01 09:00:05 to 03-10 10:00:00 is 216 h 59 min 55 s.
    expect((await attribution()).at(-1)).toEqual([
      'BZ-7',
      'delivered',
      A,
      'suggested',
      at('01T09:00:05'),
      '217.0',
      1,
      '20.00',
      10,
    ]);
    expect((await margin()).at(-1)).toEqual(['BZ-7', 'USD', '20.00', A, 1, '2250', '0.000450', '19.999550']);
    // All of Ana's LLM spend is now attributed, none of it twice.
    expect(
      await table(`SELECT sum(ai_cost_usd) FROM analytics.order_ai_margin WHERE conversation_id = '${A}'`),
    ).toEqual([['0.001101']]);
    expect(await table('SELECT view_name, row_count FROM analytics_refreshes ORDER BY view_name')).toEqual([
      ['analytics.cart_abandonment', '2'],
      ['analytics.chat_order_attribution', '3'],
      ['analytics.conversation_order_attribution', '4'],
      ['analytics.order_ai_margin', '5'],
      ['analytics.product_sales', '3'],
    ]);
    await refreshAnalytics(deps());
    expect((await attribution()).map((r) => r[0])).toEqual(['BZ-1', 'BZ-2', 'BZ-3']);
  });

  it('the scheduled refresh skips views none of whose sources was written since, and no others', async () => {
    const scheduled = () => refreshAnalytics(deps(), { onlyChanged: true });
    const skipped = (results: Awaited<ReturnType<typeof scheduled>>) =>
      results.filter((r) => r.skipped).map((r) => r.view);
    // The fixture's writes reach pg_stat_user_tables when their connection flushes its statistics
    // (up to 10 s later on its own): now, so that they are not mistaken for a change below.
    await c.query('SELECT pg_stat_force_next_flush()');
    await c.query('SELECT 1');
    await scheduled();
    // Other connections' statistics may still arrive a moment later.
    let quiet: string[] = [];
    for (let i = 0; i < 60 && quiet.length < MATERIALIZED_VIEWS.length; i++) {
      quiet = skipped(await scheduled());
      if (quiet.length < MATERIALIZED_VIEWS.length) await new Promise((r) => setTimeout(r, 250));
    }
    expect(quiet).toEqual([...MATERIALIZED_VIEWS]);
    // A cart is written: only the view reading carts is refreshed (its source_writes recorded).
    await c.query(`UPDATE carts SET updated_at = updated_at WHERE id = (SELECT id FROM carts LIMIT 1)`);
    await c.query('SELECT pg_stat_force_next_flush()');
    await c.query('SELECT 1');
    expect(skipped(await scheduled())).toEqual(
      MATERIALIZED_VIEWS.filter((v) => v !== 'analytics.cart_abandonment'),
    );
    expect(await table(`SELECT count(*) FROM analytics_refreshes WHERE source_writes IS NULL`)).toEqual([
      ['0'],
    ]);
    // Run by hand (or with views named), every view is refreshed.
    expect(skipped(await refreshAnalytics(deps()))).toEqual([]);
  });

  it('refreshes every materialized view of the analytics schema', async () => {
    const rows = await table(
      `SELECT schemaname || '.' || matviewname FROM pg_matviews WHERE schemaname = 'analytics' ORDER BY 1`,
    );
    expect(rows.flat()).toEqual([...MATERIALIZED_VIEWS].sort());
  });

  it('lets the analyst role read views and tables but no secret', async () => {
    await c.query('BEGIN');
    try {
      await c.query('SET LOCAL ROLE bazaar_analyst');
      for (const view of [
        'purchase_intents',
        'llm_usage',
        'conversation_order_attribution',
        'order_ai_margin',
      ])
        expect(await table(`SELECT count(*) > 0 FROM analytics.${view}`)).toEqual([[true]]);
      expect(await table('SELECT email FROM customers WHERE id = 1')).toEqual([['ana@example.com']]);
      for (const sql of [
        'SELECT password_hash FROM customers',
        'SELECT * FROM customers',
        'SELECT token_hash FROM auth_sessions',
        'SELECT * FROM password_reset_tokens',
        'SELECT payload FROM notifications',
        'INSERT INTO brands (slug, name) VALUES ($$x$$, $$x$$)',
        'UPDATE analytics_settings SET attribution_window_days = 3',
        'REFRESH MATERIALIZED VIEW analytics.order_ai_margin',
      ]) {
        await c.query('SAVEPOINT s');
        await expect(c.query(sql)).rejects.toMatchObject({ code: '42501' });
        await c.query('ROLLBACK TO SAVEPOINT s');
      }
    } finally {
      await c.query('ROLLBACK');
    }
  });
});
