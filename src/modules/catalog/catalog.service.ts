import { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../db/prisma';
import {
  keysetConnection,
  pagesPerParent,
  type Connection,
  type KeysetQuery,
  type PageArgs,
} from '../../graphql/connection';
import { badUserInput } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import type { ProductRecord, ProductSortValue } from './catalog.types';
import { PRODUCT_COLUMNS } from './product-columns';
import { filterSql, subtreeSql, type ProductListFilter } from './product-filter';
import { productSortKeys } from './product-sort';

export type { ProductListFilter };

/** Exactly one of id / slug, as `product(id|slug)` and `category(id|slug)` take them. */
function oneOf(id: string | null | undefined, slug: string | null | undefined) {
  if ((id == null) === (slug == null)) throw badUserInput('Pass exactly one of id or slug', ['id']);
}

/** An active product by global ID or slug; null when missing or not for sale. */
export async function getProduct(ctx: GraphQLContext, args: { id?: string | null; slug?: string | null }) {
  oneOf(args.id, args.slug);
  let product: ProductRecord | null;
  if (args.id != null) {
    const id = tryGlobalIntId(args.id, 'Product');
    product = id === null ? null : await ctx.loaders.catalog.productById.load(id);
  } else {
    product = await ctx.prisma.product.findUnique({ where: { slug: args.slug! } });
  }
  return product && product.status === 'active' ? product : null;
}

/** A category by global ID or slug; null when missing or inactive. */
export async function getCategory(ctx: GraphQLContext, args: { id?: string | null; slug?: string | null }) {
  oneOf(args.id, args.slug);
  const category =
    args.id != null
      ? await (async () => {
          const id = tryGlobalIntId(args.id!, 'Category');
          return id === null ? null : ctx.loaders.catalog.categoryById.load(id);
        })()
      : await ctx.prisma.category.findUnique({ where: { slug: args.slug! } });
  return category?.isActive ? category : null;
}

export function rootCategories(ctx: GraphQLContext) {
  return ctx.prisma.category.findMany({
    where: { parentId: null, isActive: true },
    orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }],
  });
}

export function allBrands(ctx: GraphQLContext) {
  return ctx.prisma.brand.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

/**
 * One page of active products in one statement (plus a count statement only when the client asks
 * for totalCount). Keyset pagination: the cursor holds the sort values of the last row, so pages
 * stay stable while rows are added and deep pages cost the same as the first.
 */
export async function listProducts(
  ctx: GraphQLContext,
  args: PageArgs & { filter?: ProductListFilter | null; sort?: ProductSortValue | null },
): Promise<Connection<ProductRecord>> {
  const where = filterSql(args.filter ?? {});
  return keysetConnection<ProductRecord>({
    args,
    keys: productSortKeys(args.sort ?? 'RELEVANCE'),
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: (q) => ctx.prisma.$queryRaw<ProductRecord[]>`
      SELECT ${PRODUCT_COLUMNS}, ${q.keyColumns}
      FROM products p
      WHERE ${where} ${q.after}
      ORDER BY ${q.orderBy}
      LIMIT ${q.limit}`,
    totalCount: async () => {
      const [{ count }] = await ctx.prisma.$queryRaw<[{ count: number }]>`
        SELECT count(*)::int AS count FROM products p WHERE ${where}`;
      return count;
    },
  });
}

/**
 * `Category.products(…)`: the products of the category's subtree, as listProducts answers them,
 * one page per category and every category of the request in one statement (and one count when
 * asked), not one each: `categories { products(first: 4) }` over the WebSocket.
 */
export function categoryProducts(
  ctx: GraphQLContext,
  categoryId: number,
  args: PageArgs & { filter?: ProductListFilter | null; sort?: ProductSortValue | null },
) {
  // The filter's categoryId is ignored: this category (and its subtree) applies.
  const filter = { ...(args.filter ?? {}), categoryId: null };
  return ctx.loaders.catalog
    .productsOfCategories(args.sort ?? 'RELEVANCE')(args, filter)
    .load(categoryId);
}

/** Rows of one product page per category subtree (`_parent`: the category), for keysetConnectionLoader. */
export function categoryProductPages(
  prisma: PrismaClient,
  categoryIds: readonly number[],
  filter: ProductListFilter,
  q: KeysetQuery,
) {
  return prisma.$queryRaw<(ProductRecord & { _parent: number })[]>(
    pagesPerParent(
      categoryIds,
      PRODUCT_COLUMNS,
      Prisma.sql`FROM products p
        WHERE ${filterSql(filter)} AND p.category_id IN ${subtreeSql(Prisma.raw('parent.id'))}`,
      q,
    ),
  );
}

/** Products of each category subtree under the filter, for the connections' totalCount. */
export function categoryProductCounts(
  prisma: PrismaClient,
  categoryIds: readonly number[],
  filter: ProductListFilter,
) {
  return prisma.$queryRaw<{ parent: number; count: number }[]>`
    SELECT parent.id AS parent, (
      SELECT count(*)::int FROM products p
      WHERE ${filterSql(filter)} AND p.category_id IN ${subtreeSql(Prisma.raw('parent.id'))}) AS count
    FROM unnest(${[...categoryIds]}::int[]) AS parent(id)`;
}
