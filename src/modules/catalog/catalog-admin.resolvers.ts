import { requireAdmin, requireViewer } from '../../graphql/access';
import { toGlobalId } from '../../graphql/global-id';
import { toMoney as money } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import { importCatalogText } from './import/import.service';
import { adjustInventory } from './admin/inventory.service';
import { archiveProduct, createProduct, updateProduct } from './admin/product-admin.service';
import { deleteSynonym, listSynonyms, setSynonym } from './admin/synonym-admin.service';
import { createBrand, createCategory, updateBrand, updateCategory } from './admin/taxonomy-admin.service';
import { addReview } from './reviews/review.service';

/** Admin catalog mutations (every one checks requireAdmin first) and the customer's review mutation. */
export const catalogAdminResolvers: Resolvers = {
  Query: {
    searchSynonyms: (_p, _a, ctx) => (requireAdmin(ctx), listSynonyms(ctx)),
  },
  Mutation: {
    productCreate: (_p, { input }, ctx) => (requireAdmin(ctx), createProduct(ctx, input)),
    productUpdate: (_p, { id, input }, ctx) => (requireAdmin(ctx), updateProduct(ctx, id, input)),
    productArchive: (_p, { id }, ctx) => (requireAdmin(ctx), archiveProduct(ctx, id)),
    categoryCreate: (_p, { input }, ctx) => (requireAdmin(ctx), createCategory(ctx, input)),
    categoryUpdate: (_p, { id, input }, ctx) => (requireAdmin(ctx), updateCategory(ctx, id, input)),
    brandCreate: (_p, { input }, ctx) => (requireAdmin(ctx), createBrand(ctx, input)),
    brandUpdate: (_p, { id, input }, ctx) => (requireAdmin(ctx), updateBrand(ctx, id, input)),
    inventoryAdjust: (_p, { input }, ctx) => (requireAdmin(ctx), adjustInventory(ctx, input)),
    searchSynonymSet: (_p, { input }, ctx) => (requireAdmin(ctx), setSynonym(ctx, input)),
    searchSynonymDelete: (_p, { term }, ctx) => (requireAdmin(ctx), deleteSynonym(ctx, term)),
    catalogImport: (_p, { input }, ctx) => (requireAdmin(ctx), importCatalogText(ctx, input)),
    productReviewAdd: (_p, { input }, ctx) => addReview(ctx, requireViewer(ctx), input),
  },
  AdminProduct: {
    id: (p) => toGlobalId('Product', p.id),
    price: (p) => money(p.price, p.currency),
    product: (p) => (p.status === 'active' ? p : null),
  },
  SearchSynonym: {
    id: (s) => toGlobalId('SearchSynonym', s.id),
  },
};
