import { Prisma } from '../../generated/prisma/client';
import type { ChatSessionEndReason } from '../../generated/prisma/client';
import type { Db, PrismaClient } from '../../db/prisma';
import { keysetConnection, type Connection, type PageArgs } from '../../graphql/connection';
import type { GraphQLContext } from '../../server/context';
import type { ChatSession } from './chat.types';
import { publishMany } from '../../server/pubsub';
import { conversationEvents, memberCustomers } from './chat-events';

/**
 * Ends the conversation's active chat session, if there is one, now and for `reason`.
 * Returns whether a session ended.
 */
export async function endActiveSession(tx: Db, conversationId: string, reason: ChatSessionEndReason) {
  const n = await tx.$executeRaw`
    UPDATE chat_sessions SET status = 'ended', ended_at = greatest(now(), started_at),
      ended_reason = ${reason}::chat_session_end_reason
    WHERE conversation_id = ${conversationId}::uuid AND status = 'active'`;
  return n > 0;
}

/** Conversation.sessions: newest first. */
export function listSessions(
  ctx: GraphQLContext,
  conversationId: string,
  args: PageArgs,
): Promise<Connection<ChatSession>> {
  return keysetConnection({
    args,
    keys: [{ expr: Prisma.sql`id`, direction: 'DESC', cast: 'int' }],
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: (q) => ctx.prisma.$queryRaw<ChatSession[]>`
      SELECT id, conversation_id AS "conversationId", status::text AS status, started_at AS "startedAt",
        last_activity_at AS "lastActivityAt", ended_at AS "endedAt", ended_reason::text AS "endedReason",
        first_sequence AS "firstSequence", last_sequence AS "lastSequence", message_count AS "messageCount",
        ${q.keyColumns}
      FROM chat_sessions WHERE conversation_id = ${conversationId}::uuid ${q.after}
      ORDER BY ${q.orderBy} LIMIT ${q.limit}`,
    totalCount: () => ctx.prisma.chatSession.count({ where: { conversationId } }),
  });
}

/** Sessions ended per statement of the inactivity job (it loops until none is left). */
const EXPIRE_BATCH = 500;

/**
 * The inactivity job (`chat.sessions.expire`, every minute): every active session without a
 * message for `idleMinutes` ends at its last activity — `abandoned` when the last message was the
 * shopper's and nobody answered, `ended` otherwise — and its conversation's members hear of it.
 * A message racing with the job either extends the session first or starts a new one after.
 */
export async function expireIdleSessions(
  prisma: PrismaClient,
  idleMinutes: number,
): Promise<{ ended: number; abandoned: number }> {
  const totals = { ended: 0, abandoned: 0 };
  for (;;) {
    const rows = await prisma.$transaction(async (tx) => {
      const expired = await tx.$queryRaw<{ conversation_id: string; status: 'ended' | 'abandoned' }[]>`
        WITH idle AS (
          SELECT s.id, CASE WHEN last.role = 'user' THEN 'abandoned' ELSE 'ended' END AS status
          FROM chat_sessions s
          LEFT JOIN messages last ON last.conversation_id = s.conversation_id AND last.sequence = s.last_sequence
          WHERE s.status = 'active' AND s.last_activity_at < now() - make_interval(mins => ${idleMinutes}::int)
          ORDER BY s.last_activity_at LIMIT ${EXPIRE_BATCH}
          FOR UPDATE OF s SKIP LOCKED
        )
        UPDATE chat_sessions s SET status = idle.status::chat_session_status, ended_at = s.last_activity_at,
          ended_reason = 'inactivity'
        FROM idle WHERE s.id = idle.id
        RETURNING s.conversation_id, idle.status`;
      if (expired.length > 0) {
        const customers = await memberCustomers(
          tx,
          expired.map((r) => r.conversation_id),
        );
        await publishMany(
          tx,
          expired.flatMap((r) =>
            conversationEvents(
              r.conversation_id,
              { kind: 'updated' },
              customers.get(r.conversation_id) ?? [],
            ),
          ),
        );
      }
      return expired;
    });
    for (const r of rows) totals[r.status]++;
    if (rows.length < EXPIRE_BATCH) return totals;
  }
}
