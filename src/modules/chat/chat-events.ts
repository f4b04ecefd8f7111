import type { Db } from '../../db/prisma';
import { publishMany } from '../../server/pubsub';

/** Customer account ids of each conversation's current members (for their `customer:<id>` topics). */
export async function memberCustomers(db: Db, conversationIds: string[]): Promise<Map<string, number[]>> {
  const rows = await db.$queryRaw<{ conversation_id: string; customers: number[] }[]>`
    SELECT conversation_id, array_agg(customer_id) AS customers FROM conversation_members
    WHERE conversation_id = ANY(${conversationIds}::uuid[]) AND left_at IS NULL AND customer_id IS NOT NULL
    GROUP BY conversation_id`;
  return new Map(rows.map((r) => [r.conversation_id, r.customers]));
}

/** The same, for one conversation. */
export async function memberCustomerIds(db: Db, conversationId: string): Promise<number[]> {
  return (await memberCustomers(db, [conversationId])).get(conversationId) ?? [];
}

/**
 * Events of one conversation, on topic `conversation:<uuid>`. They carry ids and sequence numbers,
 * never contents: subscribers read what they need from the database.
 * - `message`: a message was stored (sequence numbers arrive in commit order).
 * - `read`: a member moved its read mark.
 * - `updated`: title, status or session changed.
 * - `members`: someone joined or left (streams re-check that their viewer may still read).
 * - `deleted`: the conversation was deleted (streams end).
 */
export type ConversationEvent =
  | { kind: 'message'; sequence: number; messageId: number }
  | { kind: 'read'; memberId: number }
  | { kind: 'updated' }
  | { kind: 'members' }
  | { kind: 'deleted' };

/** Events for one customer, on topic `customer:<id>`: one of their conversations changed. */
export interface CustomerConversationEvent {
  kind: 'conversation';
  conversationId: string;
}

export const conversationTopic = (id: string) => `conversation:${id}`;
export const customerTopic = (id: number) => `customer:${id}`;

/**
 * Publishes a conversation event, and tells each listed customer (members with an account) that
 * the conversation changed — all in the caller's transaction, so nobody hears of a change that
 * rolls back.
 */
export async function publishConversationEvent(
  tx: Db,
  conversationId: string,
  event: ConversationEvent,
  customerIds: (number | null)[] = [],
): Promise<void> {
  await publishMany(tx, conversationEvents(conversationId, event, customerIds));
}

/** The pub/sub events of {@link publishConversationEvent}, to publish several at once. */
export function conversationEvents(
  conversationId: string,
  event: ConversationEvent,
  customerIds: (number | null)[],
) {
  const customers = [...new Set(customerIds.filter((c): c is number => c !== null))];
  return [
    { topic: conversationTopic(conversationId), event: event as Record<string, unknown> },
    ...customers.map((c) => ({
      topic: customerTopic(c),
      event: { kind: 'conversation', conversationId } satisfies CustomerConversationEvent as Record<
        string,
        unknown
      >,
    })),
  ];
}
