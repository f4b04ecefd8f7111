import type { PrismaClient } from '../../db/prisma';
import { groupedLoader, keyedLoader } from '../../graphql/loader-utils';

/** Per-request loaders of the catalog; every nested product field goes through one of these. */
export function createCatalogLoaders(prisma: PrismaClient) {
  return {
    productById: keyedLoader(
      (ids: readonly number[]) => prisma.product.findMany({ where: { id: { in: [...ids] } } }),
      (p) => p.id,
    ),
    brandById: keyedLoader(
      (ids: readonly number[]) => prisma.brand.findMany({ where: { id: { in: [...ids] } } }),
      (b) => b.id,
    ),
    categoryById: keyedLoader(
      (ids: readonly number[]) => prisma.category.findMany({ where: { id: { in: [...ids] } } }),
      (c) => c.id,
    ),
    categoryChildren: groupedLoader(
      (ids: readonly number[]) =>
        prisma.category.findMany({
          where: { parentId: { in: [...ids] }, isActive: true },
          orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
        }),
      (c) => c.parentId!,
    ),
    imagesByProduct: groupedLoader(
      (ids: readonly number[]) =>
        prisma.productImage.findMany({
          where: { productId: { in: [...ids] } },
          orderBy: [{ isPrimary: 'desc' }, { position: 'asc' }, { id: 'asc' }],
        }),
      (i) => i.productId,
    ),
    variantsByProduct: groupedLoader(
      (ids: readonly number[]) =>
        prisma.productVariant.findMany({
          where: { productId: { in: [...ids] }, isActive: true },
          orderBy: [{ position: 'asc' }, { id: 'asc' }],
        }),
      (v) => v.productId,
    ),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
