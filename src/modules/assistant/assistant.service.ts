/**
 * The assistant's GraphQL surface: chat modes, switching a conversation's mode, the
 * `assistantTokens` stream, and the understanding / grounding ledger on messages.
 */
import { forbidden, notFound, userError } from '../../graphql/errors';
import { toGlobalId } from '../../graphql/global-id';
import { keyedLoader, groupedLoader } from '../../graphql/loader-utils';
import type { GraphQLContext } from '../../server/context';
import { eventStream, withFreshLoaders } from '../../server/event-stream';
import { publishConversationEvent, memberCustomerIds } from '../chat/chat-events';
import { conversationUuid, findAccess, requireAccess } from '../chat/chat-access';
import type { ConversationResult } from '../chat/conversation.service';
import type { ChatMode } from './turn/modes.service';
import { assistantTopic, type TokenEvent } from './turn/token-stream';

export interface AssistantTokenRecord {
  messageId: string;
  index: number;
  text: string;
  done: boolean;
}

export interface ProductQuoteRecord {
  messageId: number;
  productId: number;
  variantId: number | null;
  price: string;
  currency: string;
  stock: number;
  position: number;
}

export const listChatModes = (ctx: GraphQLContext): Promise<ChatMode[]> =>
  ctx.prisma.chatMode.findMany({
    where: { isActive: true },
    orderBy: [{ isDefault: 'desc' }, { priority: 'desc' }, { slug: 'asc' }],
  });

/**
 * conversationSetMode: the owner or an agent picks the conversation's chat mode (the next turns
 * use it), or `null` for automatic selection. A guest needs its token.
 */
export async function setConversationMode(
  ctx: GraphQLContext,
  input: { conversationId: string; mode?: string | null; guestToken?: string | null },
): Promise<ConversationResult> {
  return ctx.prisma.$transaction(async (tx) => {
    const access = await requireAccess(
      tx,
      { viewer: ctx.viewer, guestToken: input.guestToken },
      input.conversationId,
      { lock: 'update' },
    );
    if (access.member.role !== 'owner' && access.member.role !== 'agent')
      throw forbidden('Only the owner or an agent can do this');
    let modeId: number | null = null;
    if (input.mode != null) {
      const mode = await tx.chatMode.findFirst({ where: { slug: input.mode, isActive: true } });
      if (!mode)
        return {
          conversation: null,
          userErrors: [userError('NOT_FOUND', 'No such chat mode', ['input', 'mode'])],
        };
      modeId = mode.id;
    }
    const c = await tx.conversation.update({
      where: { id: access.conversation.id },
      data: { chatModeId: modeId },
    });
    await publishConversationEvent(tx, c.id, { kind: 'updated' }, await memberCustomerIds(tx, c.id));
    return {
      conversation: { ...c, viewerMember: access.member, guestToken: input.guestToken },
      userErrors: [],
    };
  });
}

/**
 * assistantTokens: the reply tokens of a conversation the caller may read, live (not replayed).
 * Each pub/sub event carries a few consecutive tokens; they are handed out one by one, in order.
 */
export async function subscribeAssistantTokens(
  ctx: GraphQLContext,
  args: { conversationId: string; guestToken?: string | null },
): Promise<AsyncIterableIterator<AssistantTokenRecord>> {
  const id = conversationUuid(args.conversationId);
  if (!id || !(await findAccess(ctx.prisma, { viewer: ctx.viewer, guestToken: args.guestToken }, id)))
    throw notFound('Conversation');
  const stream = eventStream<TokenEvent, AssistantTokenRecord>(
    ctx.pubsub,
    assistantTopic(id),
    async function* (events) {
      for (let e = await events.next(); e !== null; e = await events.next()) {
        if (typeof e !== 'object') continue; // missed events: tokens are not replayed (the message is stored)
        const messageId = toGlobalId('Message', e.m);
        for (const t of e.t) yield { messageId, index: t.i, text: t.x, done: !!e.d };
      }
    },
  );
  return withFreshLoaders(ctx, stream);
}

const loaders = new WeakMap<object, ReturnType<typeof createAssistantLoaders>>();
function createAssistantLoaders(ctx: GraphQLContext) {
  return {
    quotesByMessage: groupedLoader(
      (ids: readonly number[]) =>
        ctx.prisma.$queryRaw<ProductQuoteRecord[]>`
          SELECT mp.message_id AS "messageId", mp.product_id AS "productId", mp.variant_id AS "variantId",
                 mp.quoted_price::text AS price, mp.quoted_currency AS currency, mp.quoted_stock AS stock, mp.position + 1 AS position
          FROM message_products mp JOIN products p ON p.id = mp.product_id AND p.status = 'active'
          WHERE mp.message_id = ANY(${[...ids]}::int[]) AND mp.quoted_price IS NOT NULL
          ORDER BY mp.message_id, mp.position`,
      (q) => q.messageId,
    ),
    modeById: keyedLoader(
      (ids: readonly number[]) => ctx.prisma.chatMode.findMany({ where: { id: { in: [...ids] } } }),
      (m) => m.id,
    ),
  };
}

export function assistantLoaders(ctx: GraphQLContext) {
  let l = loaders.get(ctx.loaders);
  if (!l) loaders.set(ctx.loaders, (l = createAssistantLoaders(ctx)));
  return l;
}
