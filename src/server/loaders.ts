import type { PrismaClient } from '../db/prisma';
import { createCatalogLoaders } from '../modules/catalog/catalog.loaders';

/** Every module's DataLoaders, created once per request (see buildContext). */
export function createLoaders(prisma: PrismaClient) {
  return {
    catalog: createCatalogLoaders(prisma),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
