import { Prisma } from '../../../generated/prisma/client';
import type { Pool } from 'pg';
import { queryRows } from '../../../db/statements';
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
import { defersProximity, hit, proximityCtes, rankColumns, searchSortKeys, tsq } from './search-rank';
import type { TextMatch } from './text-match';

/**
 * How products qualify: full text (all words, or relaxed: most of them), trigram similarity of the
 * name (last resort when nothing else matched; each word must also share some of its trigrams
 * with the name, or "zzzzzz jacket" would list every jacket), none (a query of stop words only),
 * or all products.
 */
export type Match =
  TextMatch | { kind: 'trgm'; text: string; words: string[] } | { kind: 'none' } | { kind: 'all' };

export interface SearchSqlInput {
  match: Match;
  /** At most this many products are matched when only some words need to (relaxed matching). */
  relaxedCap: number;
  /** Statement text named at most, in kB (DB_NAMED_STATEMENTS_KB). */
  namedKb: number;
  filter: ProductListFilter;
  sort: ProductSortValue;
  window: PageWindow;
  facets: boolean;
  highlight: boolean;
  /**
   * More columns for the final select (aliases `p` page product, `pg` page row, `agg`
   * totals/facets): the compiled read path's JSON. With them, the rows carry no product column
   * but `id` (the JSON is the product).
   */
  extraColumns?: Prisma.Sql;
}

export type SearchRow = ProductRecord &
  Record<`_k${number}`, string | null> & { _hlName: string; _hlDesc: string | null; _related: boolean };

export interface SearchSqlResult {
  rows: SearchRow[];
  /** Products that match (related products, `_related`, follow them but are not counted, nor in facets). */
  total: number;
  facets: { categories: CategoryFacetRecord[]; brands: BrandFacetRecord[]; priceRanges: PriceRangeRecord[] };
  keyCount: number;
  /** The first row, there even when the page is empty (where facet-level extra columns are read). */
  head: Record<string, unknown> | null;
}

/** Upper bounds of the price buckets (current price); the last bucket is open-ended. */
export const PRICE_BOUNDS = [10, 25, 50, 100, 250, 500, 1000];
const FACET_LIMIT = 20;
/**
 * Name similarity: the share of a query word's trigrams the closest part of the name must have
 * ("bedside" and "Side Table": 0.38; "brsas" and "Brass": 0.33; "zzzzzz" and "Jacket": 0).
 */
const TRGM_WORD_MIN = 0.3;

const esc = (col: string) =>
  Prisma.raw(`replace(replace(replace(${col}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`);

/** Bucket i of width_bucket → [min, max). */
export function priceBucket(i: number): { min: string; max: string | null } {
  const min = i === 0 ? 0 : PRICE_BOUNDS[i - 1]!;
  const max = i < PRICE_BOUNDS.length ? PRICE_BOUNDS[i]! : null;
  return { min: min.toFixed(2), max: max === null ? null : max.toFixed(2) };
}

/**
 * The matched rows: `select` (up to its WHERE) and the match. Relaxed matching can reach many
 * products through one common word, so it reads at most `cap` of those matching only some words,
 * after all of those matching every word (fewer than SEARCH_RELAX_BELOW, or it would not relax).
 * Related products (see relatedTo) come last, the RELATED_MAX most popular of the categories of
 * those matching every word: each part is one index scan (text, then category: as an array, not
 * `IN (subquery)`, which the planner joined to a scan of every product, 120 ms on 100k products).
 */
function matchedSql(
  select: Prisma.Sql,
  match: Match,
  cond: Prisma.Sql,
  cap: number,
  rest: Prisma.Sql,
): Prisma.Sql {
  if (match.kind !== 'text' || !match.partial) return Prisma.sql`SELECT ${select} AND ${cond}`;
  if (!match.complete) return Prisma.sql`SELECT ${select} AND ${cond} LIMIT ${cap}`;
  const complete = hit(match.complete);
  const partial =
    match.related && match.where === match.complete
      ? Prisma.empty
      : Prisma.sql`UNION ALL (SELECT ${select} AND ${cond} AND NOT ${complete} LIMIT ${cap})`;
  const related = match.related
    ? Prisma.sql`UNION ALL (SELECT ${select} AND NOT ${cond}
        AND p.category_id = ANY(ARRAY(SELECT p.category_id FROM products p WHERE ${rest} AND ${complete}))
        ORDER BY p.rating_count + p.sold_count DESC, p.id DESC LIMIT ${RELATED_MAX})`
    : Prisma.empty;
  return Prisma.sql`SELECT ${select} AND ${complete} ${partial} ${related}`;
}

/** Related products read at most (the most popular first): a page or two of "more like this". */
export const RELATED_MAX = 50;

/**
 * One statement answers a whole search: the match set is computed once (MATERIALIZED CTE, one
 * GIN index scan), then the page (keyset), the total and the three facets are read from it.
 * Facet and total columns travel only on the first row. ts_headline runs for the page rows only.
 * `agg` is MATERIALIZED because the compiled read path's facet objects read it again: inlined, the
 * facets were counted twice.
 */
export async function runSearchSql(pool: Pool, input: SearchSqlInput): Promise<SearchSqlResult> {
  const keys = searchSortKeys(input.sort, input.match.kind);
  // The words are in the text: a repeated search is planned once per connection (first pages;
  // a cursor's page is a text of its own).
  const rows = (
    await queryRows<SearchRow & { _total: number; _cats: unknown; _brands: unknown; _prices: unknown }>(
      pool,
      cachedStatement(input),
      { inline: true, namedKb: input.namedKb },
    )
  ).map(productRecord);
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
    head: first ?? null,
  };
}

/** Ids of the objects statements are cached by (a text match, the compiled path's columns), never reused. */
const ids = new WeakMap<object, number>();
let lastId = 0;
const idOf = (o: object | undefined) => {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++lastId));
  return id;
};

/**
 * Statements of recent searches, cleared when full: each holds its fragments and, once sent, its
 * inlined text (~6 kB for the bench's searches), so a few MB at most.
 */
const statements = new Map<string, Prisma.Sql>();
const MAX_STATEMENTS = 200;

/**
 * The statement of a search, built once per match (the same object while its plan is cached, see
 * textMatch), filter, sort, page size and selection: building it (fragments, ~6 kB of text, its
 * values inlined by queryRows) cost a tenth of a search's CPU, and shoppers repeat searches. A page
 * after a cursor (its values are in the text) and the name-similarity fallback (rare, its match made
 * per request) are built each time.
 */
function cachedStatement(input: SearchSqlInput): Prisma.Sql {
  const { match, window } = input;
  if (window.cursor || match.kind === 'trgm') return searchStatement(input);
  const key = [
    match.kind === 'text' ? idOf(match) : match.kind,
    idOf(input.extraColumns),
    input.sort,
    window.limit,
    window.backward,
    input.facets,
    input.highlight,
    input.relaxedCap,
    JSON.stringify(input.filter),
  ].join('|');
  let statement = statements.get(key);
  if (!statement) {
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statements.set(key, (statement = searchStatement(input)));
  }
  return statement;
}

/** The statement runSearchSql sends (a pure function of its input). */
function searchStatement(input: SearchSqlInput): Prisma.Sql {
  const { match, window } = input;
  const matchCond =
    match.kind === 'text'
      ? hit(match.where)
      : match.kind === 'trgm'
        ? Prisma.sql`${match.text} <% p.name AND ${Prisma.join(
            match.words.map((w) => Prisma.sql`word_similarity(${w}, p.name) >= ${TRGM_WORD_MIN}`),
            ' AND ',
          )}`
        : Prisma.sql`${match.kind === 'all'}`;
  const marked = match.kind === 'text' && match.units.length ? tsq(match.proximity) : null;
  const parts = filterParts(input.filter, 'p', match.kind !== 'all');
  // Related: also the products of the categories of those matching every word (same filters).
  const related = match.kind === 'text' && match.related && match.complete ? match : null;
  const flag = (s: Prisma.Sql | null) => s ?? Prisma.sql`true`;
  const keys = searchSortKeys(input.sort, match.kind);
  const relevance = input.sort === 'RELEVANCE';
  const limit = window.limit === 0 ? 0 : window.limit + 1;
  const deferred = match.kind === 'text' && defersProximity(match, relevance, window) ? match : null;
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
         WHERE NOT rel AND brand_ok AND price_ok AND category_id IS NOT NULL
         GROUP BY category_id ORDER BY n DESC, category_id LIMIT ${FACET_LIMIT}) f) AS cats,
      (SELECT coalesce(json_agg(json_build_array(brand_id, n)), '[]') FROM (
         SELECT brand_id, count(*)::int AS n FROM matched
         WHERE NOT rel AND cat_ok AND price_ok AND brand_id IS NOT NULL
         GROUP BY brand_id ORDER BY n DESC, brand_id LIMIT ${FACET_LIMIT}) f) AS brands,
      (SELECT coalesce(json_agg(json_build_array(b, n) ORDER BY b), '[]') FROM (
         SELECT width_bucket(eff_price, ${PRICE_BOUNDS}::numeric[]) AS b, count(*)::int AS n FROM matched
         WHERE NOT rel AND cat_ok AND brand_ok GROUP BY 1) f) AS prices`
    : Prisma.sql`, '[]'::json AS cats, '[]'::json AS brands, '[]'::json AS prices`;
  const hl =
    input.highlight && marked
      ? Prisma.sql`ts_headline('english', ${esc('p.name')}, ${marked}, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS "_hlName",
          ts_headline('english', ${esc('p.description')}, ${marked}, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2') AS "_hlDesc"`
      : input.highlight
        ? Prisma.sql`${esc('p.name')} AS "_hlName", left(${esc('p.description')}, 200) AS "_hlDesc"`
        : Prisma.sql`NULL AS "_hlName", NULL AS "_hlDesc"`;
  // The compiled read path reads each page product from its own JSON column: the id is enough.
  const productColumns = input.extraColumns ? Prisma.sql`p.id` : PRODUCT_COLUMNS;
  return Prisma.sql`
    WITH matched AS MATERIALIZED (${matchedSql(
      Prisma.sql`p.id, p.category_id, p.brand_id, p.featured, p.sold_count, p.created_at, p.rating_average,
        p.rating_count, ${effectivePriceSql('p')} AS eff_price, ${rankColumns(match, relevance, !!deferred)},
        ${deferred ? Prisma.sql`p.ctid AS tid,` : Prisma.empty}
        ${related ? Prisma.sql`NOT ${hit(related.where)}` : Prisma.sql`false`} AS rel,
        ${flag(parts.category)} AS cat_ok, ${flag(parts.brand)} AS brand_ok, ${flag(parts.price)} AS price_ok
      FROM products p WHERE ${Prisma.join(parts.rest, ' AND ')}`,
      match,
      matchCond,
      input.relaxedCap,
      Prisma.join(parts.rest, ' AND '),
    )}),
    hits AS (SELECT * FROM matched WHERE cat_ok AND brand_ok AND price_ok),
    ${deferred ? proximityCtes(deferred, limit) : Prisma.empty}
    page AS (
      SELECT m.id, m.rel, ${keyCols}, row_number() OVER (ORDER BY ${order}) AS ord
      FROM ${Prisma.raw(deferred ? 'ranked' : 'hits')} m WHERE ${after} ORDER BY ${order} LIMIT ${limit}
    ),
    agg AS MATERIALIZED (SELECT (SELECT count(*)::int FROM hits WHERE NOT rel) AS total ${facetSql})
    SELECT agg.total AS "_total",
           CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN agg.cats END AS "_cats",
           CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN agg.brands END AS "_brands",
           CASE WHEN pg.ord IS NULL OR pg.ord = 1 THEN agg.prices END AS "_prices",
           ${Prisma.raw(keys.map((_, i) => `pg."_k${i}"`).join(', '))}, ${productColumns}, ${hl},
           pg.rel AS "_related"
           ${input.extraColumns ? Prisma.sql`, ${input.extraColumns}` : Prisma.empty}
    FROM agg LEFT JOIN (page pg JOIN products p ON p.id = pg.id) ON true
    ORDER BY pg.ord`;
}

const DECIMALS = ['price', 'compareAtPrice', 'salePrice', 'ratingAverage'] as const;

/** A row as Prisma would have mapped it: pg reads numeric as text, ProductRecord's money is Decimal. */
function productRecord<R extends Partial<Record<(typeof DECIMALS)[number], unknown>>>(row: R): R {
  for (const k of DECIMALS)
    if (typeof row[k] === 'string') (row as Record<string, unknown>)[k] = new Prisma.Decimal(row[k]);
  return row;
}

export const highlightOf = (row: SearchRow): Highlight => ({ name: row._hlName, description: row._hlDesc });
