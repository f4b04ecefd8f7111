import { Prisma } from '../../generated/prisma/client';
import {
  keysetPredicate,
  orderBySql,
  pageWindow,
  toConnection,
  type Connection,
  type PageArgs,
} from '../../graphql/connection';
import { badUserInput } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import type { ProductRecord, ProductSortValue } from './catalog.types';
import { PRODUCT_COLUMNS } from './product-columns';
import { filterSql, type ProductListFilter } from './product-filter';
import { productSortKeys } from './product-sort';

export type { ProductListFilter };

type KeyedRow = ProductRecord & Record<`_k${number}`, string | null>;

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
  const keys = productSortKeys(args.sort ?? 'RELEVANCE');
  const window = pageWindow(args, keys.length, ctx.config.GRAPHQL_MAX_PAGE_SIZE);
  const where = filterSql(args.filter ?? {});
  const keyCols = Prisma.join(
    keys.map((k, i) => Prisma.sql`(${k.expr})::text AS ${Prisma.raw(`"_k${i}"`)}`),
    ', ',
  );
  const after = window.cursor
    ? Prisma.sql`AND ${keysetPredicate(keys, window.cursor, window.backward)}`
    : Prisma.empty;
  const rows =
    window.limit === 0
      ? []
      : await ctx.prisma.$queryRaw<KeyedRow[]>`
          SELECT ${PRODUCT_COLUMNS}, ${keyCols}
          FROM products p
          WHERE ${where} ${after}
          ORDER BY ${orderBySql(keys, window.backward)}
          LIMIT ${window.limit + 1}`;
  return toConnection<ProductRecord>(
    rows,
    window,
    (row) => keys.map((_, i) => (row as KeyedRow)[`_k${i}`]),
    async () => {
      const [{ count }] = await ctx.prisma.$queryRaw<[{ count: number }]>`
        SELECT count(*)::int AS count FROM products p WHERE ${where}`;
      return count;
    },
  );
}
