import { Client } from 'pg';
import { QUEUES } from '../../src/jobs/queues';
import { refreshAnalytics } from '../../src/modules/analytics/refresh.service';
import { runRetention, type RetentionReport } from '../../src/modules/retention/retention.service';
import { RETENTION_JOBS, type RetentionJob } from '../../src/modules/retention/retention-tasks';
import { analyticsScenario, CONV } from '../fixtures/analytics.scenario';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const rowsOf = (r: RetentionReport) => Object.fromEntries(r.tasks.map((t) => [t.task, t.rows]));

/**
 * Each retention job on "March at Bazaar" (test/fixtures/analytics.scenario.ts) plus rows aged for
 * each period: what it deleted, what it kept, and that every total the analysts read and every
 * foreign key still hold. Dry runs first (they must count exactly what the real run changes, and
 * change nothing), then the real run, then a second run that finds nothing (idempotent).
 */
describe('retention jobs on real data', () => {
  let t: TestApp;
  let c: Client;
  const q = async (sql: string) => (await c.query({ text: sql, rowMode: 'array' })).rows;
  const one = async (sql: string) => (await q(sql))[0]![0] as unknown;

  /** Dry run, real run, second run; returns the real run's rows (and batches) per task. */
  async function run(job: RetentionJob, opts: { now?: Date; batch?: number } = {}) {
    const deps = opts.batch
      ? { ...t.app.deps, config: { ...t.app.deps.config, RETENTION_BATCH_SIZE: opts.batch } }
      : t.app.deps;
    const tables = [...new Set(RETENTION_JOBS[job].map((x) => x.table))];
    const snapshot = async () =>
      q(`SELECT ${tables.map((x) => `(SELECT json_agg(r ORDER BY r) FROM ${x} r)`).join(', ')}`);
    const before = await snapshot();
    const dry = await runRetention(deps, job, { dryRun: true, now: opts.now });
    expect(await snapshot()).toEqual(before);
    const real = await runRetention(deps, job, { dryRun: false, now: opts.now });
    expect(rowsOf(real)).toEqual(rowsOf(dry));
    const again = await runRetention(deps, job, { dryRun: false, now: opts.now });
    expect(Object.values(rowsOf(again)).every((n) => n === 0)).toBe(true);
    lastBatches = Object.fromEntries(real.tasks.map((x) => [x.task, x.batches]));
    return rowsOf(real);
  }
  let lastBatches: Record<string, number> = {};

  /** Rows that point at nothing, for every foreign key of the public schema (expected: none). */
  async function orphans(): Promise<string[]> {
    const { rows: fks } = await c.query<{
      child: string;
      parent: string;
      cols: string[];
      refs: string[];
      name: string;
    }>(
      `SELECT con.conname AS name, con.conrelid::regclass::text AS child, con.confrelid::regclass::text AS parent,
              array(SELECT attname FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k)::text[] AS cols,
              array(SELECT attname FROM unnest(con.confkey) k JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k)::text[] AS refs
       FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
       WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace AND NOT t.relispartition`,
    );
    const found: string[] = [];
    for (const fk of fks) {
      const match = fk.cols.map((col, i) => `p.${fk.refs[i]} = c.${col}`).join(' AND ');
      const set = fk.cols.map((col) => `c.${col} IS NOT NULL`).join(' AND ');
      const n = await one(
        `SELECT count(*)::int FROM ${fk.child} c WHERE ${set} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${match})`,
      );
      if (n !== 0) found.push(`${fk.name}: ${String(n)}`);
    }
    return found;
  }

  beforeAll(async () => {
    // No workers here: a scheduled run between a dry run and the real one would change the counts.
    t = await startTestApp();
    c = new Client({ connectionString: t.db.url });
    await c.connect();
    await analyticsScenario(c);
    // Times relative to now, as SQL literals: expired 2 days ago, an hour ago, in 10 days...
    const T = (days: number) => `'${ago(days).toISOString()}'`;
    await c.query(`
      INSERT INTO auth_sessions (customer_id, token_hash, expires_at, revoked_at) VALUES
        (1, repeat('a', 64), ${T(2)}, NULL), (1, repeat('b', 64), ${T(1 / 24)}, NULL),
        (1, repeat('c', 64), ${T(-10)}, ${T(3)}), (1, repeat('d', 64), ${T(-10)}, NULL);
      INSERT INTO password_reset_tokens (customer_id, token_hash, expires_at, used_at) VALUES
        (1, repeat('1', 64), ${T(2)}, NULL), (1, repeat('2', 64), ${T(-10)}, ${T(2)}), (1, repeat('3', 64), ${T(-10)}, NULL);
      INSERT INTO login_attempts (email, succeeded, created_at) VALUES
        ('ana@example.com', false, ${T(40)}), ('ana@example.com', true, ${T(1 / 24)});
      INSERT INTO admin_audit_log (actor_id, action, resource_type, created_at) VALUES
        (1, 'product.update', 'product', ${T(400)}), (1, 'product.update', 'product', ${T(10)});
      INSERT INTO notifications (customer_id, kind, channel, status, created_at) VALUES
        (1, 'order_update', 'email', 'sent', ${T(40)}), (1, 'order_update', 'email', 'failed', ${T(40)}),
        (1, 'order_update', 'email', 'pending', ${T(40)}), (2, 'price_alert', 'in_app', 'sent', ${T(1 / 24)});`);
    // Text to purge beyond messages: a tool call of request A1. And a message from yesterday.
    await c.query(`INSERT INTO chat_activities (conversation_id, llm_request_id, tool, arguments, result_summary, duration_ms, status)
      VALUES ('${CONV.ana}', '00000000-0000-4000-c000-0000000000a1', 'search_products', '{"query": "kettle"}', '3 kettles', 12, 'succeeded')`);
    await c.query(
      `INSERT INTO messages (id, conversation_id, role, content, sequence, created_at) VALUES
      (14, '${CONV.ana}', 'user', 'Is my kettle shipped?', 8, $1)`,
      [ago(1)],
    );
    await c.query(`UPDATE conversations SET message_count = 8, last_sequence = 8 WHERE id = '${CONV.ana}'`);
    // Real addresses on order 1, and a recent order 8 that must keep its own.
    const address = `'{"firstName": "Ana", "lastName": "Silva", "line1": "1 Rua Augusta", "city": "Lisboa", "postalCode": "1100-048", "country": "PT", "phone": "+351 21 000 0000"}'`;
    await c.query(
      `UPDATE orders SET shipping_address = ${address}, billing_address = ${address}, notes = 'Ring twice', idempotency_key = 'k-1' WHERE id = 1`,
    );
    await c.query(`INSERT INTO orders (id, number, customer_id, status, subtotal, total, currency, shipping_address, notes, created_at)
      VALUES (8, 'BZ-8', 1, 'delivered', 20, 20, 'USD', ${address}, 'Ring twice', '2026-11-01T10:00:00Z')`);
    // A guest cart whose week ran out an hour ago, with a line.
    await c.query(`
      INSERT INTO carts (id, status, currency, expires_at) VALUES ('00000000-0000-4000-b000-000000000007', 'active', 'USD', ${T(1 / 24)});
      INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price) VALUES ('00000000-0000-4000-b000-000000000007', 1, 1, 20)`);
  });
  afterAll(async () => {
    await c.end();
    await t.stop();
  });

  it('deletes sessions and reset tokens a day after they stopped working, keeps the rest', async () => {
    expect(await run('auth.sessions.cleanup')).toEqual({ auth_sessions: 2, password_reset_tokens: 2 });
    expect(await q(`SELECT left(token_hash, 1) FROM auth_sessions ORDER BY 1`)).toEqual([['b'], ['d']]);
    expect(await q(`SELECT left(token_hash, 1) FROM password_reset_tokens ORDER BY 1`)).toEqual([['3']]);
  });

  it('abandons expired guest carts, removes old abandoned ones and keeps cart_abandonment as it was', async () => {
    const march = `SELECT day::text, currency, carts_with_items, carts_converted, carts_abandoned, abandonment_rate, abandoned_value
                   FROM analytics.cart_abandonment WHERE day < '2026-04-01' ORDER BY day`;
    await refreshAnalytics(t.app.deps);
    const before = await q(march);
    // Cart 7 abandoned; carts 3 (a line of 8.00) and 5 (empty), abandoned in March, removed. Ben's
    // abandoned cart 6 is a customer's: kept.
    expect(await run('carts.guest.expire')).toEqual({ guest_carts: 1, abandoned_guest_carts: 2 });
    expect(await q(`SELECT right(id::text, 1), status FROM carts ORDER BY id`)).toEqual([
      ['1', 'active'],
      ['2', 'converted'],
      ['4', 'active'],
      ['6', 'abandoned'],
      ['7', 'abandoned'],
    ]);
    expect(
      await q(`SELECT day::text, currency, carts, abandoned_value FROM cart_abandonment_archive`),
    ).toEqual([['2026-03-05', 'USD', 1, '8.00']]);
    await refreshAnalytics(t.app.deps);
    expect(await q(march)).toEqual(before);
    expect(
      await one(
        `SELECT count(*)::int FROM cart_items WHERE cart_id::text LIKE '%3' OR cart_id::text LIKE '%5'`,
      ),
    ).toBe(0);
  });

  it('purges message text after 90 days and keeps every row, count, cost and attribution', async () => {
    await refreshAnalytics(t.app.deps);
    const views = `SELECT (SELECT json_agg(v ORDER BY day, provider) FROM analytics.llm_usage_daily v),
                          (SELECT json_agg(v ORDER BY conversation_id) FROM analytics.llm_cost_per_conversation v),
                          (SELECT json_agg(v ORDER BY order_id) FROM analytics.conversation_order_attribution v),
                          (SELECT json_agg(v ORDER BY order_id) FROM analytics.order_ai_margin v),
                          (SELECT json_agg(v ORDER BY customer_id, signal_type) FROM analytics.purchase_intents v),
                          (SELECT json_agg(u ORDER BY id) FROM llm_usage_stats u)`;
    const counts = `SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM message_products),
                           (SELECT count(*) FROM purchase_intents), (SELECT count(*) FROM llm_requests),
                           (SELECT count(*) FROM llm_responses), (SELECT count(*) FROM chat_activities),
                           (SELECT sum(total_tokens) FROM llm_responses), (SELECT sum(cost) FROM llm_responses),
                           (SELECT json_agg(json_build_array(message_count, total_tokens, total_cost) ORDER BY id) FROM conversations)`;
    const [viewsBefore, countsBefore] = [await q(views), await q(counts)];

    // Four rows per statement: 13 messages take four batches, 7 requests two.
    expect(await run('retention.messages', { batch: 4 })).toEqual({ message_text: 13, llm_request_text: 7 });
    expect(lastBatches).toEqual({ message_text: 4, llm_request_text: 2 });

    expect(
      await q(
        `SELECT id, content, content_purged_at IS NOT NULL FROM messages WHERE id IN (1, 13, 14) ORDER BY id`,
      ),
    ).toEqual([
      [1, '', true],
      [13, '', true],
      [14, 'Is my kettle shipped?', false],
    ]);
    expect(
      await q(`SELECT DISTINCT prompt, system_prompt, text_purged_at IS NOT NULL FROM llm_requests`),
    ).toEqual([['', null, true]]);
    expect(await q(`SELECT DISTINCT content FROM llm_responses`)).toEqual([['']]);
    expect(await q(`SELECT arguments, result_summary FROM chat_activities`)).toEqual([[{}, null]]);
    // Purged text no longer matches a search of messages.
    expect(
      await one(`SELECT count(*)::int FROM messages WHERE search_vector @@ to_tsquery('english', 'kettle')`),
    ).toBe(1);
    expect(await q(counts)).toEqual(countsBefore);
    await refreshAnalytics(t.app.deps);
    expect(await q(views)).toEqual(viewsBefore);
    expect(await orphans()).toEqual([]);
  });

  it('deletes audit entries older than a year', async () => {
    expect(await run('retention.audit_log')).toEqual({ admin_audit_log: 1 });
    expect(
      await one(`SELECT count(*)::int FROM admin_audit_log WHERE created_at > now() - interval '11 days'`),
    ).toBe(1);
  });

  it('anonymizes orders older than two years, never deletes them, and changes no total', async () => {
    const money = `SELECT json_agg(v ORDER BY day, currency) FROM analytics.daily_sales v`;
    const before = await q(money);
    const orderCount = await one('SELECT count(*)::int FROM orders');
    // "Now" is mid-2028: the March 2026 orders are past two years, order 8 (November 2026) is not.
    expect(await run('retention.orders', { now: new Date('2028-06-01T00:00:00Z') })).toEqual({ orders: 7 });
    expect(
      await q(`SELECT id, shipping_address, billing_address, notes, idempotency_key, anonymized_at IS NOT NULL
                    FROM orders WHERE id IN (1, 8) ORDER BY id`),
    ).toEqual([
      [1, { country: 'PT' }, { country: 'PT' }, null, null, true],
      [8, expect.objectContaining({ firstName: 'Ana', country: 'PT' }), null, 'Ring twice', null, false],
    ]);
    expect(await one('SELECT count(*)::int FROM orders')).toBe(orderCount);
    expect(await one(`SELECT count(*)::int FROM order_items`)).toBe(8);
    expect(await q(money)).toEqual(before);
    expect(await orphans()).toEqual([]);
  });

  it('deletes old login attempts and old delivered or failed notifications, never pending ones', async () => {
    expect(await run('retention.login_attempts')).toEqual({ login_attempts: 1 });
    expect(await q(`SELECT succeeded FROM login_attempts`)).toEqual([[true]]);
    expect(await run('retention.notifications')).toEqual({ notifications: 2 });
    expect(await q(`SELECT status::text, kind::text FROM notifications ORDER BY status`)).toEqual([
      ['pending', 'order_update'],
      ['sent', 'price_alert'],
    ]);
    expect(await orphans()).toEqual([]);
  });

  it('runs every retention job on its schedule, dry when asked, and records what it did', async () => {
    const w = await startTestApp({ database: t.db, workers: true });
    try {
      for (const job of Object.keys(RETENTION_JOBS) as RetentionJob[]) {
        const crons = (await w.app.deps.jobs.boss.getSchedules(job)).map((s) => s.cron);
        expect([job, crons]).toEqual([job, [QUEUES[job].cron]]);
      }
      await c.query(
        `INSERT INTO admin_audit_log (action, resource_type, created_at) VALUES ('x', 'y', now() - interval '2 years')`,
      );
      const id = await w.app.deps.jobs.send('retention.audit_log', { dryRun: true });
      const job = async () => w.app.deps.jobs.boss.getJobById('retention.audit_log', id!);
      await waitFor(async () => (await job())?.state === 'completed');
      expect((await job())?.output).toMatchObject({
        job: 'retention.audit_log',
        dryRun: true,
        tasks: [{ task: 'admin_audit_log', action: 'deleted', rows: 1 }],
      });
      expect(await one(`SELECT count(*)::int FROM admin_audit_log`)).toBe(2);
    } finally {
      await w.stop();
    }
  });
});
