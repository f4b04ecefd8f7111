import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

describe('analytics schema and the bazaar_analyst role', () => {
  let db: TestDatabase;
  let c: Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query(`
      INSERT INTO customers (id, email, password_hash) VALUES (1, 'ana@example.com', 'argon2-secret');
      INSERT INTO auth_sessions (customer_id, token_hash, expires_at) VALUES (1, repeat('a', 64), now() + interval '1 day');
      INSERT INTO brands (id, slug, name) VALUES (1, 'acme', 'Acme');
      INSERT INTO products (id, slug, sku, name, price, currency, status, brand_id) VALUES (1, 'p1', 'P1', 'Kettle', 20, 'EUR', 'active', 1);
      INSERT INTO product_variants (id, product_id, sku, name, stock_on_hand) VALUES (1, 1, 'P1-A', 'A', 10);
      INSERT INTO orders (id, number, customer_id, status, subtotal, tax_total, shipping_total, discount_total, total, currency, shipping_address, created_at)
      VALUES (1, 'BZ-1', 1, 'delivered', 40, 8, 5, 3, 50, 'EUR', '{}', '2026-03-01T10:00:00Z'),
             (2, 'BZ-2', 1, 'cancelled', 20, 4, 5, 0, 29, 'EUR', '{}', '2026-03-01T12:00:00Z');
      INSERT INTO order_items (order_id, product_id, variant_id, product_name, sku, unit_price, quantity, line_total)
      VALUES (1, 1, 1, 'Kettle', 'P1-A', 20, 2, 40), (2, 1, 1, 'Kettle', 'P1-A', 20, 1, 20);
      INSERT INTO search_logs (query, normalized_query, result_count, latency_ms, zero_result)
      VALUES ('Kettle', 'kettle', 3, 4, false), ('kettle', 'kettle', 0, 6, true), ('ketle', 'ketle', 0, 5, true);
    `);
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
  });

  it('reports daily sales without cancelled orders', async () => {
    const { rows } = await c.query('SELECT * FROM analytics.daily_sales');
    expect(rows).toEqual([
      expect.objectContaining({
        currency: 'EUR',
        orders: 1,
        cancelled_or_refunded_orders: 1,
        customers: 1,
        subtotal: '40.00',
        discounts: '3.00',
        tax: '8.00',
        shipping: '5.00',
        revenue: '50.00',
        average_order_value: '50.00',
      }),
    ]);
  });

  it('reports product sales, customer value and search terms', async () => {
    const sales = await c.query(
      'SELECT product_name, brand_name, units_sold, revenue, orders FROM analytics.product_sales',
    );
    expect(sales.rows).toEqual([
      { product_name: 'Kettle', brand_name: 'Acme', units_sold: 2, revenue: '40.00', orders: 1 },
    ]);
    const clv = await c.query(
      'SELECT customer_id, orders, lifetime_revenue FROM analytics.customer_lifetime_value',
    );
    expect(clv.rows).toEqual([{ customer_id: 1, orders: 1, lifetime_revenue: '50.00' }]);
    const terms = await c.query(
      'SELECT normalized_query, searches, zero_result_searches, zero_result_rate FROM analytics.search_terms ORDER BY 1',
    );
    expect(terms.rows).toEqual([
      { normalized_query: 'ketle', searches: 1, zero_result_searches: 1, zero_result_rate: '1.0000' },
      { normalized_query: 'kettle', searches: 2, zero_result_searches: 1, zero_result_rate: '0.5000' },
    ]);
  });

  it('lets the analyst role read views and tables but no secret', async () => {
    await c.query('BEGIN');
    try {
      await c.query('SET LOCAL ROLE bazaar_analyst');
      const ok = await c.query(
        'SELECT (SELECT count(*) FROM analytics.daily_sales) AS a, (SELECT count(*) FROM orders) AS b',
      );
      expect(ok.rows[0]).toEqual({ a: '1', b: '2' });
      const emails = await c.query('SELECT email FROM customers');
      expect(emails.rows).toEqual([{ email: 'ana@example.com' }]);
      for (const sql of [
        'SELECT password_hash FROM customers',
        'SELECT * FROM customers',
        'SELECT token_hash FROM auth_sessions',
        'SELECT * FROM password_reset_tokens',
        'SELECT payload FROM notifications',
        'INSERT INTO brands (slug, name) VALUES ($$x$$, $$x$$)',
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
