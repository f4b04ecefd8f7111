import type { Pool } from 'pg';
import { Gauge, type Registry } from 'prom-client';
import { QUEUES } from '../jobs/queues';

/** A scrape reads the database at most this often; scrapers arriving sooner share the answer. */
const CACHE_MS = 5000;

interface Row {
  metric: 'queue' | 'failed' | 'notifications_24h' | 'notifications_pending' | 'llm_tokens' | 'llm_cost';
  l1: string;
  l2: string;
  l3: string;
  v: number;
}

/**
 * Everything in one statement: unfinished jobs by queue and state (pg-boss keeps them in
 * pgboss.job whichever process runs the workers), jobs that failed for good and are still kept,
 * notifications of the last 24 hours by status and the pending backlog (index on status,
 * created_at), LLM tokens and cost to date from the hourly rollup llm_usage_stats.
 */
const SQL = `
  SELECT 'queue' AS metric, name AS l1,
         CASE WHEN state = 'active' THEN 'active' WHEN start_after > now() THEN 'deferred' ELSE 'queued' END AS l2,
         '' AS l3, count(*)::float8 AS v
  FROM pgboss.job WHERE state IN ('created', 'retry', 'active') GROUP BY 1, 2, 3
  UNION ALL
  SELECT 'failed', name, '', '', count(*)::float8 FROM pgboss.job WHERE state = 'failed' GROUP BY 2
  UNION ALL
  SELECT 'notifications_24h', status::text, '', '', count(*)::float8
  FROM notifications WHERE created_at > now() - interval '24 hours' GROUP BY 2
  UNION ALL
  SELECT 'notifications_pending', '', '', '', count(*)::float8 FROM notifications WHERE status = 'pending'
  UNION ALL
  SELECT 'llm_tokens', provider, model, kind, sum(n)::float8
  FROM llm_usage_stats, LATERAL (VALUES ('prompt', prompt_tokens), ('completion', completion_tokens)) t(kind, n)
  GROUP BY 2, 3, 4
  UNION ALL
  SELECT 'llm_cost', provider, model, currency, sum(total_cost)::float8 FROM llm_usage_stats GROUP BY 2, 3, 4`;

/**
 * Metrics read from the database, so they are the same whichever process serves /metrics and
 * whichever runs the workers: job queue depth and failures per queue, notification deliveries,
 * LLM tokens and cost. Every queue is reported (0 when empty), so an alert can compare.
 */
export function registerDataMetrics(registry: Registry, pool: Pool): void {
  let cached: { at: number; rows: Promise<Row[]> } | null = null;
  const read = (): Promise<Row[]> => {
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.rows;
    const rows = pool.query<Row>(SQL).then((r) => r.rows);
    cached = { at: Date.now(), rows };
    rows.catch(() => (cached = null)); // a failed read is not reused
    return rows;
  };
  const of = async (metric: Row['metric']) => (await read()).filter((r) => r.metric === metric);
  const queues = Object.keys(QUEUES);

  new Gauge({
    name: 'bazaar_job_queue_depth',
    help: 'Unfinished pg-boss jobs per queue: queued (ready to run), deferred (waiting for their start time or a retry) and active',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const rows = await of('queue');
      for (const queue of queues)
        for (const state of ['queued', 'deferred', 'active'])
          this.set({ queue, state }, rows.find((r) => r.l1 === queue && r.l2 === state)?.v ?? 0);
    },
  });
  new Gauge({
    name: 'bazaar_job_failed',
    help: 'Jobs per queue that failed after their last retry, still kept by pg-boss (deleted after its retention, 7 days by default): alert on an increase',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const rows = await of('failed');
      for (const queue of queues) this.set({ queue }, rows.find((r) => r.l1 === queue)?.v ?? 0);
    },
  });
  new Gauge({
    name: 'bazaar_notifications_last_24h',
    help: 'Notifications created in the last 24 hours by delivery status (sent = delivered)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await of('notifications_24h');
      for (const status of ['pending', 'sent', 'failed'])
        this.set({ status }, rows.find((r) => r.l1 === status)?.v ?? 0);
    },
  });
  new Gauge({
    name: 'bazaar_notifications_pending',
    help: 'Notifications waiting to be delivered, whatever their age',
    registers: [registry],
    async collect() {
      this.set((await of('notifications_pending'))[0]?.v ?? 0);
    },
  });
  new Gauge({
    name: 'bazaar_llm_tokens',
    help: 'LLM tokens used to date by provider, model and kind (prompt, completion), from the hourly rollup (up to 5 minutes behind)',
    labelNames: ['provider', 'model', 'kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await of('llm_tokens')) this.set({ provider: r.l1, model: r.l2, kind: r.l3 }, r.v);
    },
  });
  new Gauge({
    name: 'bazaar_llm_cost',
    help: 'LLM cost to date by provider, model and currency (USD for every price), from the hourly rollup',
    labelNames: ['provider', 'model', 'currency'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await of('llm_cost')) this.set({ provider: r.l1, model: r.l2, currency: r.l3 }, r.v);
    },
  });
}
