import { toGlobalId } from '../../graphql/global-id';
import { toMoney as money } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import {
  allBrands,
  categoryProducts,
  getCategory,
  getProduct,
  listProducts,
  rootCategories,
} from './catalog.service';
import { toListFilter } from './product-filter';
import { currentPrice, saleActive } from './product-pricing';
import { listReviews } from './reviews/review.service';

export const storefrontResolvers: Resolvers = {
  Query: {
    categories: (_p, _a, ctx) => rootCategories(ctx),
    category: (_p, args, ctx) => getCategory(ctx, args),
    brands: (_p, _a, ctx) => allBrands(ctx),
    product: (_p, args, ctx) => getProduct(ctx, args),
    products: (_p, args, ctx) => listProducts(ctx, { ...args, filter: toListFilter(args.filter) }),
  },
  Category: {
    id: (c) => toGlobalId('Category', c.id),
    parent: (c, _a, ctx) => (c.parentId === null ? null : ctx.loaders.catalog.categoryById.load(c.parentId)),
    children: (c, _a, ctx) => ctx.loaders.catalog.categoryChildren.load(c.id),
    ancestors: (c, _a, ctx) => ctx.loaders.catalog.categoryAncestors.load(c.id),
    path: async (c, _a, ctx) =>
      [...(await ctx.loaders.catalog.categoryAncestors.load(c.id)).map((a) => a.slug), c.slug].join('/'),
    productCount: async (c, _a, ctx) =>
      (await ctx.loaders.catalog.categoryProductCount.load(c.id))?.count ?? 0,
    products: (c, args, ctx) => categoryProducts(ctx, c.id, { ...args, filter: toListFilter(args.filter) }),
  },
  Brand: {
    id: (b) => toGlobalId('Brand', b.id),
  },
  Product: {
    id: (p) => toGlobalId('Product', p.id),
    price: (p) => money(p.price, p.currency),
    currentPrice: (p) => money(currentPrice(p), p.currency),
    salePrice: (p) => (saleActive(p) ? money(p.salePrice!, p.currency) : null),
    compareAtPrice: (p) =>
      p.compareAtPrice != null
        ? money(p.compareAtPrice, p.currency)
        : saleActive(p)
          ? money(p.price, p.currency)
          : null,
    onSale: (p) => saleActive(p),
    saleEndsAt: (p) => (saleActive(p) ? p.saleEndsAt : null),
    inStock: async (p, _a, ctx) =>
      (await ctx.loaders.catalog.variantsByProduct.load(p.id)).some(
        (v) => v.stockOnHand - v.stockReserved > 0,
      ),
    rating: (p) => ({ average: Number(p.ratingAverage), count: p.ratingCount }),
    tags: async (p, _a, ctx) => (await ctx.loaders.catalog.tagsByProduct.load(p.id)).map((t) => t.tag),
    specifications: (p) => p.specifications ?? {},
    marketplaceSource: (p) =>
      p.marketplace && p.externalId
        ? { marketplace: p.marketplace, externalId: p.externalId, url: p.externalUrl, scrapedAt: p.scrapedAt }
        : null,
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
    reviews: (p, args, ctx) => listReviews(ctx, p.id, args),
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
  ProductReview: {
    id: (r) => toGlobalId('ProductReview', r.id),
  },
};
