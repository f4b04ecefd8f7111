import { ownedOrNull } from '../../graphql/access';
import { localIntId } from '../../graphql/global-id';
import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';
import { getLiveSession } from './session.service';

/**
 * How `node(id:)` loads customer objects: only the owner (or an admin) sees them; anyone else gets
 * null, exactly as for an id that does not exist.
 */
export const customerNodes: Record<string, NodeFetcher> = {
  async Customer(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    const c = n === null ? null : await ctx.loaders.customers.customerById.load(n);
    return ownedOrNull(ctx, c && !c.deletedAt ? c : null, (x) => x.id);
  },
  async CustomerAddress(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    return ownedOrNull(
      ctx,
      n === null ? null : await ctx.loaders.customers.addressById.load(n),
      (a) => a.customerId,
    );
  },
  async CustomerIdentity(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    return ownedOrNull(
      ctx,
      n === null ? null : await ctx.loaders.customers.identityById.load(n),
      (i) => i.customerId,
    );
  },
  async CustomerSession(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    return ownedOrNull(ctx, n === null ? null : await getLiveSession(ctx.prisma, n), (s) => s.customerId);
  },
};
