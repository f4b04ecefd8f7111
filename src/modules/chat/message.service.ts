import { Prisma } from '../../generated/prisma/client';
import type { PrismaTx } from '../../db/prisma';
import { keysetConnection, type Connection, type PageArgs } from '../../graphql/connection';
import { forbidden, notFound, userError, type UserError } from '../../graphql/errors';
import type { GraphQLContext } from '../../server/context';
import type { ConversationView, MemberView, MessageView } from './chat.types';
import { isInternalMember } from './chat.types';
import { conversationUuid, findAccess } from './chat-access';
import { messageColumns, type Row } from './chat-sql';
import { checkClientMessageId, normalizeContent } from './content';
import { appendMessage } from './message-store';
import { onUserMessage } from './on-user-message';
import { assertMessageRate } from './rate-limit';

export interface MessageSendInput {
  conversationId: string;
  content: string;
  clientMessageId?: string | null;
  guestToken?: string | null;
}

export interface MessageSendResult {
  message: MessageView | null;
  conversation: ConversationView | null;
  userErrors: UserError[];
}

const refused = (userErrors: UserError[]): MessageSendResult => ({
  message: null,
  conversation: null,
  userErrors,
});

/** Members who post for the shop (agents) speak as `assistant`; owners and partner channels as `user`. */
function messageRoleOf(member: MemberView): 'user' | 'assistant' {
  if (member.role === 'observer' || member.role === 'assistant') throw forbidden('Observers cannot post');
  return member.role === 'agent' ? 'assistant' : 'user';
}

/**
 * messageSend: validates the text, then in one transaction locks the conversation (the caller
 * must be a member who may post, or hold the guest token), answers a retried clientMessageId with
 * the first message, applies the rate limits, stores the message through `appendMessage`, and
 * hands a shopper's message to `onUserMessage` (automatic replies) unless the sender is internal.
 */
export async function sendMessage(ctx: GraphQLContext, input: MessageSendInput): Promise<MessageSendResult> {
  const id = conversationUuid(input.conversationId);
  if (!id) throw notFound('Conversation');
  const text = normalizeContent(input.content);
  const idError = checkClientMessageId(input.clientMessageId);
  const errors = [...('error' in text ? [text.error] : []), ...(idError ? [idError] : [])];
  if (errors.length > 0 || !('content' in text)) return refused(errors);
  const caller = { viewer: ctx.viewer, guestToken: input.guestToken };

  return ctx.prisma.$transaction(
    async (tx): Promise<MessageSendResult> => {
      const access = await findAccess(tx, caller, id, { lock: 'update' });
      if (!access) throw notFound('Conversation');
      const { conversation, member } = access;
      const role = messageRoleOf(member);
      const view = (c = conversation, m = member): ConversationView => ({
        ...c,
        viewerMember: m,
        guestToken: input.guestToken,
      });
      if (conversation.status === 'archived') {
        return refused([
          userError('CONVERSATION_ARCHIVED', 'The conversation is archived', ['input', 'conversationId']),
        ]);
      }
      if (input.clientMessageId) {
        const first = await retried(tx, id, input.clientMessageId);
        if (first && first.memberId !== member.id) {
          return refused([
            userError('CLIENT_MESSAGE_ID_TAKEN', 'Another member used this clientMessageId', [
              'input',
              'clientMessageId',
            ]),
          ]);
        }
        if (first) return { message: { ...first, sender: member }, conversation: view(), userErrors: [] };
      }
      await assertMessageRate(tx, ctx.config, {
        conversationId: id,
        memberId: member.id,
        customerId: member.customerId,
      });
      const stored = await appendMessage(tx, {
        conversationId: id,
        role,
        content: text.content,
        sender: member,
        clientMessageId: input.clientMessageId ?? null,
      });
      const after = { ...conversation, ...stored.conversation };
      const sender = { ...member, lastReadSequence: stored.message.sequence, unreadCount: 0 };
      if (role === 'user' && !isInternalMember(member)) {
        await onUserMessage(ctx, tx, { message: stored.message, conversation: after, sender });
      }
      return {
        message: { ...stored.message, sender, guestToken: input.guestToken },
        conversation: view(after, sender),
        userErrors: [],
      };
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

/** The message already stored under this clientMessageId (read after taking the lock). */
async function retried(tx: PrismaTx, conversationId: string, clientMessageId: string) {
  return tx.message.findUnique({
    where: { conversationId_clientMessageId: { conversationId, clientMessageId } },
  });
}

/**
 * Conversation.messages: by sequence number, both directions (`first/after` from the start,
 * `last/before` from the end to scroll back); the cursor is the sequence itself.
 */
export function listMessages(
  ctx: GraphQLContext,
  conversation: ConversationView,
  args: PageArgs,
): Promise<Connection<MessageView>> {
  return keysetConnection({
    args,
    keys: [{ expr: Prisma.sql`msg.sequence`, direction: 'ASC', cast: 'int' }],
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: async (q) =>
      (
        await ctx.prisma.$queryRaw<Row[]>`
          SELECT ${messageColumns('msg')}, ${q.keyColumns} FROM messages msg
          WHERE msg.conversation_id = ${conversation.id}::uuid ${q.after}
          ORDER BY ${q.orderBy} LIMIT ${q.limit}`
      ).map((r) => ({ ...(r as unknown as MessageView), guestToken: conversation.guestToken })),
    totalCount: () => conversation.messageCount,
  });
}
