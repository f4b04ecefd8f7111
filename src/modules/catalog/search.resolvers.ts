import type { Resolvers } from '../../generated/graphql';
import { searchProducts } from './search/search.service';
import { searchArgs } from './search/selection';

export const searchResolvers: Resolvers = {
  Query: {
    searchProducts: (_p, args, ctx, info) => searchProducts(ctx, searchArgs(args, info)),
  },
  CategoryFacet: {
    category: async (f, _a, ctx) => (await ctx.loaders.catalog.categoryById.load(f.categoryId))!,
  },
  BrandFacet: {
    brand: async (f, _a, ctx) => (await ctx.loaders.catalog.brandById.load(f.brandId))!,
  },
};
