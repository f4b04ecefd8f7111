import { ownedOrNull } from '../../graphql/access';
import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';

const intId = (s: string) => (/^\d{1,10}$/.test(s) && Number(s) <= 2_147_483_647 ? Number(s) : null);

/** `node(id:)` for orders: the owner or an admin, else null (as for a missing order). */
export const orderNodes: Record<string, NodeFetcher> = {
  async Order(ctx: GraphQLContext, id: string) {
    const n = intId(id);
    return ownedOrNull(
      ctx,
      n === null ? null : await ctx.loaders.orders.orderById.load(n),
      (o) => o.customerId,
    );
  },
};
