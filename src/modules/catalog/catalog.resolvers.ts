import { toGlobalId, tryGlobalIntId } from '../../graphql/global-id';
import { toMoney as money } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import { getCategory, getProduct, listProducts, rootCategories } from './catalog.service';

export const catalogResolvers: Resolvers = {
  Query: {
    categories: (_p, _a, ctx) => rootCategories(ctx),
    category: (_p, args, ctx) => getCategory(ctx, args),
    product: (_p, args, ctx) => getProduct(ctx, args),
    products: (_p, args, ctx) =>
      listProducts(ctx, {
        ...args,
        filter: args.filter && {
          categoryId:
            args.filter.categoryId == null
              ? null
              : (tryGlobalIntId(args.filter.categoryId, 'Category') ?? -1),
        },
      }),
  },
  Category: {
    id: (c) => toGlobalId('Category', c.id),
    parent: (c, _a, ctx) => (c.parentId === null ? null : ctx.loaders.catalog.categoryById.load(c.parentId)),
    children: (c, _a, ctx) => ctx.loaders.catalog.categoryChildren.load(c.id),
    products: (c, args, ctx) => listProducts(ctx, { ...args, filter: { categoryId: c.id } }),
  },
  Brand: {
    id: (b) => toGlobalId('Brand', b.id),
  },
  Product: {
    id: (p) => toGlobalId('Product', p.id),
    price: (p) => money(p.price, p.currency),
    brand: (p, _a, ctx) => (p.brandId === null ? null : ctx.loaders.catalog.brandById.load(p.brandId)),
    category: (p, _a, ctx) =>
      p.categoryId === null ? null : ctx.loaders.catalog.categoryById.load(p.categoryId),
    images: (p, _a, ctx) => ctx.loaders.catalog.imagesByProduct.load(p.id),
    variants: async (p, _a, ctx) =>
      (await ctx.loaders.catalog.variantsByProduct.load(p.id)).map((v) => ({
        ...v,
        productPrice: p.price,
        currency: p.currency,
      })),
  },
  ProductImage: {
    id: (i) => toGlobalId('ProductImage', i.id),
  },
  ProductVariant: {
    id: (v) => toGlobalId('ProductVariant', v.id),
    attributes: (v) => v.attributes ?? {},
    price: (v) => money(v.price ?? v.productPrice, v.currency),
    quantityAvailable: (v) => Math.max(0, v.stockOnHand - v.stockReserved),
    availableForSale: (v) => v.isActive && v.stockOnHand - v.stockReserved > 0,
  },
};
