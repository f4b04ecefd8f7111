import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';
import { chatLoaders, loadConversation } from './chat.loaders';

const intId = (s: string) => (/^\d{1,10}$/.test(s) && Number(s) <= 2_147_483_647 ? Number(s) : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An object of a conversation, if the viewer is a member of that conversation. */
async function inReadableConversation<T extends { conversationId: string }>(
  ctx: GraphQLContext,
  row: T | null,
) {
  return row && (await loadConversation(ctx, row.conversationId)) ? row : null;
}

/**
 * `node(id:)` for chat objects: members of the conversation only (guests use `conversation(id,
 * guestToken)`); anyone else gets null, exactly as for an id that does not exist.
 */
export const chatNodes: Record<string, NodeFetcher> = {
  async Conversation(ctx, id) {
    return UUID.test(id) ? loadConversation(ctx, id.toLowerCase()) : null;
  },
  async Message(ctx, id) {
    const n = intId(id);
    return inReadableConversation(ctx, n === null ? null : await chatLoaders(ctx).messageById.load(n));
  },
  async ConversationMember(ctx, id) {
    const n = intId(id);
    const m = n === null ? null : await chatLoaders(ctx).memberById.load(n);
    return inReadableConversation(ctx, m && !m.leftAt ? m : null);
  },
  async ChatSession(ctx, id) {
    const n = intId(id);
    return inReadableConversation(
      ctx,
      n === null ? null : await ctx.prisma.chatSession.findUnique({ where: { id: n } }),
    );
  },
};
