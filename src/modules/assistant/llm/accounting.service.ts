/**
 * Accounting of every LLM turn: the llm_requests row (queued → running → succeeded/failed), the
 * llm_responses row with tokens, latency and cost priced from llm_model_prices, and the
 * conversation's running token and cost totals. Totals move by atomic increments in the same
 * statement that inserts the response, once per request (a replayed job adds nothing), so they
 * stay exact however many turns finish at once.
 */
import type { Prisma } from '../../../generated/prisma/client';
import type { Db } from '../../../db/prisma';

export interface NewLlmRequest {
  provider: string;
  model: string;
  prompt: string;
  systemPrompt: string | null;
  parameters: Prisma.InputJsonValue;
  conversationId: string | null;
  customerId: number | null;
  messageId: number | null;
  budgetKey: string | null;
}

/** Inserts the queued request (call inside messageSend's transaction). */
export async function createLlmRequest(tx: Db, r: NewLlmRequest): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO llm_requests (provider, model, prompt, system_prompt, parameters, conversation_id, customer_id, message_id, budget_key)
    VALUES (${r.provider}, ${r.model}, ${r.prompt}, ${r.systemPrompt}, ${JSON.stringify(r.parameters)}::jsonb,
            ${r.conversationId}::uuid, ${r.customerId}::int, ${r.messageId}::int, ${r.budgetKey})
    RETURNING id::text`;
  return rows[0]!.id;
}

export interface StartedRequest {
  id: string;
  status: string;
  queueTimeMs: number;
  /** queued_at as epoch milliseconds (time to first token counts from the shopper's send). */
  queuedAtMs: number;
  conversationId: string | null;
  customerId: number | null;
  messageId: number | null;
  provider: string;
  model: string;
  prompt: string;
  systemPrompt: string | null;
  parameters: Record<string, unknown>;
}

/**
 * Marks a request running for attempt `attempt` (0 = first). Returns null when it is already
 * finished (a job delivered twice does nothing the second time).
 */
export async function startLlmRequest(db: Db, id: string, attempt: number): Promise<StartedRequest | null> {
  const rows = await db.$queryRaw<StartedRequest[]>`
    UPDATE llm_requests SET status = 'running', started_at = coalesce(started_at, clock_timestamp()), retry_count = ${attempt}
    WHERE id = ${id}::uuid AND status IN ('queued', 'running')
    RETURNING id::text, status::text,
      least(extract(epoch FROM (clock_timestamp() - queued_at)) * 1000, 2147483647)::int AS "queueTimeMs",
      (extract(epoch FROM queued_at) * 1000)::float8 AS "queuedAtMs",
      conversation_id::text AS "conversationId", customer_id AS "customerId", message_id AS "messageId",
      provider, model, prompt, system_prompt AS "systemPrompt", parameters`;
  return rows[0] ?? null;
}

export interface CompletedTurn {
  requestId: string;
  conversationId: string | null;
  content: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  queueTimeMs: number;
  timeToFirstTokenMs: number | null;
  /** Who actually answered (after a fallback: local). */
  provider: string;
  model: string;
  fallback: boolean;
}

/**
 * Writes the response, prices it (the model's price in force when the request was queued;
 * unknown models cost 0), closes the request and adds to the conversation's totals — one
 * statement. Returns the cost, or null when the response was already recorded.
 */
export async function recordResponse(tx: Db, t: CompletedTurn): Promise<{ cost: string } | null> {
  const rows = await tx.$queryRaw<{ cost: string }[]>`
    WITH req AS (
      UPDATE llm_requests SET status = 'succeeded', completed_at = clock_timestamp(), error = NULL
      WHERE id = ${t.requestId}::uuid RETURNING id, queued_at
    ), price AS (
      SELECT p.input_price_per_million_tokens AS inp, p.output_price_per_million_tokens AS outp, p.currency
      FROM llm_model_prices p, req
      WHERE p.provider = ${t.provider} AND p.model = ${t.model} AND p.effective_from <= req.queued_at
      ORDER BY p.effective_from DESC LIMIT 1
    ), resp AS (
      INSERT INTO llm_responses (request_id, content, finish_reason, prompt_tokens, completion_tokens, total_tokens,
        latency_ms, queue_time_ms, time_to_first_token_ms, cost, currency, provider, model, fallback)
      SELECT req.id, ${t.content}, ${t.finishReason}, ${t.promptTokens}, ${t.completionTokens},
        ${t.promptTokens + t.completionTokens}, ${t.latencyMs}, ${t.queueTimeMs}, ${t.timeToFirstTokenMs}::int,
        round((${t.promptTokens}::numeric * coalesce((SELECT inp FROM price), 0)
             + ${t.completionTokens}::numeric * coalesce((SELECT outp FROM price), 0)) / 1000000, 6),
        coalesce((SELECT currency FROM price), 'USD'), ${t.provider}, ${t.model}, ${t.fallback}
      FROM req
      ON CONFLICT (request_id) DO NOTHING
      RETURNING cost, prompt_tokens, completion_tokens
    ), totals AS (
      UPDATE conversations c SET prompt_tokens = c.prompt_tokens + resp.prompt_tokens,
        completion_tokens = c.completion_tokens + resp.completion_tokens,
        total_tokens = c.total_tokens + resp.prompt_tokens + resp.completion_tokens,
        total_cost = c.total_cost + resp.cost, updated_at = now()
      FROM resp WHERE c.id = ${t.conversationId}::uuid
      RETURNING c.id
    )
    SELECT resp.cost::text AS cost FROM resp LEFT JOIN totals ON true`;
  return rows[0] ?? null;
}

/** A failed attempt: back to queued for the retry, or failed for good. */
export async function recordAttemptFailure(db: Db, id: string, error: string, final: boolean): Promise<void> {
  await db.$executeRaw`
    UPDATE llm_requests SET status = ${final ? 'failed' : 'queued'}::llm_request_status, error = ${error.slice(0, 1000)},
      completed_at = CASE WHEN ${final} THEN clock_timestamp() END
    WHERE id = ${id}::uuid AND status <> 'succeeded'`;
}
