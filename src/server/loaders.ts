import type { PrismaClient } from '../db/prisma';
import { createCatalogLoaders } from '../modules/catalog/catalog.loaders';
import { createCustomerLoaders } from '../modules/customers/customers.loaders';

/** Every module's DataLoaders, created once per request (see buildContext). */
export function createLoaders(prisma: PrismaClient) {
  return {
    catalog: createCatalogLoaders(prisma),
    customers: createCustomerLoaders(prisma),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
