import type { Db } from '../../../db/prisma';

/** The start of the UTC hour containing `at`. */
export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);

/**
 * Rolls one hour of finished requests into llm_usage_stats, one row per provider, model and
 * customer (who actually answered: a fallback counts for `local`). Recomputes the hour from the
 * source rows and replaces what was there, so it is idempotent and can be re-run for any past
 * hour (late or corrected rows are picked up). Run it in a transaction. Returns the rows written.
 */
export async function rollupUsageHour(db: Db, hourStart: Date): Promise<number> {
  const hour = hourOf(hourStart);
  await db.$executeRaw`
      DELETE FROM llm_usage_stats u WHERE u.hour = ${hour}
        AND NOT EXISTS (
          SELECT 1 FROM llm_requests q LEFT JOIN llm_responses r ON r.request_id = q.id
          WHERE q.queued_at >= ${hour} AND q.queued_at < ${hour}::timestamptz + interval '1 hour'
            AND q.status IN ('succeeded', 'failed')
            AND coalesce(r.provider, q.provider) = u.provider AND coalesce(r.model, q.model) = u.model
            AND q.customer_id IS NOT DISTINCT FROM u.customer_id)`;
  return db.$executeRaw`
      INSERT INTO llm_usage_stats AS u (hour, provider, model, customer_id, request_count, error_count, prompt_tokens,
        completion_tokens, total_tokens, total_cost, currency, avg_latency_ms, updated_at)
      SELECT ${hour}, coalesce(r.provider, q.provider), coalesce(r.model, q.model), q.customer_id,
        count(*), count(*) FILTER (WHERE q.status = 'failed'),
        coalesce(sum(r.prompt_tokens), 0), coalesce(sum(r.completion_tokens), 0), coalesce(sum(r.total_tokens), 0),
        coalesce(sum(r.cost), 0), coalesce(min(r.currency), 'USD'), coalesce(round(avg(r.latency_ms)), 0), now()
      FROM llm_requests q LEFT JOIN llm_responses r ON r.request_id = q.id
      WHERE q.queued_at >= ${hour} AND q.queued_at < ${hour}::timestamptz + interval '1 hour'
        AND q.status IN ('succeeded', 'failed')
      GROUP BY 2, 3, 4
      ON CONFLICT (hour, provider, model, customer_id) DO UPDATE SET
        request_count = EXCLUDED.request_count, error_count = EXCLUDED.error_count,
        prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
        total_tokens = EXCLUDED.total_tokens, total_cost = EXCLUDED.total_cost, currency = EXCLUDED.currency,
        avg_latency_ms = EXCLUDED.avg_latency_ms, updated_at = now()`;
}
