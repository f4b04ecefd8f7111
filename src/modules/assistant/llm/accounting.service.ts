/**
 * Accounting of every LLM turn: the llm_requests row (queued → running → succeeded/failed), the
 * llm_responses row with tokens, latency and cost priced from llm_model_prices, and the
 * conversation's running token and cost totals. Totals move by atomic increments in the same
 * statement that inserts the response, once per request (a replayed job adds nothing), so they
 * stay exact however many turns finish at once.
 */
import type { Prisma } from '../../../generated/prisma/client';
import type { Db } from '../../../db/prisma';
import { EVENTS_CHANNEL, eventPayload } from '../../../server/pubsub';

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

/** Inserts a queued request (no budget check, no reply id: see `openLlmRequest` for a turn). */
export async function createLlmRequest(tx: Db, r: NewLlmRequest): Promise<string> {
  const opened = await openLlmRequest(tx, r, { dailyLimit: 0, announce: null, reserveReplyId: false });
  return (opened as { requestId: string }).requestId;
}

export type OpenedRequest =
  { requestId: string; replyMessageId: number | null } | { refused: true; used: number };

/**
 * One statement for messageSend's hook (a turn's first-token time starts with the shopper's
 * send): checks the daily token budget of `r.budgetKey` (a `dailyLimit` of 0 = none; spent →
 * `{ refused }`, nothing written), inserts the queued request, reserves the reply's message id
 * (as `reserveMessageId` does) and sends `announce` at commit.
 */
export async function openLlmRequest(
  tx: Db,
  r: NewLlmRequest,
  opts: {
    dailyLimit: number;
    announce: { topic: string; event: Record<string, unknown> } | null;
    reserveReplyId: boolean;
  },
): Promise<OpenedRequest> {
  const notify = opts.announce ? eventPayload(opts.announce.topic, opts.announce.event) : null;
  const rows = await tx.$queryRaw<{ used: number; id: string | null; replyId: number | null }[]>`
    WITH used AS (
      SELECT coalesce(sum(r.total_tokens), 0)::int AS used
      FROM llm_requests q JOIN llm_responses r ON r.request_id = q.id
      WHERE ${opts.dailyLimit}::int > 0 AND q.budget_key = ${r.budgetKey}
        AND q.queued_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'),
    ins AS (
      INSERT INTO llm_requests (provider, model, prompt, system_prompt, parameters, conversation_id, customer_id, message_id, budget_key)
      SELECT ${r.provider}, ${r.model}, ${r.prompt}, ${r.systemPrompt}, ${JSON.stringify(r.parameters)}::jsonb,
             ${r.conversationId}::uuid, ${r.customerId}::int, ${r.messageId}::int, ${r.budgetKey}
      FROM used WHERE ${opts.dailyLimit}::int <= 0 OR used.used < ${opts.dailyLimit}::int
      RETURNING id),
    sent AS (SELECT pg_notify(${EVENTS_CHANNEL}, ${notify}::text) FROM ins WHERE ${notify}::text IS NOT NULL)
    SELECT (SELECT used FROM used) AS used, ins.id::text AS id,
      CASE WHEN ${opts.reserveReplyId} THEN nextval(pg_get_serial_sequence('messages', 'id'))::int END AS "replyId",
      (SELECT count(*) FROM sent)::int AS notified
    FROM (SELECT 1) one LEFT JOIN ins ON true`;
  const row = rows[0]!;
  if (row.id == null) return { refused: true, used: row.used };
  return { requestId: row.id, replyMessageId: row.replyId };
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
