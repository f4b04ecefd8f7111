import { Prisma } from '../../generated/prisma/client';
import type { ConversationMember } from '../../generated/prisma/client';
import type { Conversation, ConversationView, MemberView, Message } from './chat.types';

/** Model field → column, so raw statements return rows shaped like the Prisma models. */
const CONVERSATION: Record<keyof Conversation, string> = {
  id: 'id',
  customerId: 'customer_id',
  guestTokenHash: 'guest_token_hash',
  channel: 'channel',
  externalThreadId: 'external_thread_id',
  title: 'title',
  status: 'status',
  detectedIntent: 'detected_intent',
  context: 'context',
  chatModeId: 'chat_mode_id',
  messageCount: 'message_count',
  promptTokens: 'prompt_tokens',
  completionTokens: 'completion_tokens',
  totalTokens: 'total_tokens',
  totalCost: 'total_cost',
  lastMessageAt: 'last_message_at',
  lastSequence: 'last_sequence',
  guestIp: 'guest_ip',
  deletedAt: 'deleted_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const MEMBER: Record<keyof ConversationMember, string> = {
  id: 'id',
  conversationId: 'conversation_id',
  customerId: 'customer_id',
  role: 'role',
  lastReadSequence: 'last_read_sequence',
  unreadCount: 'unread_count',
  joinedAt: 'joined_at',
  leftAt: 'left_at',
  updatedAt: 'updated_at',
};

const MESSAGE: Record<keyof Message, string> = {
  id: 'id',
  conversationId: 'conversation_id',
  role: 'role',
  content: 'content',
  sequence: 'sequence',
  clientMessageId: 'client_message_id',
  intent: 'intent',
  entities: 'entities',
  status: 'status',
  llmRequestId: 'llm_request_id',
  memberId: 'member_id',
  customerId: 'customer_id',
  contentPurgedAt: 'content_purged_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** Enum and inet columns are read as text so rows match the Prisma model types. */
const AS_TEXT = new Set(['channel', 'status', 'role', 'guest_ip']);

function columns(map: Record<string, string>, alias: string, prefix: string): Prisma.Sql {
  return Prisma.raw(
    Object.entries(map)
      .map(([field, col]) => `${alias}.${col}${AS_TEXT.has(col) ? '::text' : ''} AS "${prefix}${field}"`)
      .join(', '),
  );
}

function pick<T>(row: Record<string, unknown>, map: Record<string, string>, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(map)) out[field] = row[prefix + field];
  return out as T;
}

/** `c.id AS "c_id", …` for a conversations alias. */
export const conversationColumns = (alias = 'c') => columns(CONVERSATION, alias, 'c_');
/** Member columns plus the account's first name and internal flag (needs `cu` joined to customers). */
export const memberColumns = (alias = 'm', customerAlias = 'cu') =>
  Prisma.sql`${columns(MEMBER, alias, 'm_')}, ${Prisma.raw(customerAlias)}.first_name AS "m_firstName",
    coalesce(${Prisma.raw(customerAlias)}.is_internal, false) AS "m_accountInternal"`;
/** Message columns with their model field names. */
export const messageColumns = (alias = 'msg') => columns(MESSAGE, alias, '');

export type Row = Record<string, unknown>;

export const conversationOf = (row: Row): Conversation => pick(row, CONVERSATION, 'c_');
export const memberOf = (row: Row): MemberView => ({
  ...pick<ConversationMember>(row, MEMBER, 'm_'),
  firstName: (row.m_firstName as string | null) ?? null,
  accountInternal: row.m_accountInternal === true,
});
export const conversationViewOf = (row: Row): ConversationView => ({
  ...conversationOf(row),
  viewerMember: memberOf(row),
});
