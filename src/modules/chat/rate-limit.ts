import { Prisma } from '../../generated/prisma/client';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import { AppError, ErrorCode } from '../../graphql/errors';

/** RATE_LIMITED with when to retry, and which limit was hit (`sender`, `conversation`, `starts`). */
export function chatRateLimited(scope: 'sender' | 'conversation' | 'starts', retryAt: Date, limit: number) {
  return new AppError(
    ErrorCode.RATE_LIMITED,
    `Too many ${scope === 'starts' ? 'conversations' : 'messages'}; slow down`,
    {
      scope,
      limit,
      retryAt: retryAt.toISOString(),
      retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000)),
    },
  );
}

/**
 * Refuses a message past the per-sender or per-conversation limit (sliding one-minute windows,
 * counted from the messages themselves, so every API process agrees). The window is full when the
 * N-th most recent message is younger than a minute; it frees up when that one turns a minute old.
 * Run it after locking the conversation row: concurrent sends to one conversation are then counted
 * exactly. A sender is its account (across conversations) or, for a guest, its membership.
 */
export async function assertMessageRate(
  tx: Db,
  config: Pick<Config, 'CHAT_RATE_SENDER_PER_MINUTE' | 'CHAT_RATE_CONVERSATION_PER_MINUTE'>,
  scope: { conversationId: string; memberId: number; customerId: number | null },
): Promise<void> {
  const perSender = config.CHAT_RATE_SENDER_PER_MINUTE;
  const perConversation = config.CHAT_RATE_CONVERSATION_PER_MINUTE;
  // Two statement texts rather than a CASE, so each always plans on its own index.
  const bySender =
    scope.customerId === null
      ? Prisma.sql`member_id = ${scope.memberId}::int`
      : Prisma.sql`customer_id = ${scope.customerId}::int`;
  const [row] = await tx.$queryRaw<[{ sender: Date | null; conversation: Date | null }]>`
    SELECT
      (SELECT created_at + interval '1 minute' FROM messages WHERE ${bySender}
       ORDER BY created_at DESC OFFSET ${perSender - 1}::int LIMIT 1) AS sender,
      (SELECT created_at + interval '1 minute' FROM messages
       WHERE conversation_id = ${scope.conversationId}::uuid AND role = 'user'
       ORDER BY sequence DESC OFFSET ${perConversation - 1}::int LIMIT 1) AS conversation`;
  const now = Date.now();
  if (row.sender && row.sender.getTime() > now) throw chatRateLimited('sender', row.sender, perSender);
  if (row.conversation && row.conversation.getTime() > now) {
    throw chatRateLimited('conversation', row.conversation, perConversation);
  }
}

/** Refuses a conversation start past CHAT_STARTS_PER_HOUR for the customer, or the guest's IP. */
export async function assertStartRate(
  db: Db,
  config: Pick<Config, 'CHAT_STARTS_PER_HOUR'>,
  who: { customerId: number | null; ip: string | null },
): Promise<void> {
  if (who.customerId === null && who.ip === null) return;
  const limit = config.CHAT_STARTS_PER_HOUR;
  const byStarter =
    who.customerId === null
      ? Prisma.sql`guest_ip = ${who.ip}::inet AND customer_id IS NULL`
      : Prisma.sql`customer_id = ${who.customerId}::int`;
  const [row] = await db.$queryRaw<[{ retry: Date | null }]>`
    SELECT created_at + interval '1 hour' AS retry FROM conversations WHERE ${byStarter}
    ORDER BY created_at DESC OFFSET ${limit - 1}::int LIMIT 1`;
  if (row?.retry && row.retry.getTime() > Date.now()) throw chatRateLimited('starts', row.retry, limit);
}
