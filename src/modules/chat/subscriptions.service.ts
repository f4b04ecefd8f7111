import { requireViewer } from '../../graphql/access';
import { badUserInput, notFound } from '../../graphql/errors';
import type { GraphQLContext } from '../../server/context';
import { eventStream, MISSED, withFreshLoaders } from '../../server/event-stream';
import type { ConversationView, MessageView } from './chat.types';
import { conversationUuid, findAccess, type ChatCaller } from './chat-access';
import {
  conversationTopic,
  customerTopic,
  type ConversationEvent,
  type CustomerConversationEvent,
} from './chat-events';
import { FEED_BATCH, messagesAfter } from './message-feed';

/**
 * messageAdded: replay-then-live without gap or duplicate at the seam.
 * 1. Subscribe to the conversation's topic first (eventStream does, before the body runs).
 * 2. Replay from the database every message after `afterSequence`, in batches.
 * 3. Then, for each `message` event, read from the database after the last sequence delivered:
 *    events for messages the replay already delivered (sequence ≤ last) cost nothing, and a
 *    message whose event was lost is still read before any later one. After a LISTEN reconnect or
 *    when this subscriber fell behind, the same read fills the gap.
 * Sequence numbers commit in order (they are allocated under the conversation row's lock), so
 * "after the last delivered" can never skip a message that commits later.
 * The stream ends when the conversation is deleted or the caller stops being able to read it.
 */
export async function subscribeMessages(
  ctx: GraphQLContext,
  args: { conversationId: string; afterSequence?: number | null; guestToken?: string | null },
): Promise<AsyncIterableIterator<MessageView>> {
  const after = args.afterSequence ?? 0;
  if (after < 0) throw badUserInput('afterSequence must not be negative', ['afterSequence']);
  const caller: ChatCaller = { viewer: ctx.viewer, guestToken: args.guestToken };
  const id = conversationUuid(args.conversationId);
  if (!id || !(await findAccess(ctx.prisma, caller, id))) throw notFound('Conversation');
  const { guestToken } = args;

  const stream = eventStream<ConversationEvent, MessageView>(
    ctx.pubsub,
    conversationTopic(id),
    async function* (events) {
      let last = after;
      async function* catchUp() {
        for (;;) {
          const rows = await messagesAfter(ctx.prisma, id!, last, FEED_BATCH);
          for (const row of rows) {
            last = row.sequence;
            yield guestToken ? { ...row, guestToken } : row;
          }
          if (rows.length < FEED_BATCH) return;
        }
      }
      yield* catchUp();
      for (let e = await events.next(); e !== null; e = await events.next()) {
        if (e === MISSED) yield* catchUp();
        else if (e.kind === 'deleted') return;
        else if (e.kind === 'members' && !(await findAccess(ctx.prisma, caller, id))) return;
        else if (e.kind === 'message' && e.sequence > last) yield* catchUp();
      }
    },
  );
  return withFreshLoaders(ctx, stream);
}

/**
 * conversationUpdated: with a conversation id, that conversation (as the caller sees it) after each
 * change that shows in it — a message, its title or status, a session, the caller's own read mark;
 * without one, every conversation of the signed-in viewer (their `customer:<id>` topic).
 */
export async function subscribeConversationUpdates(
  ctx: GraphQLContext,
  args: { conversationId?: string | null; guestToken?: string | null },
): Promise<AsyncIterableIterator<ConversationView>> {
  const caller: ChatCaller = { viewer: ctx.viewer, guestToken: args.guestToken };
  const reload = async (id: string): Promise<ConversationView | null> => {
    const access = await findAccess(ctx.prisma, caller, id);
    return access && { ...access.conversation, viewerMember: access.member, guestToken: args.guestToken };
  };

  if (args.conversationId == null) {
    const viewer = requireViewer(ctx);
    const stream = eventStream<CustomerConversationEvent, ConversationView>(
      ctx.pubsub,
      customerTopic(viewer.customerId),
      async function* (events) {
        for (let e = await events.next(); e !== null; e = await events.next()) {
          if (e === MISSED) continue; // state, not a log: the next change brings it up to date
          const view = await reload(e.conversationId);
          if (view) yield view;
        }
      },
    );
    return withFreshLoaders(ctx, stream);
  }

  const id = conversationUuid(args.conversationId);
  const access = id ? await findAccess(ctx.prisma, caller, id) : null;
  if (!id || !access) throw notFound('Conversation');
  const stream = eventStream<ConversationEvent, ConversationView>(
    ctx.pubsub,
    conversationTopic(id),
    async function* (events) {
      for (let e = await events.next(); e !== null; e = await events.next()) {
        if (e !== MISSED && e.kind === 'deleted') return;
        if (e !== MISSED && e.kind === 'read' && e.memberId !== access.member.id) continue;
        const view = await reload(id);
        if (!view) return;
        yield view;
      }
    },
  );
  return withFreshLoaders(ctx, stream);
}
