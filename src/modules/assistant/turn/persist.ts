/**
 * Everything a finished turn writes, in the caller's transaction: the reply through the common
 * message path (so messageAdded replays it), the grounding ledger (message_products with the
 * price and stock quoted), the tool calls (chat_activities), the purchase signal, the
 * conversation's memory of the last results, and the close of the `assistantTokens` stream.
 */
import type { Db } from '../../../db/prisma';
import { appendAssistantMessage } from '../../chat/message-store';
import type { QuotedProduct, ToolActivity, ConversationMemory } from '../tools/tool-types';
import type { Understanding } from '../understanding/understand';
import { purchaseSignal } from './purchase-signal';

export interface ReplyRecord {
  requestId: string;
  replyMessageId: number;
  conversationId: string;
  customerId: number | null;
  content: string;
  status: 'complete' | 'failed';
  products: QuotedProduct[];
  activities: ToolActivity[];
}

/** Stores the assistant's message and what it offered; returns the stored message id. */
export async function storeReply(tx: Db, r: ReplyRecord): Promise<number> {
  const { message } = await appendAssistantMessage(tx, {
    id: r.replyMessageId,
    conversationId: r.conversationId,
    content: r.content,
    status: r.status,
    llmRequestId: r.requestId,
  });
  const offered = r.products.slice(0, 10);
  if (offered.length > 0) {
    await tx.$executeRaw`
      INSERT INTO message_products (message_id, product_id, position, reason, quoted_price, quoted_currency, quoted_stock, variant_id)
      SELECT ${message.id}::int, p.product_id, p.position, p.reason, p.price, p.currency, p.stock, p.variant_id
      FROM jsonb_to_recordset(${JSON.stringify(
        offered.map((p, position) => ({
          product_id: p.productId,
          position,
          reason: p.reason,
          price: p.price,
          currency: p.currency,
          stock: Math.max(0, p.stock),
          variant_id: p.variantId,
        })),
      )}::jsonb) AS p(product_id int, position int, reason text, price numeric, currency text, stock int, variant_id int)
      ON CONFLICT (message_id, product_id) DO NOTHING`;
  }
  await recordActivities(tx, r.conversationId, r.requestId, message.id, r.activities);
  return message.id;
}

/** chat_activities rows, in call order. */
export async function recordActivities(
  tx: Db,
  conversationId: string,
  requestId: string,
  messageId: number | null,
  activities: ToolActivity[],
): Promise<void> {
  if (activities.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO chat_activities (conversation_id, message_id, llm_request_id, tool, arguments, result_summary, duration_ms, status, error)
    SELECT ${conversationId}::uuid, ${messageId}::int, ${requestId}::uuid, a.tool, coalesce(a.arguments, '{}'::jsonb),
           a.result_summary, a.duration_ms, a.status::chat_activity_status, a.error
    FROM jsonb_to_recordset(${JSON.stringify(
      activities.map((a, n) => ({
        n,
        tool: a.tool,
        arguments:
          typeof a.arguments === 'object' && a.arguments !== null ? a.arguments : { value: a.arguments },
        result_summary: a.resultSummary,
        duration_ms: a.durationMs,
        status: a.status,
        error: a.error,
      })),
    )}::jsonb) AS a(n int, tool text, arguments jsonb, result_summary text, duration_ms int, status text, error text)
    ORDER BY a.n`;
}

/** The understanding on the shopper's message, the purchase signal, and the conversation's memory. */
export async function recordUnderstanding(
  tx: Db,
  t: {
    conversationId: string;
    customerId: number | null;
    userMessageId: number;
    userText: string;
    understanding: Understanding;
    productId: number | null;
    memory: ConversationMemory | null;
  },
): Promise<void> {
  const u = t.understanding;
  await tx.$executeRaw`
    UPDATE messages SET intent = ${u.intent}, entities = ${JSON.stringify(u.entities)}::jsonb, updated_at = now()
    WHERE id = ${t.userMessageId}::int`;
  await tx.$executeRaw`
    UPDATE conversations SET detected_intent = ${u.intent},
      context = CASE WHEN ${t.memory == null} THEN context
                     ELSE jsonb_set(context, '{assistant}', ${JSON.stringify(t.memory ?? {})}::jsonb) END
    WHERE id = ${t.conversationId}::uuid`;
  const signal = purchaseSignal(u, t.userText);
  if (signal) {
    await tx.$executeRaw`
      INSERT INTO purchase_intents (conversation_id, message_id, customer_id, product_id, signal_type, confidence, details)
      VALUES (${t.conversationId}::uuid, ${t.userMessageId}::int, ${t.customerId}::int, ${t.productId}::int,
              ${signal.type}::purchase_signal_type, ${signal.confidence}::smallint,
              ${JSON.stringify({ intent: u.intent, entities: u.entities })}::jsonb)`;
  }
}
