/**
 * Everything a finished turn writes, in the caller's transaction: the reply through the common
 * message path (so messageAdded replays it), then in ONE statement the grounding ledger
 * (message_products with the price and stock quoted), the tool calls (chat_activities), the
 * understanding on the shopper's message, the purchase signal, the conversation's memory and the
 * `done` event that closes the reply's token stream.
 */
import type { Db } from '../../../db/prisma';
import { EVENTS_CHANNEL, eventPayload } from '../../../server/pubsub';
import { appendAssistantMessage } from '../../chat/message-store';
import type { QuotedProduct, ToolActivity, ConversationMemory } from '../tools/tool-types';
import type { Understanding } from '../understanding/understand';
import { purchaseSignal } from './purchase-signal';

export interface TurnRecord {
  requestId: string;
  replyMessageId: number;
  conversationId: string;
  customerId: number | null;
  content: string;
  status: 'complete' | 'failed';
  products: QuotedProduct[];
  activities: ToolActivity[];
  userMessageId: number;
  userText: string;
  understanding: Understanding;
  /** The conversation's memory to keep (null: leave it as it was, e.g. after a failed turn). */
  memory: ConversationMemory | null;
  /** The `done` token event, sent by the same statement (delivered at commit, after messageAdded). */
  done: { topic: string; event: Record<string, unknown> };
}

/** Stores the assistant's message and what the turn learnt and offered; returns the message id. */
export async function storeTurn(tx: Db, r: TurnRecord): Promise<number> {
  const { message } = await appendAssistantMessage(tx, {
    id: r.replyMessageId,
    conversationId: r.conversationId,
    content: r.content,
    status: r.status,
    llmRequestId: r.requestId,
  });
  const offered = r.products.slice(0, 10).map((p, position) => ({
    product_id: p.productId,
    position,
    reason: p.reason,
    price: p.price,
    currency: p.currency,
    stock: Math.max(0, p.stock),
    variant_id: p.variantId,
  }));
  const activities = r.activities.map((a, n) => ({
    n,
    tool: a.tool,
    arguments: typeof a.arguments === 'object' && a.arguments !== null ? a.arguments : { value: a.arguments },
    result_summary: a.resultSummary,
    duration_ms: a.durationMs,
    status: a.status,
    error: a.error,
  }));
  const u = r.understanding;
  const signal = purchaseSignal(u, r.userText);
  const productId = r.status === 'complete' ? (r.products[0]?.productId ?? null) : null;
  await tx.$executeRaw`
    WITH offered AS (
      INSERT INTO message_products (message_id, product_id, position, reason, quoted_price, quoted_currency, quoted_stock, variant_id)
      SELECT ${message.id}::int, p.product_id, p.position, p.reason, p.price, p.currency, p.stock, p.variant_id
      FROM jsonb_to_recordset(${JSON.stringify(offered)}::jsonb)
        AS p(product_id int, position int, reason text, price numeric, currency text, stock int, variant_id int)
      ON CONFLICT (message_id, product_id) DO NOTHING
      RETURNING 1),
    calls AS (
      INSERT INTO chat_activities (conversation_id, message_id, llm_request_id, tool, arguments, result_summary, duration_ms, status, error)
      SELECT ${r.conversationId}::uuid, ${message.id}::int, ${r.requestId}::uuid, a.tool, coalesce(a.arguments, '{}'::jsonb),
             a.result_summary, a.duration_ms, a.status::chat_activity_status, a.error
      FROM jsonb_to_recordset(${JSON.stringify(activities)}::jsonb)
        AS a(n int, tool text, arguments jsonb, result_summary text, duration_ms int, status text, error text)
      ORDER BY a.n
      RETURNING 1),
    understood AS (
      UPDATE messages SET intent = ${u.intent}, entities = ${JSON.stringify(u.entities)}::jsonb, updated_at = now()
      WHERE id = ${r.userMessageId}::int
      RETURNING 1),
    remembered AS (
      UPDATE conversations SET detected_intent = ${u.intent},
        context = CASE WHEN ${r.memory == null} THEN context
                       ELSE jsonb_set(context, '{assistant}', ${JSON.stringify(r.memory ?? {})}::jsonb) END
      WHERE id = ${r.conversationId}::uuid
      RETURNING 1),
    signalled AS (
      INSERT INTO purchase_intents (conversation_id, message_id, customer_id, product_id, signal_type, confidence, details)
      SELECT ${r.conversationId}::uuid, ${r.userMessageId}::int, ${r.customerId}::int, ${productId}::int,
             ${signal?.type ?? null}::purchase_signal_type, ${signal?.confidence ?? null}::smallint,
             ${JSON.stringify({ intent: u.intent, entities: u.entities })}::jsonb
      WHERE ${signal != null}
      RETURNING 1),
    done AS (SELECT pg_notify(${EVENTS_CHANNEL}, ${eventPayload(r.done.topic, r.done.event)}))
    SELECT (SELECT count(*) FROM offered) + (SELECT count(*) FROM calls) + (SELECT count(*) FROM understood)
         + (SELECT count(*) FROM remembered) + (SELECT count(*) FROM signalled) + (SELECT count(*) FROM done)`;
  return message.id;
}
