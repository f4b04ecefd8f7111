import type { PrismaClient } from '../../db/prisma';
import type { MessageView } from './chat.types';
import { memberColumns, memberOf, messageColumns, type Row } from './chat-sql';

/** Messages read per statement when replaying or catching up. */
export const FEED_BATCH = 100;

// In-flight reads per database client: when one message fans out to many subscribers of the same
// conversation in this process, they all ask for "after sequence N" at once and share one query.
const inFlight = new WeakMap<PrismaClient, Map<string, Promise<readonly MessageView[]>>>();

/**
 * Up to `limit` messages of a conversation after `afterSequence`, in order, each with its sender
 * (member, display name, internal flag) so subscribers resolve `sender` without a query of their
 * own. Concurrent identical reads share one statement; the rows are shared too: do not mutate them.
 */
export function messagesAfter(
  prisma: PrismaClient,
  conversationId: string,
  afterSequence: number,
  limit = FEED_BATCH,
): Promise<readonly MessageView[]> {
  const reads = inFlight.get(prisma) ?? new Map<string, Promise<readonly MessageView[]>>();
  inFlight.set(prisma, reads);
  const key = `${conversationId}:${afterSequence}:${limit}`;
  const shared = reads.get(key);
  if (shared) return shared;
  const read = prisma.$queryRaw<Row[]>`
    SELECT ${messageColumns('msg')}, ${memberColumns('m', 'cu')}
    FROM messages msg
    LEFT JOIN conversation_members m ON m.id = msg.member_id
    LEFT JOIN customers cu ON cu.id = m.customer_id
    WHERE msg.conversation_id = ${conversationId}::uuid AND msg.sequence > ${afterSequence}::int
    ORDER BY msg.sequence LIMIT ${limit}::int`
    .then((rows) =>
      rows.map((r): MessageView => {
        const message = Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('m_')));
        return { ...(message as unknown as MessageView), sender: r.m_id == null ? null : memberOf(r) };
      }),
    )
    .finally(() => reads.delete(key));
  reads.set(key, read);
  return read;
}
