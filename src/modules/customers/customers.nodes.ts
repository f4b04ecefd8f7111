import { ownedOrNull } from '../../graphql/access';
import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';
import { getLiveSession } from './session.service';

const intId = (s: string) => (/^\d{1,10}$/.test(s) && Number(s) <= 2_147_483_647 ? Number(s) : null);

/**
 * How `node(id:)` loads customer objects: only the owner (or an admin) sees them; anyone else gets
 * null, exactly as for an id that does not exist.
 */
export const customerNodes: Record<string, NodeFetcher> = {
  async Customer(ctx: GraphQLContext, id: string) {
    const n = intId(id);
    const c = n === null ? null : await ctx.loaders.customers.customerById.load(n);
    return ownedOrNull(ctx, c && !c.deletedAt ? c : null, (x) => x.id);
  },
  async CustomerAddress(ctx: GraphQLContext, id: string) {
    const n = intId(id);
    return ownedOrNull(
      ctx,
      n === null ? null : await ctx.loaders.customers.addressById.load(n),
      (a) => a.customerId,
    );
  },
  async CustomerIdentity(ctx: GraphQLContext, id: string) {
    const n = intId(id);
    return ownedOrNull(
      ctx,
      n === null ? null : await ctx.loaders.customers.identityById.load(n),
      (i) => i.customerId,
    );
  },
  async CustomerSession(ctx: GraphQLContext, id: string) {
    const n = intId(id);
    return ownedOrNull(ctx, n === null ? null : await getLiveSession(ctx.prisma, n), (s) => s.customerId);
  },
};
