import type { Resolvers } from '../../generated/graphql';
import { trackEvents } from './track.service';

export const analyticsResolvers: Resolvers = {
  Mutation: {
    trackEvents: (_p, args, ctx) => trackEvents(ctx, args),
  },
};
