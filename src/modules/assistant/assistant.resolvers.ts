import type { Resolvers } from '../../generated/graphql';
import { toMoney } from '../../graphql/money';
import type { Entities } from './understanding/entities';
import {
  assistantLoaders,
  listChatModes,
  setConversationMode,
  subscribeAssistantTokens,
  type AssistantTokenRecord,
} from './assistant.service';

export const assistantResolvers: Resolvers = {
  Query: {
    chatModes: (_p, _a, ctx) => listChatModes(ctx),
  },
  Mutation: {
    conversationSetMode: (_p, { input }, ctx) => setConversationMode(ctx, input),
  },
  Subscription: {
    assistantTokens: {
      subscribe: (_p, args, ctx) => subscribeAssistantTokens(ctx, args),
      resolve: (t: AssistantTokenRecord) => t,
    },
  },
  Message: {
    intent: (m) => (m.role === 'user' && m.intent ? (m.intent as never) : null),
    entities: (m) => (m.role === 'user' && m.entities ? (m.entities as unknown as Entities) : null),
    productQuotes: (m, _a, ctx) => assistantLoaders(ctx).quotesByMessage.load(m.id),
  },
  ProductQuote: {
    product: (q, _a, ctx) => ctx.loaders.catalog.productById.load(q.productId).then((p) => p!),
    variant: (q, _a, ctx) => (q.variantId == null ? null : ctx.loaders.catalog.variantById.load(q.variantId)),
    price: (q) => toMoney(q.price, q.currency),
  },
  Conversation: {
    chatMode: (c, _a, ctx) =>
      c.chatModeId == null ? null : assistantLoaders(ctx).modeById.load(c.chatModeId),
  },
};
