import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';
import { canUseCart } from './cart.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `node(id:)` for carts: the same rule as `cart(id)` (a guest cart by its key, a customer's cart to its owner). */
export const cartNodes: Record<string, NodeFetcher> = {
  async Cart(ctx: GraphQLContext, id: string) {
    const view = UUID.test(id) ? await ctx.loaders.cart.view.load(id.toLowerCase()) : null;
    return view && canUseCart(ctx.viewer, view.cart) ? view : null;
  },
};
