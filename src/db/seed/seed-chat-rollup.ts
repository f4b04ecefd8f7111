import type { ClientBase } from 'pg';

const HOUR_MS = 3_600_000;

/**
 * After the demo conversations are written (seed-chat.ts): the hourly usage rollup of every hour
 * they touched, recomputed from all requests of the hour as the llm.usage.rollup job does
 * (src/modules/assistant/llm/usage-rollup.ts), and the conversation of the orders placed from a chat.
 */
export async function rollUp(
  client: ClientBase,
  requestTimes: number[],
  chatOrders: { orderId: number; conversationId: string }[],
): Promise<void> {
  const hours = [...new Set(requestTimes.map((t) => Math.floor(t / HOUR_MS) * HOUR_MS))];
  await client.query(
    `INSERT INTO llm_usage_stats AS u (hour, provider, model, customer_id, request_count, error_count, prompt_tokens,
       completion_tokens, total_tokens, total_cost, currency, avg_latency_ms, updated_at)
     SELECT h.hour, coalesce(r.provider, q.provider), coalesce(r.model, q.model), q.customer_id,
       count(*), count(*) FILTER (WHERE q.status = 'failed'),
       coalesce(sum(r.prompt_tokens), 0), coalesce(sum(r.completion_tokens), 0), coalesce(sum(r.total_tokens), 0),
       coalesce(sum(r.cost), 0), coalesce(min(r.currency), 'USD'), coalesce(round(avg(r.latency_ms)), 0), now()
     FROM unnest($1::timestamptz[]) AS h(hour)
     JOIN llm_requests q ON q.queued_at >= h.hour AND q.queued_at < h.hour + interval '1 hour'
       AND q.status IN ('succeeded', 'failed')
     LEFT JOIN llm_responses r ON r.request_id = q.id
     GROUP BY 1, 2, 3, 4
     ON CONFLICT (hour, provider, model, customer_id) DO UPDATE SET
       request_count = EXCLUDED.request_count, error_count = EXCLUDED.error_count,
       prompt_tokens = EXCLUDED.prompt_tokens, completion_tokens = EXCLUDED.completion_tokens,
       total_tokens = EXCLUDED.total_tokens, total_cost = EXCLUDED.total_cost, currency = EXCLUDED.currency,
       avg_latency_ms = EXCLUDED.avg_latency_ms, updated_at = now()`,
    [hours.map((h) => new Date(h))],
  );
  if (chatOrders.length > 0)
    await client.query(
      `UPDATE orders o SET conversation_id = x.c FROM unnest($1::int[], $2::uuid[]) AS x(o, c) WHERE o.id = x.o`,
      [chatOrders.map((o) => o.orderId), chatOrders.map((o) => o.conversationId)],
    );
}
