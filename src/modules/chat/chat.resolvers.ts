import type { Resolvers } from '../../generated/graphql';
import { toGlobalId } from '../../graphql/global-id';
import type { ConversationView, MemberView, MessageView } from './chat.types';
import { isInternalMember } from './chat.types';
import { chatLoaders, loadConversation } from './chat.loaders';
import {
  archiveConversation,
  deleteConversation,
  endSession,
  getConversation,
  listConversations,
  markRead,
  startConversation,
  updateConversation,
} from './conversation.service';
import { addMember, leaveConversation, listMembers } from './members.service';
import { listMessages, sendMessage } from './message.service';
import { listSessions } from './sessions.service';
import { subscribeConversationUpdates, subscribeMessages } from './subscriptions.service';

const upper = <S extends string>(s: S) => s.toUpperCase() as Uppercase<S>;
const displayName = (m: MemberView) =>
  m.role === 'assistant' ? 'Assistant' : (m.firstName ?? (m.customerId === null ? 'Guest' : 'Member'));
const sender = (m: MessageView, ctx: Parameters<typeof chatLoaders>[0]) =>
  m.sender !== undefined
    ? m.sender
    : m.memberId === null
      ? null
      : chatLoaders(ctx).memberById.load(m.memberId);

export const chatResolvers: Resolvers = {
  Query: {
    conversation: (_p, args, ctx) => getConversation(ctx, args.id, args.guestToken),
    conversations: (_p, args, ctx) => listConversations(ctx, args),
  },
  Mutation: {
    conversationStart: (_p, { input }, ctx) => startConversation(ctx, input),
    messageSend: (_p, { input }, ctx) => sendMessage(ctx, input),
    conversationMarkRead: (_p, { input }, ctx) => markRead(ctx, input),
    conversationUpdate: (_p, { input }, ctx) => updateConversation(ctx, input),
    conversationArchive: (_p, args, ctx) => archiveConversation(ctx, args.id, args.guestToken),
    conversationDelete: (_p, args, ctx) => deleteConversation(ctx, args.id, args.guestToken),
    conversationSessionEnd: (_p, args, ctx) => endSession(ctx, args.id, args.guestToken),
    conversationMemberAdd: (_p, { input }, ctx) => addMember(ctx, input),
    conversationLeave: (_p, args, ctx) => leaveConversation(ctx, args.id),
  },
  Subscription: {
    messageAdded: {
      subscribe: (_p, args, ctx) => subscribeMessages(ctx, args),
      resolve: (m: MessageView) => m,
    },
    conversationUpdated: {
      subscribe: (_p, args, ctx) => subscribeConversationUpdates(ctx, args),
      resolve: (c: ConversationView) => c,
    },
  },
  Conversation: {
    id: (c) => toGlobalId('Conversation', c.id),
    status: (c) => upper(c.status),
    channel: (c) => upper(c.channel),
    viewerMembership: (c) => ({ ...c.viewerMember, isViewer: true }),
    unreadCount: (c) => c.viewerMember.unreadCount,
    lastReadSequence: (c) => c.viewerMember.lastReadSequence,
    members: (c, args, ctx) => listMembers(ctx, c, args),
    messages: (c, args, ctx) => listMessages(ctx, c, args),
    sessions: (c, args, ctx) => listSessions(ctx, c.id, args),
    activeSession: (c, _a, ctx) => chatLoaders(ctx).activeSession.load(c.id),
  },
  ConversationMember: {
    id: (m) => toGlobalId('ConversationMember', m.id),
    role: (m) => upper(m.role),
    displayName: (m) => displayName(m),
    isInternal: (m) => isInternalMember(m),
    isViewer: (m, _a, ctx) =>
      m.isViewer ?? (m.customerId !== null && m.customerId === ctx.viewer?.customerId),
  },
  Message: {
    id: (m) => toGlobalId('Message', m.id),
    role: (m) => upper(m.role),
    status: (m) => upper(m.status),
    sender: (m, _a, ctx) => sender(m, ctx),
    conversation: async (m, _a, ctx) => (await loadConversation(ctx, m.conversationId, m.guestToken))!,
    suggestedProducts: (m, _a, ctx) => chatLoaders(ctx).suggestedProducts.load(m.id),
  },
  ChatSession: {
    id: (s) => toGlobalId('ChatSession', s.id),
    status: (s) => upper(s.status),
    endedReason: (s) => (s.endedReason ? upper(s.endedReason) : null),
  },
  ConversationDeletePayload: {
    deletedConversationId: (p) => p.deletedConversationId,
  },
};
