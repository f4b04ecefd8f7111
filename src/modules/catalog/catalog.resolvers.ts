import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from '../../generated/graphql';
import { catalogAdminResolvers } from './catalog-admin.resolvers';
import { searchResolvers } from './search.resolvers';
import { storefrontResolvers } from './storefront.resolvers';

/** The catalog module's resolvers (registered once in src/server/resolvers.ts). */
export const catalogResolvers = mergeResolvers([
  storefrontResolvers,
  searchResolvers,
  catalogAdminResolvers,
]) as Resolvers;
