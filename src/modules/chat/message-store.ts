import { type Prisma } from '../../generated/prisma/client';
import type { MessageRole, MessageStatus } from '../../generated/prisma/client';
import type { Db, PrismaClient } from '../../db/prisma';
import type { Conversation, ConversationMember, Message } from './chat.types';
import { messageColumns, type Row } from './chat-sql';
import { publishConversationEvent } from './chat-events';

/** What {@link appendMessage} stores. */
export interface AppendMessageInput {
  conversationId: string;
  role: MessageRole;
  /** Already validated and normalised text. */
  content: string;
  /** The member who writes it; null for system messages. */
  sender: Pick<ConversationMember, 'id' | 'customerId'> | null;
  clientMessageId?: string | null;
  /** @default 'complete' */
  status?: MessageStatus;
  /** The LLM request that produced an assistant message. */
  llmRequestId?: string | null;
  /** Intent detected for a user message (e.g. `product_search`). */
  intent?: string | null;
  /** Entities extracted from a user message. */
  entities?: Prisma.InputJsonValue | null;
  /**
   * An id reserved beforehand with {@link reserveMessageId}: the assistant streams tokens under
   * the id its reply will be stored with. Default: the next id.
   */
  id?: number | null;
}

/** The stored message and the conversation counters after it. */
export interface AppendedMessage {
  message: Message;
  conversation: Pick<Conversation, 'lastSequence' | 'messageCount' | 'lastMessageAt' | 'updatedAt'>;
}

/**
 * THE way a message is stored — the shopper's, an agent's, a partner channel's, the assistant's or
 * a system notice — so every message gets the same guarantees. In the caller's transaction, one
 * statement:
 * - takes the next sequence number from `conversations.last_sequence` under the conversation row's
 *   lock: concurrent senders queue on the lock, so sequences are gapless and commit in order;
 * - inserts the message and bumps message_count / last_message_at;
 * - adds one to every other member's unread count (the assistant has none) and moves the sender's
 *   read mark to the new message;
 * - extends the conversation's active chat session, or starts one;
 * then publishes the `message` event (ids only), delivered to every API process on commit.
 * Throws when the conversation does not exist or was deleted.
 */
export async function appendMessage(tx: Db, input: AppendMessageInput): Promise<AppendedMessage> {
  const senderId = input.sender?.id ?? null;
  const rows = await tx.$queryRaw<Row[]>`
    WITH c AS (
      UPDATE conversations SET last_sequence = last_sequence + 1, message_count = message_count + 1,
        last_message_at = clock_timestamp(), updated_at = clock_timestamp()
      WHERE id = ${input.conversationId}::uuid AND deleted_at IS NULL
      RETURNING id, last_sequence, message_count, last_message_at, updated_at
    ), msg AS (
      INSERT INTO messages (id, conversation_id, role, content, sequence, client_message_id, status,
        llm_request_id, intent, entities, member_id, customer_id, created_at, updated_at)
      SELECT coalesce(${input.id ?? null}::int, nextval(pg_get_serial_sequence('messages', 'id'))::int), c.id, ${input.role}::message_role, ${input.content}, c.last_sequence, ${input.clientMessageId ?? null},
        ${input.status ?? 'complete'}::message_status, ${input.llmRequestId ?? null}::uuid, ${input.intent ?? null},
        ${input.entities == null ? null : JSON.stringify(input.entities)}::jsonb, ${senderId}::int,
        ${input.sender?.customerId ?? null}::int, c.last_message_at, c.last_message_at
      FROM c
      RETURNING *
    ), members AS (
      UPDATE conversation_members m SET
        unread_count = CASE WHEN m.id = ${senderId}::int THEN 0 ELSE m.unread_count + 1 END,
        last_read_sequence = CASE WHEN m.id = ${senderId}::int THEN c.last_sequence ELSE m.last_read_sequence END,
        updated_at = c.updated_at
      FROM c
      WHERE m.conversation_id = c.id AND m.left_at IS NULL AND (m.role <> 'assistant' OR m.id = ${senderId}::int)
      RETURNING m.customer_id
    ), touched AS (
      UPDATE chat_sessions s SET last_activity_at = c.last_message_at, last_sequence = c.last_sequence,
        message_count = s.message_count + 1
      FROM c WHERE s.conversation_id = c.id AND s.status = 'active'
      RETURNING s.id
    ), started AS (
      INSERT INTO chat_sessions (conversation_id, started_at, last_activity_at, first_sequence, last_sequence, message_count)
      SELECT c.id, c.last_message_at, c.last_message_at, c.last_sequence, c.last_sequence, 1
      FROM c WHERE NOT EXISTS (SELECT 1 FROM touched)
      RETURNING id
    )
    SELECT ${messageColumns('msg')},
      c.last_sequence AS "c_lastSequence", c.message_count AS "c_messageCount",
      c.last_message_at AS "c_lastMessageAt", c.updated_at AS "c_updatedAt",
      (SELECT coalesce(array_agg(customer_id), '{}') FROM members WHERE customer_id IS NOT NULL) AS "memberCustomers"
    FROM msg, c`;
  const row = rows[0];
  if (!row) throw new Error(`conversation ${input.conversationId} does not exist or was deleted`);
  const { c_lastSequence, c_messageCount, c_lastMessageAt, c_updatedAt, memberCustomers, ...m } = row;
  const message = m as unknown as Message;
  await publishConversationEvent(
    tx,
    input.conversationId,
    { kind: 'message', sequence: message.sequence, messageId: message.id },
    memberCustomers as number[],
  );
  return {
    message,
    conversation: {
      lastSequence: c_lastSequence as number,
      messageCount: c_messageCount as number,
      lastMessageAt: c_lastMessageAt as Date,
      updatedAt: c_updatedAt as Date,
    },
  };
}

/**
 * The assistant's member row in a conversation, created on first use (one per conversation).
 * @example const me = await assistantMember(tx, conversationId);
 */
export async function assistantMember(
  tx: Db,
  conversationId: string,
): Promise<Pick<ConversationMember, 'id' | 'customerId'>> {
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO conversation_members (conversation_id, role) VALUES (${conversationId}::uuid, 'assistant')
    ON CONFLICT (conversation_id) WHERE role = 'assistant' DO UPDATE SET left_at = NULL, updated_at = now()
    RETURNING id`;
  return { id: row!.id, customerId: null };
}

/** Takes the id a message will be stored with (see `AppendMessageInput.id`). */
export async function reserveMessageId(db: Db): Promise<number> {
  const rows = await db.$queryRaw<
    { id: number }[]
  >`SELECT nextval(pg_get_serial_sequence('messages', 'id'))::int AS id`;
  return rows[0]!.id;
}

/**
 * Stores an assistant reply through {@link appendMessage} (sequence, counters, unread counts,
 * session, publish), as the conversation's assistant member. Pass a transaction to make it part
 * of a larger unit (the reply with its llm_responses row), or the client to run it alone.
 * @example
 * await appendAssistantMessage(prisma, { conversationId, content: 'Here are three boots…', llmRequestId });
 */
export async function appendAssistantMessage(
  db: Db,
  input: Omit<AppendMessageInput, 'sender' | 'role'> & { role?: 'assistant' | 'tool' | 'system' },
): Promise<AppendedMessage> {
  const run = async (tx: Db) =>
    appendMessage(tx, {
      ...input,
      role: input.role ?? 'assistant',
      sender: input.role === 'system' ? null : await assistantMember(tx, input.conversationId),
    });
  // A transaction client has `$transaction` too (nested transactions = savepoints): only the root
  // client has `$connect`. Inside the caller's transaction the append runs as it is, no savepoint.
  return '$connect' in db ? (db as PrismaClient).$transaction(run) : run(db);
}
