import { localIntId } from '../../graphql/global-id';
import type { NodeFetcher } from '../../graphql/node';
import type { GraphQLContext } from '../../server/context';

/** How `node(id:)` loads catalog objects; hidden (draft/archived, inactive) ones answer null. */
export const catalogNodes: Record<string, NodeFetcher> = {
  async Product(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    const p = n === null ? null : await ctx.loaders.catalog.productById.load(n);
    return p?.status === 'active' ? p : null;
  },
  async Category(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    const c = n === null ? null : await ctx.loaders.catalog.categoryById.load(n);
    return c?.isActive ? c : null;
  },
  async Brand(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    return n === null ? null : ctx.loaders.catalog.brandById.load(n);
  },
  /** A review of an active product: public, like `product { reviews }`. */
  async ProductReview(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    return n === null ? null : ctx.loaders.catalog.reviewById.load(n);
  },
  async ProductVariant(ctx: GraphQLContext, id: string) {
    const n = localIntId(id);
    const v = n === null ? null : await ctx.prisma.productVariant.findUnique({ where: { id: n } });
    if (!v?.isActive) return null;
    const p = await ctx.loaders.catalog.productById.load(v.productId);
    return p?.status === 'active' ? { ...v, productPrice: p.price, currency: p.currency } : null;
  },
};
