import { Prisma } from '../../../generated/prisma/client';
import type { PrismaClient } from '../../../db/prisma';
import { keysetPredicate, orderBySql, type PageWindow } from '../../../graphql/connection';
import type {
  BrandFacetRecord,
  CategoryFacetRecord,
  Highlight,
  PriceRangeRecord,
  ProductRecord,
  ProductSortValue,
} from '../catalog.types';
import { PRODUCT_COLUMNS } from '../product-columns';
import { effectivePriceSql, filterParts, type ProductListFilter } from '../product-filter';
import { productSortKeys } from '../product-sort';

/** How products qualify: full text, trigram similarity of the name (typo fallback), or all. */
export type Match = { kind: 'fts'; tsquery: string } | { kind: 'trgm'; text: string } | { kind: 'all' };

export interface SearchSqlInput {
  match: Match;
  filter: ProductListFilter;
  sort: ProductSortValue;
  window: PageWindow;
  facets: boolean;
  highlight: boolean;
}

export type SearchRow = ProductRecord &
  Record<`_k${number}`, string | null> & { _hlName: string; _hlDesc: string | null };

export interface SearchSqlResult {
  rows: SearchRow[];
  total: number;
  facets: { categories: CategoryFacetRecord[]; brands: BrandFacetRecord[]; priceRanges: PriceRangeRecord[] };
  keyCount: number;
}

/** Upper bounds of the price buckets (current price); the last bucket is open-ended. */
export const PRICE_BOUNDS = [10, 25, 50, 100, 250, 500, 1000];
const FACET_LIMIT = 20;

const esc = (col: string) =>
  Prisma.raw(`replace(replace(replace(${col}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`);

/** Bucket i of width_bucket → [min, max). */
export function priceBucket(i: number): { min: string; max: string | null } {
  const min = i === 0 ? 0 : PRICE_BOUNDS[i - 1]!;
  const max = i < PRICE_BOUNDS.length ? PRICE_BOUNDS[i]! : null;
  return { min: min.toFixed(2), max: max === null ? null : max.toFixed(2) };
}

/**
 * One statement answers a whole search: the match set is computed once (MATERIALIZED CTE, one
 * GIN index scan), then the page (keyset), the total and the three facets are read from it.
 * Facet and total columns travel only on the first row. ts_headline runs for the page rows only.
 */
export async function runSearchSql(prisma: PrismaClient, input: SearchSqlInput): Promise<SearchSqlResult> {
  const { match, window } = input;
  const tsq = match.kind === 'fts' ? Prisma.sql`to_tsquery('english', ${match.tsquery})` : null;
  const matchCond =
    match.kind === 'fts'
      ? Prisma.sql`p.search_vector @@ ${tsq}`
      : match.kind === 'trgm'
        ? Prisma.sql`${match.text} <% p.name`
        : Prisma.sql`true`;
  const rank =
    match.kind === 'fts'
      ? Prisma.sql`ts_rank('{0.05,0.1,0.4,1.0}', p.search_vector, ${tsq})`
      : match.kind === 'trgm'
        ? Prisma.sql`word_similarity(${match.text}, p.name)`
        : Prisma.sql`0::real`;
  const parts = filterParts(input.filter, 'p');
  const flag = (s: Prisma.Sql | null) => s ?? Prisma.sql`true`;
  const keys = productSortKeys(input.sort, 'm', 'm.eff_price', match.kind === 'all' ? null : 'm.rank');
  const keyCols = Prisma.join(
    keys.map((k, i) => Prisma.sql`(${k.expr})::text AS ${Prisma.raw(`"_k${i}"`)}`),
    ', ',
  );
  const order = orderBySql(keys, window.backward);
  const after = window.cursor ? keysetPredicate(keys, window.cursor, window.backward) : Prisma.sql`true`;
  const facetSql = input.facets
    ? Prisma.sql`,
      (SELECT coalesce(json_agg(json_build_array(category_id, n)), '[]') FROM (
         SELECT category_id, count(*)::int AS n FROM matched
         WHERE brand_ok AND price_ok AND category_id IS NOT NULL
         GROUP BY category_id ORDER BY n DESC, category_id LIMIT ${FACET_LIMIT}) f) AS cats,
      (SELECT coalesce(json_agg(json_build_array(brand_id, n)), '[]') FROM (
         SELECT brand_id, count(*)::int AS n FROM matched
         WHERE cat_ok AND price_ok AND brand_id IS NOT NULL
         GROUP BY brand_id ORDER BY n DESC, brand_id LIMIT ${FACET_LIMIT}) f) AS brands,
      (SELECT coalesce(json_agg(json_build_array(b, n) ORDER BY b), '[]') FROM (
         SELECT width_bucket(eff_price, ${PRICE_BOUNDS}::numeric[]) AS b, count(*)::int AS n FROM matched
         WHERE cat_ok AND brand_ok GROUP BY 1) f) AS prices`
    : Prisma.sql`, '[]'::json AS cats, '[]'::json AS brands, '[]'::json AS prices`;
  const hl =
    input.highlight && tsq
      ? Prisma.sql`ts_headline('english', ${esc('p.name')}, ${tsq}, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS "_hlName",
          ts_headline('english', ${esc('p.description')}, ${tsq}, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2') AS "_hlDesc"`
      : input.highlight
        ? Prisma.sql`${esc('p.name')} AS "_hlName", left(${esc('p.description')}, 200) AS "_hlDesc"`
        : Prisma.sql`NULL AS "_hlName", NULL AS "_hlDesc"`;
  const limit = window.limit === 0 ? 0 : window.limit + 1;
  const rows = await prisma.$queryRaw<
    (SearchRow & { _total: number; _cats: unknown; _brands: unknown; _prices: unknown })[]
  >`
    WITH matched AS MATERIALIZED (
      SELECT p.id, p.category_id, p.brand_id, p.featured, p.sold_count, p.created_at, p.rating_average,
             p.rating_count, ${effectivePriceSql('p')} AS eff_price, ${rank} AS rank,
             ${flag(parts.category)} AS cat_ok, ${flag(parts.brand)} AS brand_ok, ${flag(parts.price)} AS price_ok
      FROM products p
      WHERE ${Prisma.join(parts.rest, ' AND ')} AND ${matchCond}
    ),
    hits AS (SELECT * FROM matched WHERE cat_ok AND brand_ok AND price_ok),
    page AS (
      SELECT m.id, ${keyCols}, row_number() OVER (ORDER BY ${order}) AS ord
      FROM hits m WHERE ${after} ORDER BY ${order} LIMIT ${limit}
    ),
    agg AS (SELECT (SELECT count(*)::int FROM hits) AS total ${facetSql})
    SELECT agg.total AS "_total",
           CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN agg.cats END AS "_cats",
           CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN agg.brands END AS "_brands",
           CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN agg.prices END AS "_prices",
           ${Prisma.raw(keys.map((_, i) => `pg."_k${i}"`).join(', '))}, ${PRODUCT_COLUMNS}, ${hl}
    FROM agg LEFT JOIN (page pg JOIN products p ON p.id = pg.id) ON true
    ORDER BY pg.ord`;
  const first = rows[0];
  const pairs = (v: unknown) => (Array.isArray(v) ? (v as [number, number][]) : []);
  return {
    rows: rows.filter((r) => r.id != null),
    total: first?._total ?? 0,
    facets: {
      categories: pairs(first?._cats).map(([categoryId, count]) => ({ categoryId, count })),
      brands: pairs(first?._brands).map(([brandId, count]) => ({ brandId, count })),
      priceRanges: pairs(first?._prices).map(([b, count]) => ({ ...priceBucket(b), count })),
    },
    keyCount: keys.length,
  };
}

export const highlightOf = (row: SearchRow): Highlight => ({ name: row._hlName, description: row._hlDesc });
