import { Prisma } from '../../generated/prisma/client';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { ProductFilter } from '../../generated/graphql';

/** A ProductFilter with global IDs resolved to local ids (an unknown id matches nothing: -1). */
export interface ProductListFilter {
  /** Local category id; descendants are included. */
  categoryId?: number | null;
  brandIds?: number[] | null;
  minPrice?: string | null;
  maxPrice?: string | null;
  inStock?: boolean | null;
  minRating?: number | null;
  tags?: string[] | null;
  onSale?: boolean | null;
}

/** Turns the GraphQL input into a service filter (global IDs → local ids). */
export function toListFilter(input: ProductFilter | null | undefined): ProductListFilter {
  if (!input) return {};
  return {
    categoryId: input.categoryId == null ? null : (tryGlobalIntId(input.categoryId, 'Category') ?? -1),
    brandIds: input.brandIds?.map((id) => tryGlobalIntId(id, 'Brand') ?? -1) ?? null,
    minPrice: input.minPrice ?? null,
    maxPrice: input.maxPrice ?? null,
    inStock: input.inStock ?? null,
    minRating: input.minRating ?? null,
    tags: input.tags?.map((t) => t.trim().toLowerCase()).filter(Boolean) ?? null,
    onSale: input.onSale ?? null,
  };
}

/**
 * "The sale price applies now". It depends on now(), so it cannot be a generated column or an
 * index expression; it is evaluated per row (cheap arithmetic, no sub-select).
 */
export const saleActiveSql = (a: string) =>
  Prisma.raw(
    `(${a}.sale_price IS NOT NULL AND ${a}.sale_price < ${a}.price` +
      ` AND (${a}.sale_starts_at IS NULL OR ${a}.sale_starts_at <= now())` +
      ` AND (${a}.sale_ends_at IS NULL OR ${a}.sale_ends_at > now()))`,
  );

/** What the shopper pays now: used by every price filter, sort and facet. */
export const effectivePriceSql = (a: string) =>
  Prisma.raw(`(CASE WHEN ${saleActiveSql(a).sql} THEN ${a}.sale_price ELSE ${a}.price END)`);

/** Category subtree (the category and every descendant) as a sub-select of ids; the id may be an SQL expression. */
export const subtreeSql = (categoryId: number | Prisma.Sql) => Prisma.sql`(
  WITH RECURSIVE sub AS (
    SELECT id FROM categories WHERE id = ${categoryId}
    UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
  SELECT id FROM sub)`;

/**
 * The filter split by facet: search computes each facet under every filter except its own
 * (disjunctive faceting), so category, brand and price conditions are kept apart from the rest.
 */
export interface FilterParts {
  category: Prisma.Sql | null;
  brand: Prisma.Sql | null;
  price: Prisma.Sql | null;
  rest: Prisma.Sql[];
}

/**
 * `perRow`: the rows are few (a search's matches), so stock is checked row by row. As an EXISTS,
 * the planner may turn it into a join that reads every in-stock variant of the catalog (223k
 * index entries on the 100k seed, ~20 ms) to keep a thousand products.
 */
export function filterParts(f: ProductListFilter, a = 'p', perRow = false): FilterParts {
  const col = (c: string) => Prisma.raw(`${a}.${c}`);
  const rest: Prisma.Sql[] = [Prisma.sql`${col('status')} = 'active'`];
  if (f.inStock != null) {
    const inStock = Prisma.sql`SELECT true FROM product_variants v WHERE v.product_id = ${col('id')}
      AND v.is_active AND v.stock_on_hand > v.stock_reserved`;
    // A scalar sub-select is never made a join; EXISTS may be.
    const exists = perRow
      ? Prisma.sql`coalesce((${inStock} LIMIT 1), false)`
      : Prisma.sql`EXISTS (${inStock})`;
    rest.push(f.inStock ? exists : Prisma.sql`NOT ${exists}`);
  }
  if (f.minRating != null) rest.push(Prisma.sql`${col('rating_average')} >= ${f.minRating}`);
  if (f.tags?.length) {
    const tags = [...new Set(f.tags)];
    rest.push(Prisma.sql`${col('id')} IN (SELECT t.product_id FROM product_tags t WHERE t.tag = ANY(${tags}::text[])
      GROUP BY t.product_id HAVING count(DISTINCT t.tag) = ${tags.length})`);
  }
  if (f.onSale != null) rest.push(f.onSale ? saleActiveSql(a) : Prisma.sql`NOT ${saleActiveSql(a)}`);
  const priceConds: Prisma.Sql[] = [];
  if (f.minPrice != null) priceConds.push(Prisma.sql`${effectivePriceSql(a)} >= ${f.minPrice}::numeric`);
  if (f.maxPrice != null) priceConds.push(Prisma.sql`${effectivePriceSql(a)} <= ${f.maxPrice}::numeric`);
  return {
    category: f.categoryId != null ? Prisma.sql`${col('category_id')} IN ${subtreeSql(f.categoryId)}` : null,
    brand: f.brandIds != null ? Prisma.sql`${col('brand_id')} = ANY(${f.brandIds}::int[])` : null,
    price: priceConds.length ? Prisma.join(priceConds, ' AND ') : null,
    rest,
  };
}

/** The whole filter as one WHERE condition (plain product lists). */
export function filterSql(f: ProductListFilter, a = 'p'): Prisma.Sql {
  const parts = filterParts(f, a);
  const all = [...parts.rest, parts.category, parts.brand, parts.price].filter((x): x is Prisma.Sql => !!x);
  return Prisma.join(all, ' AND ');
}
