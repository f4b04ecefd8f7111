import { Prisma } from '../../../generated/prisma/client';
import type { PageArgs } from '../../../graphql/connection';
import type { ProductFilter } from '../../../generated/graphql';
import type { ProductSortValue } from '../catalog.types';
import {
  effectivePriceSql,
  filterSql,
  saleActiveSql,
  subtreeSql,
  toListFilter,
  type ProductListFilter,
} from '../product-filter';
import { productSortKeys } from '../product-sort';
import type { Field, FieldSql, TypeTable } from './compiler';
import { connectionTable, pageCte, type Page } from './keyset-page';
import { reviewConnection } from './review-fields';
import { globalId, isoTime, jsonList } from './sql';

/**
 * What each catalog field's resolver returns (storefront.resolvers.ts and the loaders behind
 * it), written as SQL over a row alias. Keep the two in step: compiled-reads.test.ts runs the
 * same documents through both paths and requires deep-equal answers.
 */

const sql = Prisma.sql;
const raw = Prisma.raw;

/** A column of the source row, as is. */
const col =
  (name: string): FieldSql<string> =>
  (a) =>
    raw(`${a}.${name}`);

const idOf =
  (type: string): FieldSql<string> =>
  (a) =>
    globalId(type, `${a}.id`);

const time =
  (name: string): FieldSql<string> =>
  (a) =>
    isoTime(`${a}.${name}`);

/** A JSON column with the resolver's `?? {}`. */
const jsonOrEmpty =
  (name: string): FieldSql<string> =>
  (a) =>
    raw(`coalesce(${a}.${name}, '{}'::jsonb)`);

/** An object-typed field read through a foreign key `fk` of the row (null when it is null). */
const oneRow =
  (type: () => TypeTable<string>, table: string, fk: string): FieldSql<string> =>
  (a, f) => {
    const x = f.c.alias(table[0]!);
    return sql`(SELECT ${f.c.object(type(), x, f)} FROM ${raw(`${table} ${x}`)} WHERE ${raw(`${x}.id = ${a}.${fk}`)})`;
  };

/** Money { amount currencyCode } of an amount expression and a currency expression. */
export const MONEY: TypeTable<{ amount: string; currency: string }> = {
  name: 'Money',
  fields: {
    amount: (m) => raw(`round(${m.amount}, 2)::text`),
    currencyCode: (m) => raw(`btrim(${m.currency})`),
  },
};

const money =
  (amount: (a: string) => string, when?: (a: string) => string): FieldSql<string> =>
  (a, f) => {
    const obj = f.c.object(MONEY, { amount: amount(a), currency: `${a}.currency` }, f);
    return when ? sql`CASE WHEN ${raw(when(a))} THEN ${obj} END` : obj;
  };

const sale = (a: string) => saleActiveSql(a).sql;

export const BRAND: TypeTable<string> = {
  name: 'Brand',
  fields: { id: idOf('Brand'), name: col('name'), slug: col('slug') },
};

const IMAGE: TypeTable<string> = {
  name: 'ProductImage',
  fields: {
    id: idOf('ProductImage'),
    url: col('url'),
    altText: col('alt_text'),
    position: col('position'),
    isPrimary: col('is_primary'),
  },
};

/** A variant row `v` of the product row `p` (the variant's price falls back to the product's). */
const VARIANT: TypeTable<{ v: string; p: string }> = {
  name: 'ProductVariant',
  fields: {
    id: ({ v }) => globalId('ProductVariant', `${v}.id`),
    sku: ({ v }) => raw(`${v}.sku`),
    name: ({ v }) => raw(`${v}.name`),
    attributes: ({ v }) => raw(`coalesce(${v}.attributes, '{}'::jsonb)`),
    price: ({ v, p }, f) =>
      f.c.object(MONEY, { amount: `coalesce(${v}.price, ${p}.price)`, currency: `${p}.currency` }, f),
    quantityAvailable: ({ v }) => raw(`greatest(0, ${v}.stock_on_hand - ${v}.stock_reserved)`),
    availableForSale: ({ v }) => raw(`(${v}.is_active AND ${v}.stock_on_hand - ${v}.stock_reserved > 0)`),
  },
};

const RATING: TypeTable<string> = {
  name: 'ProductRating',
  fields: { average: (a) => raw(`${a}.rating_average::float8`), count: col('rating_count') },
};

const MARKETPLACE: TypeTable<string> = {
  name: 'MarketplaceSource',
  fields: {
    marketplace: col('marketplace'),
    externalId: col('external_id'),
    url: col('external_url'),
    scrapedAt: time('scraped_at'),
  },
};

/** Category fields; `products` is added by product-connection.ts (it needs the product table). */
export const CATEGORY: TypeTable<string> = {
  name: 'Category',
  fields: {
    id: idOf('Category'),
    name: col('name'),
    slug: col('slug'),
    description: col('description'),
    sortOrder: col('sort_order'),
    parent: oneRow(() => CATEGORY, 'categories', 'parent_id'),
    children: (a, f) => {
      const x = f.c.alias('c');
      return jsonList(
        f.c.object(CATEGORY, x, f),
        raw(`FROM categories ${x} WHERE ${x}.parent_id = ${a}.id AND ${x}.is_active`),
        `${x}.sort_order, ${x}.name`,
      );
    },
    // Root first, as the categoryAncestors loader orders them.
    ancestors: (a, f) => {
      const x = f.c.alias('c');
      return sql`coalesce((${raw(upTree(`${a}.parent_id`, 1, `${a}.parent_id IS NOT NULL`))}
        SELECT json_agg(${f.c.object(CATEGORY, x, f)} ORDER BY up.depth DESC)
        FROM up JOIN categories ${raw(x)} ON ${raw(x)}.id = up.id), '[]'::json)`;
    },
    path: (a) =>
      raw(`(${upTree(`${a}.id`, 0, 'true')}
        SELECT string_agg(x.slug, '/' ORDER BY up.depth DESC) FROM up JOIN categories x ON x.id = up.id)`),
    // Active products of the subtree, as the categoryProductCount loader counts them.
    productCount: (a) =>
      raw(`(WITH RECURSIVE sub(id) AS (
          SELECT ${a}.id UNION ALL SELECT x.id FROM categories x JOIN sub ON x.parent_id = sub.id)
        SELECT count(p.id)::int FROM sub LEFT JOIN products p ON p.category_id = sub.id AND p.status = 'active')`),
    // The filter's categoryId is ignored: this category (and its subtree) applies.
    products: (a, f) =>
      productConnection(
        f,
        { ...toListFilter(f.args.filter as ProductFilter | null), categoryId: null },
        (p) => sql`${raw(`${p}.category_id`)} IN ${subtreeSql(raw(`${a}.id`))}`,
      ),
  },
};

/** `up(id, depth)`: a category (at `depth0`) and its ancestors, as deep as the loaders go (50). */
const upTree = (start: string, depth0: number, when: string) => `WITH RECURSIVE up(id, depth) AS (
    SELECT ${start}, ${depth0} WHERE ${when}
    UNION ALL SELECT x.parent_id, up.depth + 1 FROM up JOIN categories x ON x.id = up.id
    WHERE x.parent_id IS NOT NULL AND up.depth < 50)`;

export const PRODUCT: TypeTable<string> = {
  name: 'Product',
  fields: {
    id: idOf('Product'),
    slug: col('slug'),
    sku: col('sku'),
    name: col('name'),
    description: col('description'),
    shortDescription: col('short_description'),
    price: money((a) => `${a}.price`),
    currentPrice: money((a) => effectivePriceSql(a).sql),
    salePrice: money((a) => `${a}.sale_price`, sale),
    compareAtPrice: (a, f) =>
      sql`CASE WHEN ${raw(`${a}.compare_at_price IS NOT NULL`)} THEN ${money((x) => `${x}.compare_at_price`)(a, f)}
        WHEN ${raw(sale(a))} THEN ${money((x) => `${x}.price`)(a, f)} END`,
    onSale: (a) => raw(sale(a)),
    saleEndsAt: (a) => raw(`CASE WHEN ${sale(a)} THEN ${isoTime(`${a}.sale_ends_at`).sql} END`),
    inStock: (a) =>
      raw(`EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = ${a}.id
        AND v.is_active AND v.stock_on_hand > v.stock_reserved)`),
    rating: (a, f) => f.c.object(RATING, a, f),
    tags: (a) => jsonList(raw('t.tag'), raw(`FROM product_tags t WHERE t.product_id = ${a}.id`), 't.tag'),
    specifications: jsonOrEmpty('specifications'),
    weightGrams: col('weight_grams'),
    dimensions: col('dimensions'),
    warranty: col('warranty'),
    returnPolicy: col('return_policy'),
    featured: col('featured'),
    // The resolver tests truthiness: an empty marketplace or external id means none.
    marketplaceSource: (a, f) =>
      sql`CASE WHEN ${raw(`${a}.marketplace <> '' AND ${a}.external_id <> ''`)} THEN ${f.c.object(MARKETPLACE, a, f)} END`,
    brand: oneRow(() => BRAND, 'brands', 'brand_id'),
    category: oneRow(() => CATEGORY, 'categories', 'category_id'),
    images: (a, f) => {
      const x = f.c.alias('i');
      return jsonList(
        f.c.object(IMAGE, x, f),
        raw(`FROM product_images ${x} WHERE ${x}.product_id = ${a}.id`),
        `${x}.is_primary DESC, ${x}.position, ${x}.id`,
      );
    },
    variants: (a, f) => {
      const x = f.c.alias('v');
      return jsonList(
        f.c.object(VARIANT, { v: x, p: a }, f),
        raw(`FROM product_variants ${x} WHERE ${x}.product_id = ${a}.id AND ${x}.is_active`),
        `${x}.position, ${x}.id`,
      );
    },
    createdAt: time('created_at'),
    updatedAt: time('updated_at'),
    reviews: (a, f) => reviewConnection(a, f),
  },
};

/** A page of products: the page CTE joined back to the products alias `p`. */
type ProductPage = Page & { p: string; where: Prisma.Sql };

const CONNECTION = connectionTable<ProductPage>(
  { connection: 'ProductConnection', edge: 'ProductEdge' },
  PRODUCT,
  (pg) => pg.p,
  (pg) => sql`(SELECT count(*)::int FROM products ${raw(pg.p)} WHERE ${pg.where})`,
);

/**
 * A ProductConnection as listProducts answers it (same filter, sort keys, window and cursor
 * predicate), `scope` adding a condition on the product alias (a category's subtree).
 */
export function productConnection(
  f: Field,
  filter: ProductListFilter,
  scope?: (p: string) => Prisma.Sql,
): Prisma.Sql {
  const args = f.args as PageArgs & { sort?: ProductSortValue | null };
  const p = f.c.alias('p');
  const pg = f.c.alias('pg');
  const keys = productSortKeys(args.sort ?? 'RELEVANCE', p);
  const where = Prisma.join([filterSql(filter, p), ...(scope ? [scope(p)] : [])], ' AND ');
  const { cte, window } = pageCte(f, pg, keys, raw(`${p}.id`), sql`FROM products ${raw(p)} WHERE ${where}`);
  const page: ProductPage = {
    pg,
    p,
    from: `FROM ${pg} JOIN products ${p} ON ${p}.id = ${pg}.id`,
    keyCount: keys.length,
    window,
    where,
  };
  return sql`(${cte}
    SELECT ${f.c.object(CONNECTION, page, f)})`;
}
