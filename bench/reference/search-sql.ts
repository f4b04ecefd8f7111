/**
 * The reference answer to bench/queries.ts's SEARCH: one hand-written statement per request that
 * builds the whole response body (`{"data":{"searchProducts":…}}`) in PostgreSQL — the match set
 * once (MATERIALIZED), then the total, the three facets, the page with its cursors, highlights
 * and products. Written for that one selection (facets and highlights always asked for, first:
 * 20, no `after`) and nothing else.
 *
 * What is searched is decided in search-plan.ts (the API's own pure planning, cached per distinct
 * search); this file only turns that decision into SQL and knows nothing of words. The ranking,
 * keyset order, cursor text, facets and highlighting follow what the API answers
 * (docs/storefront.md, "Ranking"), written again here: the statement does not come from the
 * API's builders. Unlike the API it computes only the rank columns its order needs (a sort other
 * than RELEVANCE needs the number of matched units only).
 *
 * Every value is inlined as a literal (tsquery texts hold letters, digits and operators only;
 * the rest is validated or quoted), so each distinct search is one named prepared statement
 * whose plan PostgreSQL keeps per connection.
 */
import type { TextMatch } from '../../src/modules/catalog/search/text-match';
import { gid, b64url } from './sql-helpers';

/** How products qualify (as the API's search statement takes it). */
export type Match =
  TextMatch | { kind: 'trgm'; text: string; words: string[] } | { kind: 'none' } | { kind: 'all' };

export type Sort = 'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'NEWEST' | 'RATING' | 'BEST_SELLING';

/** A ProductFilter with its global IDs decoded (an unknown ID is -1: matches nothing). */
export interface Filter {
  categoryId?: number;
  brandIds?: number[];
  minPrice?: string;
  maxPrice?: string;
  inStock?: boolean;
  minRating?: number;
  tags?: string[];
  onSale?: boolean;
}

/** What one search request runs. */
export interface Search {
  match: Match;
  filter: Filter;
  sort: Sort;
  correctedQuery: string | null;
  /** At most this many products are matched when only some units need to (SEARCH_RELAX_MAX_PRODUCTS). */
  relaxedCap: number;
}

const PAGE = 20;
/** Upper bounds of the price buckets (current price); the last bucket is open-ended. */
const BOUNDS = [10, 25, 50, 100, 250, 500, 1000];
const FACET_LIMIT = 20;

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ints = (xs: number[]) => `'{${xs.join(',')}}'::int[]`;
// Once per statement (an InitPlan), not once per row: to_tsquery is only STABLE.
const tsq = (q: string) => `(SELECT to_tsquery('english', ${lit(q)}))`;
const hit = (q: string) => `(p.search_vector @@ ${tsq(q)})`;
const sum = (xs: string[]) => (xs.length ? xs.join(' + ') : '0');
const esc = (col: string) => `replace(replace(replace(${col}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

const SALE = `(p.sale_price IS NOT NULL AND p.sale_price < p.price
  AND (p.sale_starts_at IS NULL OR p.sale_starts_at <= now())
  AND (p.sale_ends_at IS NULL OR p.sale_ends_at > now()))`;
const EFF = `(CASE WHEN ${SALE} THEN p.sale_price ELSE p.price END)`;

type Unit = TextMatch['units'][number];
/** How many units satisfy their condition (a unit without one, null, is not counted; NULL counts 0). */
const count = (us: Unit[], cond: (u: Unit) => string | null) =>
  sum(us.flatMap((u) => (cond(u) === null ? [] : [`((${cond(u)}) IS TRUE)::int`])));

/** The relevance columns, "higher is better", in the order they are compared; int unless said. */
const RANK =
  'r_words r_exact r_phrase r_type r_weight r_brand r_typos r_field r_synonyms r_proximity r_popularity'.split(
    ' ',
  );
const CAST: Record<string, string> = { r_weight: 'float8', r_proximity: 'real' };

/** Each relevance column's SQL over the product `p` of a match that is not `all`. */
function rankValues(match: Exclude<Match, { kind: 'all' }>): Record<string, string> {
  const value: Record<string, string> = {
    r_popularity: 'p.rating_count + p.sold_count',
    r_proximity: match.kind === 'trgm' ? `word_similarity(${lit(match.text)}, p.name)` : '0',
  };
  if (match.kind !== 'text' || match.units.length === 0) return value;
  const u = match.units;
  const any = (ids: number[], col: string) => (ids.length ? `p.${col} = ANY(${ints(ids)})` : null);
  const types = match.partial ? u.slice(-1) : u;
  return {
    ...value,
    r_words: match.partial
      ? count(
          u.filter((x) => !x.inferred),
          (x) => hit(x.any),
        )
      : String(u.length),
    r_exact: match.names.length
      ? `(octet_length(p.name) <= ${3 * Math.max(...match.names.map((n) => Buffer.byteLength(n)))} AND lower(p.name) = ANY(ARRAY[${match.names.map(lit).join(', ')}]))::int`
      : '0',
    r_phrase: match.phrase ? `${hit(match.phrase)}::int` : '0',
    // A category named by the word itself counts twice, one named only by a synonym once.
    // Relaxed, only the last unit names the type.
    r_type: `${count(types, (x) => any(x.categories, 'category_id'))} + ${count(types, (x) => any(x.ownCategories, 'category_id'))}`,
    r_weight: match.partial
      ? sum(
          u
            .filter((x) => !x.inferred)
            .map(
              (x) =>
                `CASE WHEN ${hit(x.name)} OR ${hit(x.meta)} THEN ${String(x.weight)}::float8 WHEN ${hit(x.any)} THEN ${String(x.weight / 2)}::float8 ELSE 0 END`,
            ),
        )
      : '0',
    r_brand: count(u, (x) => any(x.brands, 'brand_id')),
    r_typos: `-(${count(u, (x) => (x.noTypo ? `${hit(x.any)} AND NOT ${hit(x.noTypo)}` : null))})`,
    r_field: sum(u.map((x) => `4 * ${hit(x.name)}::int + 2 * ${hit(x.meta)}::int`)),
    r_synonyms: `-(${count(u, (x) => (x.exact ? `${hit(x.noTypo ?? x.any)} AND NOT ${hit(x.exact)}` : null))})`,
    r_proximity: `ts_rank_cd(p.search_vector, ${tsq(match.proximity)})`,
  };
}

/** Product orders (sort → columns of the matched row `m`). */
const PRODUCT_ORDER: Record<Sort, string> = {
  RELEVANCE: 'featured DESC, sold_count DESC, id DESC',
  PRICE_ASC: 'eff_price ASC, id ASC',
  PRICE_DESC: 'eff_price DESC, id DESC',
  NEWEST: 'created_at DESC, id DESC',
  RATING: 'rating_average DESC, rating_count DESC, id DESC',
  BEST_SELLING: 'sold_count DESC, id DESC',
};

export const isSort = (v: unknown): v is Sort => typeof v === 'string' && Object.hasOwn(PRODUCT_ORDER, v);

/**
 * The keyset order over the matched row `m` as [column, direction]: relevance, or the sort after
 * the number of units matched; the sort alone when every product matches.
 */
function orderOf(kind: Match['kind'], sort: Sort): [string, string][] {
  const order =
    kind === 'all'
      ? PRODUCT_ORDER[sort]
      : sort === 'RELEVANCE'
        ? `${RANK.join(' DESC, ')} DESC, id DESC`
        : `r_words DESC, ${PRODUCT_ORDER[sort]}`;
  return order.split(', ').map((c) => c.split(' ') as [string, string]);
}

/** The filter split the way facets need it: each facet ignores its own condition. */
function filterSql(f: Filter) {
  const rest = [`p.status = 'active'`];
  const inStock = `EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id
    AND v.is_active AND v.stock_on_hand > v.stock_reserved)`;
  if (f.inStock != null) rest.push(f.inStock ? inStock : `NOT ${inStock}`);
  if (f.minRating != null) rest.push(`p.rating_average >= ${lit(String(f.minRating))}::numeric`);
  if (f.tags?.length) {
    const tags = [...new Set(f.tags)];
    rest.push(`p.id IN (SELECT t.product_id FROM product_tags t WHERE t.tag = ANY(ARRAY[${tags.map(lit).join(', ')}])
      GROUP BY t.product_id HAVING count(DISTINCT t.tag) = ${tags.length})`);
  }
  if (f.onSale != null) rest.push(f.onSale ? SALE : `NOT ${SALE}`);
  const price = [
    ...(f.minPrice != null ? [`${EFF} >= ${lit(f.minPrice)}::numeric`] : []),
    ...(f.maxPrice != null ? [`${EFF} <= ${lit(f.maxPrice)}::numeric`] : []),
  ];
  return {
    rest: rest.join(' AND '),
    category:
      f.categoryId != null
        ? `p.category_id IN (WITH RECURSIVE sub AS (SELECT id FROM categories WHERE id = ${f.categoryId}
             UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)`
        : 'true',
    brand: f.brandIds != null ? `p.brand_id = ANY(${ints(f.brandIds)})` : 'true',
    price: price.length ? price.join(' AND ') : 'true',
  };
}

/** The matched set: products passing the non-facet filters and the match, flagged per facet filter. */
function matchedSql(s: Search, columns: string): string {
  const { match } = s;
  const f = filterSql(s.filter);
  const cond =
    match.kind === 'text'
      ? hit(match.where)
      : match.kind === 'trgm'
        ? [
            `${lit(match.text)} <% p.name`,
            ...match.words.map((w) => `word_similarity(${lit(w)}, p.name) >= 0.3`),
          ].join(' AND ')
        : String(match.kind === 'all');
  const select = `SELECT ${columns}${columns ? ', ' : ''}${f.category} AS cat_ok, ${f.brand} AS brand_ok, ${f.price} AS price_ok
    FROM products p WHERE ${f.rest}`;
  if (match.kind !== 'text' || !match.partial) return `${select} AND ${cond}`;
  // Relaxed matching can reach many products through one common word: bound the work (as the
  // API), never dropping those that match every word.
  if (!match.complete) return `${select} AND ${cond} LIMIT ${s.relaxedCap}`;
  return `${select} AND ${hit(match.complete)}
    UNION ALL (${select} AND ${cond} AND NOT ${hit(match.complete)} LIMIT ${s.relaxedCap})`;
}

/** How many products a search finds (planning: which relaxation step the API ends at). */
export const countSql = (s: Search) =>
  `SELECT count(*)::int AS n FROM (${matchedSql(s, '')}) m WHERE cat_ok AND brand_ok AND price_ok`;

/** The statement text answering one search with the whole response body. */
export function searchSql(s: Search): string {
  const { match } = s;
  const order = orderOf(match.kind, s.sort);
  const needed = new Set(order.map(([c]) => c));
  const ranks = match.kind === 'all' ? {} : rankValues(match);
  const columns = [
    'p.id, p.category_id, p.brand_id',
    `${EFF} AS eff_price`,
    ...['featured', 'sold_count', 'created_at', 'rating_average', 'rating_count']
      .filter((c) => needed.has(c))
      .map((c) => `p.${c}`),
    ...RANK.filter((c) => needed.has(c)).map((c) => `(${ranks[c] ?? '0'})::${CAST[c] ?? 'int'} AS ${c}`),
  ].join(', ');
  const orderBy = order.map(([c, dir]) => `m.${c} ${dir}`).join(', ');
  // The cursor: base64url of the JSON array of the order's values as text.
  const cursor = b64url(
    `'[' || ${order.map(([c]) => `to_json(m.${c}::text)::text`).join(` || ',' || `)} || ']'`,
  );
  const marked = match.kind === 'text' && match.units.length ? tsq(match.proximity) : null;
  const [hlName, hlDesc] = marked
    ? [
        `ts_headline('english', ${esc('p.name')}, ${marked}, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true')`,
        `ts_headline('english', ${esc('p.description')}, ${marked}, 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, MaxFragments=2')`,
      ]
    : [esc('p.name'), `left(${esc('p.description')}, 200)`];
  const bucketText = (xs: (number | null)[]) =>
    `(ARRAY[${xs.map((x) => (x === null ? 'NULL' : `'${x.toFixed(2)}'`)).join(', ')}]::text[])[f.b + 1]`;
  const facet = (col: string, table: string, type: string, key: string, where: string) => `coalesce((
      SELECT json_agg(json_build_object('${key}', json_build_object('id', ${gid(type, 'x.id')}, 'name', x.name), 'count', f.n)
                      ORDER BY f.n DESC, f.${col})
      FROM (SELECT ${col}, count(*)::int AS n FROM matched WHERE ${where} AND ${col} IS NOT NULL
            GROUP BY ${col} ORDER BY n DESC, ${col} LIMIT ${FACET_LIMIT}) f
      JOIN ${table} x ON x.id = f.${col}), '[]')`;
  return `
WITH matched AS MATERIALIZED (${matchedSql(s, columns)}),
hits AS (SELECT * FROM matched WHERE cat_ok AND brand_ok AND price_ok),
page AS (
  SELECT m.id, ${cursor} AS cursor, row_number() OVER (ORDER BY ${orderBy}) AS n
  FROM hits m ORDER BY ${orderBy} LIMIT ${PAGE + 1}
)
SELECT json_build_object('data', json_build_object('searchProducts', json_build_object(
  'totalCount', (SELECT count(*)::int FROM hits),
  'correctedQuery', ${s.correctedQuery === null ? 'NULL::text' : lit(s.correctedQuery)},
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) > ${PAGE} FROM page),
    'endCursor', (SELECT cursor FROM page WHERE n <= ${PAGE} ORDER BY n DESC LIMIT 1)),
  'facets', json_build_object(
    'categories', ${facet('category_id', 'categories', 'Category', 'category', 'brand_ok AND price_ok')},
    'brands', ${facet('brand_id', 'brands', 'Brand', 'brand', 'cat_ok AND price_ok')},
    'priceRanges', coalesce((
      SELECT json_agg(json_build_object('min', ${bucketText([0, ...BOUNDS])}, 'max', ${bucketText(BOUNDS)},
                                        'count', f.n) ORDER BY f.b)
      FROM (SELECT width_bucket(eff_price, '{${BOUNDS.join(',')}}'::numeric[]) AS b, count(*)::int AS n
            FROM matched WHERE cat_ok AND brand_ok GROUP BY 1) f), '[]')),
  'edges', coalesce((SELECT json_agg(json_build_object(
    'cursor', pg.cursor,
    'highlight', json_build_object('name', ${hlName}, 'description', ${hlDesc}),
    'node', json_build_object(
      'id', ${gid('Product', 'p.id')},
      'name', p.name,
      'slug', p.slug,
      'currentPrice', json_build_object('amount', round(${EFF}, 2)::text, 'currencyCode', btrim(p.currency)),
      'onSale', ${SALE},
      'rating', json_build_object('average', p.rating_average::float8, 'count', p.rating_count),
      'brand', (SELECT json_build_object('name', b.name) FROM brands b WHERE b.id = p.brand_id),
      'images', coalesce((SELECT json_agg(json_build_object('url', i.url, 'isPrimary', i.is_primary)
                            ORDER BY i.is_primary DESC, i.position, i.id)
                          FROM product_images i WHERE i.product_id = p.id), '[]'))
  ) ORDER BY pg.n) FROM page pg JOIN products p ON p.id = pg.id WHERE pg.n <= ${PAGE}), '[]')
)))::text AS body`;
}
