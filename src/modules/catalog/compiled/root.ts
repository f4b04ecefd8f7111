import type { DocumentNode, GraphQLSchema } from 'graphql';
import { Prisma } from '../../../generated/prisma/client';
import type { ProductFilter } from '../../../generated/graphql';
import { tryGlobalIntId } from '../../../graphql/global-id';
import { toListFilter } from '../product-filter';
import { BRAND, CATEGORY, PRODUCT, productConnection } from './catalog-fields';
import { compileQuery, Unsupported, type CompiledQuery, type RootFieldSql, type TypeTable } from './compiler';
import { searchProducts } from './search-fields';
import { jsonList } from './sql';

const sql = Prisma.sql;
const raw = Prisma.raw;

/**
 * `product(id|slug)` / `category(id|slug)`: the row if it is visible (`visible` over its alias),
 * else null, as getProduct / getCategory answer. Passing both or neither is the general path's
 * BAD_USER_INPUT to report.
 */
const byIdOrSlug =
  (type: string, table: string, fields: TypeTable<string>, visible: (x: string) => string): RootFieldSql =>
  (_root, f) => {
    const { id, slug } = f.args as { id?: string | null; slug?: string | null };
    if ((id == null) === (slug == null)) throw new Unsupported('pass exactly one of id or slug');
    const x = f.c.alias(table[0]!);
    const match =
      id != null ? sql`${raw(x)}.id = ${tryGlobalIntId(id, type)}::int` : sql`${raw(x)}.slug = ${slug}`;
    return sql`(SELECT ${f.c.object(fields, x, f)} FROM ${raw(`${table} ${x}`)} WHERE ${match} AND ${raw(visible(x))})`;
  };

/** The catalog's root fields the compiler answers; any other root field sends the operation down the general path. */
const QUERY: { name: string; fields: Record<string, RootFieldSql> } = {
  name: 'Query',
  fields: {
    searchProducts,
    products: (_root, f) => productConnection(f, toListFilter(f.args.filter as ProductFilter | null)),
    product: byIdOrSlug('Product', 'products', PRODUCT, (x) => `${x}.status = 'active'`),
    category: byIdOrSlug('Category', 'categories', CATEGORY, (x) => `${x}.is_active`),
    categories: (_root, f) => {
      const x = f.c.alias('c');
      return jsonList(
        f.c.object(CATEGORY, x, f),
        raw(`FROM categories ${x} WHERE ${x}.parent_id IS NULL AND ${x}.is_active`),
        `${x}.sort_order, ${x}.name`,
      );
    },
    brands: (_root, f) => {
      const x = f.c.alias('b');
      return jsonList(f.c.object(BRAND, x, f), raw(`FROM brands ${x}`), `${x}.name, ${x}.id`);
    },
  },
};

/**
 * A catalog read operation compiled: one SQL statement whose `data` column holds the root fields
 * it answers, plus the searches run through the search service; null when the general path must
 * answer (see compileQuery).
 */
export function compileCatalogRead(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  maxPageSize: number;
}): CompiledQuery | null {
  return compileQuery(opts, QUERY);
}
