import type { PrismaTx } from '../../db/prisma';
import type { GraphQLContext } from '../../server/context';
import type { Conversation, MemberView, Message } from './chat.types';

/** What a user-message handler is told about a message that may deserve an automatic reply. */
export interface UserMessageEvent {
  /** The stored user message (its sequence is final). */
  message: Message;
  /** The conversation as locked by messageSend, counters updated for this message. */
  conversation: Conversation;
  /** The member who wrote it: never internal, never the assistant or an agent. */
  sender: MemberView;
}

/** Reacts to a shopper's message inside messageSend's transaction. */
export type UserMessageHandler = (
  ctx: GraphQLContext,
  tx: PrismaTx,
  event: UserMessageEvent,
) => Promise<void>;

const handlers = new Set<UserMessageHandler>();

/**
 * Extension point for automatic replies (the assistant). messageSend runs every registered
 * handler inside its transaction, after the message is stored, for every NEW message with role
 * `user` whose sender is not internal (see `isInternalMember`): never for agents, the assistant,
 * internal bot or partner-bridge accounts, and never again for a retried clientMessageId.
 * Whatever a handler writes (an llm_requests row, a job via `ctx.jobs.send(queue, payload, { tx })`)
 * commits or rolls back with the message; throwing rolls the message back too. A handler must not
 * store the reply itself: a worker does that later with `appendAssistantMessage` (message-store.ts).
 * Returns a function that removes the handler. With none registered, nothing happens.
 * @example
 * addUserMessageHandler(async (ctx, tx, { message }) => {
 *   await ctx.jobs.send('assistant.reply', { messageId: message.id }, { tx });
 * });
 */
export function addUserMessageHandler(handler: UserMessageHandler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

/** Runs the registered handlers in registration order (called by messageSend only). */
export async function onUserMessage(
  ctx: GraphQLContext,
  tx: PrismaTx,
  event: UserMessageEvent,
): Promise<void> {
  for (const handler of handlers) await handler(ctx, tx, event);
}
