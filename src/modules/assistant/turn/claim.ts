/**
 * The first statement of a turn: marks the llm_requests row running for this attempt (as
 * `startLlmRequest` does) and reads, in the same round trip, everything the turn needs — the
 * conversation (customer, channel, mode, the assistant's memory), the shopper's message and the
 * history before it. Time to first token starts here, so this is one statement instead of four.
 */
import type { Db } from '../../../db/prisma';
import type { StartedRequest } from '../llm/accounting.service';
import type { ChatTurnMessage } from '../providers/provider';

export interface ClaimedTurn {
  request: StartedRequest;
  /** Null when the conversation or the message is gone (deleted meanwhile). */
  conversation: {
    id: string;
    customerId: number | null;
    channel: string;
    chatModeId: number | null;
    /** conversations.context.assistant as stored (checked by `memoryFrom`). */
    memory: unknown;
  } | null;
  userMessage: { id: number; content: string; sequence: number } | null;
  /** Earlier user and assistant messages, oldest first. */
  history: ChatTurnMessage[];
}

interface Row extends StartedRequest {
  convId: string | null;
  convCustomerId: number | null;
  channel: string | null;
  chatModeId: number | null;
  memory: unknown;
  msgId: number | null;
  msgContent: string | null;
  msgSequence: number | null;
  history: ChatTurnMessage[] | null;
}

/** Claims attempt `attempt` of a request; null when it is already finished (a job delivered twice). */
export async function claimTurn(
  db: Db,
  requestId: string,
  attempt: number,
  historyLimit: number,
): Promise<ClaimedTurn | null> {
  const rows = await db.$queryRaw<Row[]>`
    WITH req AS (
      UPDATE llm_requests SET status = 'running', started_at = coalesce(started_at, clock_timestamp()), retry_count = ${attempt}
      WHERE id = ${requestId}::uuid AND status IN ('queued', 'running')
      RETURNING *)
    SELECT req.id::text, req.status::text,
      least(extract(epoch FROM (clock_timestamp() - req.queued_at)) * 1000, 2147483647)::int AS "queueTimeMs",
      (extract(epoch FROM req.queued_at) * 1000)::float8 AS "queuedAtMs",
      req.conversation_id::text AS "conversationId", req.customer_id AS "customerId", req.message_id AS "messageId",
      req.provider, req.model, req.prompt, req.system_prompt AS "systemPrompt", req.parameters,
      c.id::text AS "convId", c.customer_id AS "convCustomerId", c.channel::text AS channel,
      c.chat_mode_id AS "chatModeId", c.context->'assistant' AS memory,
      m.id AS "msgId", m.content AS "msgContent", m.sequence AS "msgSequence",
      (SELECT coalesce(json_agg(json_build_object('role', h.role, 'content', h.content) ORDER BY h.sequence), '[]')
       FROM (SELECT e.role::text AS role, e.content, e.sequence FROM messages e
             WHERE e.conversation_id = c.id AND e.sequence < m.sequence
               AND e.role::text IN ('user', 'assistant') AND e.status::text = 'complete'
             ORDER BY e.sequence DESC LIMIT ${historyLimit}) h) AS history
    FROM req
    LEFT JOIN conversations c ON c.id = req.conversation_id AND c.deleted_at IS NULL
    LEFT JOIN messages m ON m.id = req.message_id`;
  const r = rows[0];
  if (!r) return null;
  const {
    convId,
    convCustomerId,
    channel,
    chatModeId,
    memory,
    msgId,
    msgContent,
    msgSequence,
    history,
    ...request
  } = r;
  return {
    request,
    conversation:
      convId == null
        ? null
        : { id: convId, customerId: convCustomerId, channel: channel!, chatModeId, memory },
    userMessage: msgId == null ? null : { id: msgId, content: msgContent!, sequence: msgSequence! },
    history: convId == null || msgId == null ? [] : (history ?? []),
  };
}
