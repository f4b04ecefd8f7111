import type { Config } from '../config';
import type { PrismaClient } from '../db/prisma';
import { createAdminLoaders } from '../modules/admin/admin.loaders';
import { createCartLoaders } from '../modules/cart/cart.loaders';
import { createWishlistLoaders } from '../modules/wishlist/wishlist.loaders';
import { createOrderLoaders } from '../modules/orders/orders.loaders';
import { createCatalogLoaders } from '../modules/catalog/catalog.loaders';
import { createCustomerLoaders } from '../modules/customers/customers.loaders';

/** Every module's DataLoaders, created once per request (see buildContext). */
export function createLoaders(prisma: PrismaClient, config: Config) {
  return {
    cart: createCartLoaders(prisma, config),
    wishlist: createWishlistLoaders(prisma),
    orders: createOrderLoaders(prisma, config.GRAPHQL_MAX_PAGE_SIZE),
    catalog: createCatalogLoaders(prisma, config.GRAPHQL_MAX_PAGE_SIZE),
    customers: createCustomerLoaders(prisma),
    admin: createAdminLoaders(prisma),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
