import DataLoader from 'dataloader';
import type { Category } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import { keysetConnectionLoader } from '../../graphql/connection';
import { groupedLoader, keyedLoader } from '../../graphql/loader-utils';
import { categoryProductCounts, categoryProductPages } from './catalog.service';
import type { ProductRecord, ProductSortValue, ReviewRecord, VariantRecord } from './catalog.types';
import type { ProductListFilter } from './product-filter';
import { productSortKeys } from './product-sort';
import { REVIEW_KEYS, reviewCounts, reviewPages, reviewsByIds } from './reviews/review.service';

const CATEGORY_COLUMNS = `c.id, c.parent_id AS "parentId", c.slug, c.name, c.description, c.sort_order AS "sortOrder",
  c.is_active AS "isActive", c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/**
 * Categories by id, fetched together with all their ancestors (one recursive statement) and
 * primed into the loader, so `category { parent { parent } }` and breadcrumbs never cost another
 * round trip: trees are shallow, so the extra rows are few.
 */
function categoryLoader(prisma: PrismaClient) {
  const loader: DataLoader<number, Category | null> = new DataLoader(
    async (ids: readonly number[]) => {
      const rows = await prisma.$queryRawUnsafe<Category[]>(
        `WITH RECURSIVE up(id, depth) AS (
           SELECT id, 0 FROM categories WHERE id = ANY($1::int[])
           UNION
           SELECT c.parent_id, up.depth + 1 FROM up JOIN categories c ON c.id = up.id
           WHERE c.parent_id IS NOT NULL AND up.depth < 50)
         SELECT DISTINCT ${CATEGORY_COLUMNS} FROM categories c WHERE c.id IN (SELECT id FROM up)`,
        [...ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const r of rows) if (!ids.includes(r.id)) loader.prime(r.id, r);
      return ids.map((id) => byId.get(id) ?? null);
    },
    { maxBatchSize: 1000 },
  );
  return loader;
}

/** Per-request loaders of the catalog; every nested product field goes through one of these. */
export function createCatalogLoaders(prisma: PrismaClient, maxPageSize: number) {
  return {
    productById: keyedLoader(
      (ids: readonly number[]) => prisma.product.findMany({ where: { id: { in: [...ids] } } }),
      (p) => p.id,
    ),
    /** Reviews of active products, for node(id:). */
    reviewById: keyedLoader(
      (ids: readonly number[]) => reviewsByIds(prisma, ids),
      (r) => r.id,
    ),
    /** `Category.products(…)` by sort: one page per category, every category of the request in one statement. */
    productsOfCategories: (() => {
      const bySort = new Map<ProductSortValue, ReturnType<typeof categoryProductsLoader>>();
      const categoryProductsLoader = (sort: ProductSortValue) =>
        keysetConnectionLoader<ProductRecord, ProductListFilter>({
          keys: productSortKeys(sort),
          maxPageSize,
          fetch: (ids, filter, q) => categoryProductPages(prisma, ids, filter, q),
          count: (ids, filter) => categoryProductCounts(prisma, ids, filter),
        });
      return (sort: ProductSortValue) => {
        let loader = bySort.get(sort);
        if (!loader) bySort.set(sort, (loader = categoryProductsLoader(sort)));
        return loader;
      };
    })(),
    /** `Product.reviews(…)`: one page per product, every product of the request in one statement. */
    reviewsOfProducts: keysetConnectionLoader<ReviewRecord, null>({
      keys: REVIEW_KEYS,
      maxPageSize,
      fetch: (ids, _filter, q) => reviewPages(prisma, ids, q),
      count: (ids) => reviewCounts(prisma, ids),
    }),
    brandById: keyedLoader(
      (ids: readonly number[]) => prisma.brand.findMany({ where: { id: { in: [...ids] } } }),
      (b) => b.id,
    ),
    categoryById: categoryLoader(prisma),
    categoryChildren: groupedLoader(
      (ids: readonly number[]) =>
        prisma.category.findMany({
          where: { parentId: { in: [...ids] }, isActive: true },
          orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
        }),
      (c) => c.parentId!,
    ),
    /** Ancestors of each category, root first, in one recursive statement for the whole batch. */
    categoryAncestors: groupedLoader(
      (ids: readonly number[]) =>
        prisma.$queryRawUnsafe<(Category & { startId: number })[]>(
          `WITH RECURSIVE up(start_id, id, depth) AS (
             SELECT c.id, c.parent_id, 1 FROM categories c WHERE c.id = ANY($1::int[]) AND c.parent_id IS NOT NULL
             UNION ALL
             SELECT up.start_id, c.parent_id, up.depth + 1 FROM up JOIN categories c ON c.id = up.id
             WHERE c.parent_id IS NOT NULL AND up.depth < 50)
           SELECT up.start_id AS "startId", ${CATEGORY_COLUMNS}
           FROM up JOIN categories c ON c.id = up.id ORDER BY up.start_id, up.depth DESC`,
          [...ids],
        ),
      (c) => c.startId,
    ),
    /** Active products in each category's subtree (the same rule as the categoryId filter). */
    categoryProductCount: keyedLoader(
      (ids: readonly number[]) =>
        prisma.$queryRawUnsafe<{ id: number; count: number }[]>(
          `WITH RECURSIVE sub(root, id) AS (
             SELECT id, id FROM categories WHERE id = ANY($1::int[])
             UNION ALL SELECT sub.root, c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
           SELECT sub.root AS id, count(p.id)::int AS count
           FROM sub LEFT JOIN products p ON p.category_id = sub.id AND p.status = 'active'
           GROUP BY sub.root`,
          [...ids],
        ),
      (r) => r.id,
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
    /** Variants by id (any status) with their product's price and currency, as ProductVariant resolves them. */
    variantById: keyedLoader(
      (ids: readonly number[]) =>
        prisma.$queryRaw<VariantRecord[]>`
          SELECT v.id, v.product_id AS "productId", v.sku, v.name, v.attributes, v.price,
                 v.stock_on_hand AS "stockOnHand", v.stock_reserved AS "stockReserved", v.is_active AS "isActive",
                 v.position, v.created_at AS "createdAt", v.updated_at AS "updatedAt",
                 p.price AS "productPrice", trim(p.currency) AS currency
          FROM product_variants v JOIN products p ON p.id = v.product_id
          WHERE v.id = ANY(${[...ids]}::int[])`,
      (v) => v.id,
    ),
    tagsByProduct: groupedLoader(
      (ids: readonly number[]) =>
        prisma.productTag.findMany({
          where: { productId: { in: [...ids] } },
          orderBy: [{ tag: 'asc' }],
          select: { productId: true, tag: true },
        }),
      (t) => t.productId,
    ),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
