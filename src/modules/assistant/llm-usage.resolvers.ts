import type { Resolvers } from '../../generated/graphql';
import { llmUsage } from './llm/usage.service';

export const llmUsageResolvers: Resolvers = {
  Query: {
    llmUsage: (_p, { from, to, groupBy }, ctx) =>
      llmUsage(ctx, { from: new Date(from), to: new Date(to), groupBy }),
  },
  LlmUsageBucket: {
    customer: (b, _a, ctx) =>
      b.customerId == null ? null : ctx.loaders.customers.customerById.load(b.customerId),
  },
};
