import { ownedOrNull } from '../../graphql/access';
import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';
import { customerWishlist } from './wishlist.service';

const intId = (s: string) => (/^\d{1,10}$/.test(s) && Number(s) <= 2_147_483_647 ? Number(s) : null);

/** `node(id:)` for wishlists and their items: the owner (or an admin) only, else null. */
export const wishlistNodes: Record<string, NodeFetcher> = {
  async Wishlist(ctx: GraphQLContext, id: string) {
    const customerId = intId(id);
    if (customerId === null || !ownedOrNull(ctx, { customerId }, (w) => w.customerId)) return null;
    return customerWishlist(ctx, customerId);
  },
  async WishlistItem(ctx: GraphQLContext, id: string) {
    const n = intId(id);
    return ownedOrNull(
      ctx,
      n === null ? null : await ctx.loaders.wishlist.itemById.load(n),
      (i) => i.customerId,
    );
  },
};
