import { startTestApp, type TestApp } from '../support/test-app';

const TOKEN = 'metrics-token-0123456789';

/**
 * What /metrics reads from the database: job queue depth and failures per queue, notification
 * deliveries, LLM tokens and cost. Values are exact for the rows written here (no workers run, so
 * nothing moves while the test looks); one scrape after they are written.
 */
describe('/metrics from the database', () => {
  let t: TestApp;
  let value: (series: string) => number | undefined;

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
    const base = await t.listen();
    const { boss } = t.app.deps.jobs;
    const log = {
      query: 'q',
      normalizedQuery: 'q',
      filters: {},
      sort: 'RELEVANCE',
      resultCount: 1,
      latencyMs: 1,
      customerId: null,
      correctedQuery: null,
    };
    for (let i = 0; i < 3; i++) await t.app.deps.jobs.send('search.log', log);
    await t.app.deps.jobs.send('order.confirmation', { orderId: 1 }, { startAfterSeconds: 3600 });
    // One audit-log job taken by a worker (active), one notifications job failed for good.
    await boss.send('retention.audit_log', {});
    await boss.send('retention.notifications', {}, { retryLimit: 0 });
    expect(await boss.fetch('retention.audit_log')).toHaveLength(1);
    const [doomed] = await boss.fetch('retention.notifications');
    await boss.fail('retention.notifications', doomed!.id, { message: 'boom' });

    await t.prisma
      .$executeRaw`INSERT INTO customers (id, email, password_hash) VALUES (900, 'm@example.com', 'x')`;
    await t.prisma.$executeRaw`
      INSERT INTO notifications (customer_id, kind, channel, status, created_at) VALUES
        (900, 'order_update', 'email', 'sent', now()), (900, 'order_update', 'email', 'sent', now()),
        (900, 'price_alert', 'email', 'failed', now()), (900, 'price_alert', 'email', 'pending', now()),
        (900, 'order_update', 'email', 'pending', now() - interval '2 days'),
        (900, 'order_update', 'email', 'sent', now() - interval '2 days')`;
    await t.prisma.$executeRaw`
      INSERT INTO llm_usage_stats (hour, provider, model, customer_id, request_count, prompt_tokens, completion_tokens, total_tokens, total_cost) VALUES
        ('2026-12-01T10:00Z', 'openai', 'gpt-4o-mini', 900, 2, 1000, 200, 1200, 0.000270),
        ('2026-12-01T11:00Z', 'openai', 'gpt-4o-mini', NULL, 1, 500, 100, 600, 0.000135),
        ('2026-12-01T11:00Z', 'local', 'bazaar-local-1', 900, 1, 300, 50, 350, 0)`;

    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    value = (series) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
  });
  afterAll(() => t.stop());

  it('reports queue depth by state and failed jobs for every queue', () => {
    expect(value('bazaar_job_queue_depth{queue="search.log",state="queued"}')).toBe(3);
    expect(value('bazaar_job_queue_depth{queue="order.confirmation",state="deferred"}')).toBe(1);
    expect(value('bazaar_job_queue_depth{queue="order.confirmation",state="queued"}')).toBe(0);
    expect(value('bazaar_job_queue_depth{queue="retention.audit_log",state="active"}')).toBe(1);
    expect(value('bazaar_job_failed{queue="retention.notifications"}')).toBe(1);
    expect(value('bazaar_job_failed{queue="search.log"}')).toBe(0);
    // Every queue is listed, empty or not.
    expect(value('bazaar_job_queue_depth{queue="partitions.maintain",state="queued"}')).toBe(0);
  });

  it('reports notification deliveries of the last 24 hours, the pending backlog, LLM tokens and cost', () => {
    expect(value('bazaar_notifications_last_24h{status="sent"}')).toBe(2);
    expect(value('bazaar_notifications_last_24h{status="failed"}')).toBe(1);
    expect(value('bazaar_notifications_last_24h{status="pending"}')).toBe(1);
    expect(value('bazaar_notifications_pending')).toBe(2);
    expect(value('bazaar_llm_tokens{provider="openai",model="gpt-4o-mini",kind="prompt"}')).toBe(1500);
    expect(value('bazaar_llm_tokens{provider="openai",model="gpt-4o-mini",kind="completion"}')).toBe(300);
    expect(value('bazaar_llm_tokens{provider="local",model="bazaar-local-1",kind="prompt"}')).toBe(300);
    expect(value('bazaar_llm_cost{provider="openai",model="gpt-4o-mini",currency="USD"}')).toBeCloseTo(
      0.000405,
      9,
    );
  });
});
