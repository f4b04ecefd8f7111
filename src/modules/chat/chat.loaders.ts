import DataLoader from 'dataloader';
import type { Product } from '../../generated/prisma/client';
import { keyedLoader } from '../../graphql/loader-utils';
import type { GraphQLContext } from '../../server/context';
import type { ChatSession, ConversationView, MemberView, Message } from './chat.types';
import { findAccess } from './chat-access';
import { conversationColumns, conversationViewOf, memberColumns, memberOf, type Row } from './chat-sql';

function createChatLoaders(ctx: GraphQLContext) {
  const { prisma } = ctx;
  return {
    memberById: keyedLoader(
      (ids: readonly number[]) =>
        prisma.$queryRaw<Row[]>`
          SELECT ${memberColumns()} FROM conversation_members m LEFT JOIN customers cu ON cu.id = m.customer_id
          WHERE m.id = ANY(${[...ids]}::int[])`.then((rows) => rows.map(memberOf)),
      (m: MemberView) => m.id,
    ),
    messageById: keyedLoader(
      (ids: readonly number[]) => prisma.message.findMany({ where: { id: { in: [...ids] } } }),
      (m: Message) => m.id,
    ),
    /**
     * Conversations as the caller sees them, keyed by `<uuid>` (the viewer's memberships, batched)
     * or `<uuid> <guest token>` (one lookup each); null when not readable.
     */
    conversation: new DataLoader<string, ConversationView | null>(
      async (keys) => {
        const plain = keys.filter((k) => !k.includes(' '));
        const byId = new Map<string, ConversationView>();
        if (plain.length > 0 && ctx.viewer) {
          const rows = await prisma.$queryRaw<Row[]>`
            SELECT ${conversationColumns()}, ${memberColumns()}
            FROM conversations c
            JOIN conversation_members m ON m.conversation_id = c.id AND m.left_at IS NULL
              AND m.customer_id = ${ctx.viewer.customerId}::int
            LEFT JOIN customers cu ON cu.id = m.customer_id
            WHERE c.id = ANY(${plain}::uuid[]) AND c.deleted_at IS NULL`;
          for (const r of rows.map(conversationViewOf)) byId.set(r.id, r);
        }
        return Promise.all(
          keys.map(async (k) => {
            if (!k.includes(' ')) return byId.get(k) ?? null;
            const [id, guestToken] = k.split(' ') as [string, string];
            const access = await findAccess(prisma, { viewer: ctx.viewer, guestToken }, id);
            return access ? { ...access.conversation, viewerMember: access.member, guestToken } : null;
          }),
        );
      },
      { maxBatchSize: 100 },
    ),
    /** The active chat session of each conversation. */
    activeSession: keyedLoader(
      (ids: readonly string[]) =>
        prisma.chatSession.findMany({ where: { conversationId: { in: [...ids] }, status: 'active' } }),
      (s: ChatSession) => s.conversationId,
    ),
    /** Products the assistant suggested in each message, best first (active products only). */
    suggestedProducts: new DataLoader<number, Product[]>(async (ids) => {
      const rows = await prisma.messageProduct.findMany({
        where: { messageId: { in: [...ids] }, product: { status: 'active' } },
        include: { product: true },
        orderBy: [{ messageId: 'asc' }, { position: 'asc' }],
      });
      return ids.map((id) => rows.filter((r) => r.messageId === id).map((r) => r.product));
    }),
  };
}

export type ChatLoaders = ReturnType<typeof createChatLoaders>;

// Keyed by the request's loaders object, so a subscription that swaps in fresh loaders per event
// (see freshLoaders) gets fresh chat loaders too, and they need the viewer, which the shared
// createLoaders does not receive.
const cache = new WeakMap<object, ChatLoaders>();

/** The chat loaders of this request (or of this subscription event). */
export function chatLoaders(ctx: GraphQLContext): ChatLoaders {
  let loaders = cache.get(ctx.loaders);
  if (!loaders) cache.set(ctx.loaders, (loaders = createChatLoaders(ctx)));
  return loaders;
}

/** The conversation a caller reached an object through, as that caller sees it. */
export function loadConversation(ctx: GraphQLContext, id: string, guestToken?: string | null) {
  return chatLoaders(ctx).conversation.load(guestToken ? `${id} ${guestToken}` : id);
}
