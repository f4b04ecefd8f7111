import type { Resolvers } from '../../generated/graphql';
import { toListFilter } from './product-filter';
import { searchProducts } from './search/search.service';
import { selects } from './search/selection';

export const searchResolvers: Resolvers = {
  Query: {
    searchProducts: (_p, args, ctx, info) =>
      searchProducts(ctx, {
        query: args.query,
        filter: toListFilter(args.filter),
        sort: args.sort ?? 'RELEVANCE',
        first: args.first,
        after: args.after,
        last: args.last,
        before: args.before,
        want: { facets: selects(info, ['facets']), highlight: selects(info, ['edges', 'highlight']) },
      }),
  },
  CategoryFacet: {
    category: async (f, _a, ctx) => (await ctx.loaders.catalog.categoryById.load(f.categoryId))!,
  },
  BrandFacet: {
    brand: async (f, _a, ctx) => (await ctx.loaders.catalog.brandById.load(f.brandId))!,
  },
};
