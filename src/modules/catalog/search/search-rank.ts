import { Prisma } from '../../../generated/prisma/client';
import type { PageWindow, SortKey } from '../../../graphql/connection';
import type { ProductSortValue } from '../catalog.types';
import { productSortKeys, sortKey } from '../product-sort';
import type { Match } from './search-sql';
import type { TextMatch } from './text-match';

/**
 * How search ranks (docs/storefront.md, "Ranking"): the rank columns of the matched set and the
 * keyset ordering over them.
 */

/**
 * Whether the name is one of `names` (lower case). The length test first: lower() of every matched
 * name cost ~6% of a 4,600-match search; a name lower() may shrink (the Kelvin sign) is at most 3×.
 */
function exactName(names: string[]): Prisma.Sql {
  const bytes = 3 * Math.max(...names.map((n) => Buffer.byteLength(n)));
  return Prisma.sql`(octet_length(p.name) <= ${bytes} AND lower(p.name) = ANY(${names}::text[]))::int`;
}

/**
 * The relevance of a product, as columns of the matched set, each "higher is better", compared in
 * this order (docs/storefront.md, "Ranking"): units of the query matched, the name is the query
 * (singular or plural), the query's words as a
 * phrase in the name, units naming a category the product is in (type words), the rarity of the
 * matched units (only differs when relaxed), units naming its brand,
 * minus units matched only through a typo or as a prefix, field weight (4 per unit in the name,
 * 2 in brand/category/tags),
 * minus units found only through the dictionary, proximity of the words (ts_rank_cd), popularity
 * (ratings + units sold); the id breaks the last ties.
 */
const RANK: [column: string, cast: string][] = [
  ['r_words', 'int'],
  ['r_exact', 'int'],
  ['r_phrase', 'int'],
  ['r_type', 'int'],
  ['r_weight', 'float8'],
  ['r_brand', 'int'],
  ['r_typos', 'int'],
  ['r_field', 'int'],
  ['r_synonyms', 'int'],
  ['r_proximity', 'real'],
  ['r_popularity', 'int'],
];

// A sub-select: to_tsquery is only STABLE, so written plainly it is parsed again for every row it
// is tested against (a rank column tests several per matched product); as an InitPlan, once.
export const tsq = (text: string) => Prisma.sql`(SELECT to_tsquery('english', ${text}))`;
export const hit = (text: string) => Prisma.sql`(p.search_vector @@ ${tsq(text)})`;
const sum = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, ' + ') : Prisma.sql`0`);

/**
 * The rank columns of the matched set. Another sort than relevance orders by the units matched
 * alone: the other columns are constants then (no tsquery evaluated per product for them).
 */
export function rankColumns(match: Match, relevance: boolean, deferProximity = false): Prisma.Sql {
  if (match.kind === 'all') return Prisma.sql`0 AS r_none`;
  const zero = Prisma.sql`0`;
  const value: Record<string, Prisma.Sql> = {
    r_popularity: relevance ? Prisma.sql`p.rating_count + p.sold_count` : zero,
    r_proximity:
      match.kind === 'trgm' && relevance ? Prisma.sql`word_similarity(${match.text}, p.name)` : zero,
  };
  if (match.kind === 'text' && match.units.length) {
    const u = match.units;
    // IS TRUE: a product without a category or brand counts 0 there, not NULL (which sorts first).
    const count = (xs: typeof u, cond: (x: (typeof u)[number]) => Prisma.Sql) =>
      sum(xs.map((x) => Prisma.sql`((${cond(x)}) IS TRUE)::int`));
    // A word only guessed at through broader or similar words counts neither as one matched nor
    // in the weight: a duvet cover that is "comfortable" and made of "fabric" is no "comfortable
    // velvet sofa".
    value.r_words = match.partial
      ? count(
          u.filter((x) => !x.inferred),
          (x) => hit(x.any),
        )
      : Prisma.sql`${u.length}`;
    // Relaxed, only the last unit's type words count: the head of an English noun phrase is the
    // type ("bar stool" is a stool, not a bar accessory).
    const types = match.partial ? u.slice(-1) : u;
    if (relevance)
      Object.assign(value, {
        // A category named by the word itself counts twice, one named only by a synonym once.
        r_type: Prisma.sql`${count(
          types.filter((x) => x.categories.length),
          (x) => Prisma.sql`p.category_id = ANY(${x.categories}::int[])`,
        )} + ${count(
          types.filter((x) => x.ownCategories.length),
          (x) => Prisma.sql`p.category_id = ANY(${x.ownCategories}::int[])`,
        )}`,
        r_exact: match.names.length ? exactName(match.names) : zero,
        r_phrase: match.phrase ? Prisma.sql`${hit(match.phrase)}::int` : zero,
        r_brand: count(
          u.filter((x) => x.brands.length),
          (x) => Prisma.sql`p.brand_id = ANY(${x.brands}::int[])`,
        ),
        r_weight: match.partial
          ? sum(
              u
                .filter((x) => !x.inferred)
                .map(
                  (x) =>
                    Prisma.sql`CASE WHEN ${hit(x.name)} OR ${hit(x.meta)} THEN ${x.weight}::float8 WHEN ${hit(x.any)} THEN ${x.weight / 2}::float8 ELSE 0 END`,
                ),
            )
          : zero,
        r_typos: Prisma.sql`-(${count(
          u.filter((x) => x.noTypo),
          (x) => Prisma.sql`${hit(x.any)} AND NOT ${hit(x.noTypo!)}`,
        )})`,
        r_field: sum(u.map((x) => Prisma.sql`4 * ${hit(x.name)}::int + 2 * ${hit(x.meta)}::int`)),
        r_synonyms: Prisma.sql`-(${count(
          u.filter((x) => x.exact),
          (x) => Prisma.sql`${hit(x.noTypo ?? x.any)} AND NOT ${hit(x.exact!)}`,
        )})`,
        r_proximity: Prisma.sql`ts_rank_cd(p.search_vector, ${tsq(match.proximity)})`,
      });
  }
  return Prisma.join(
    RANK.filter(([col]) => !(deferProximity && col === 'r_proximity')).map(
      ([col, cast]) => Prisma.sql`(${value[col] ?? zero})::${Prisma.raw(cast)} AS ${Prisma.raw(col)}`,
    ),
    ', ',
  );
}

/** The rank columns compared before proximity. */
const BEFORE_PROXIMITY = RANK.slice(
  0,
  RANK.findIndex(([col]) => col === 'r_proximity'),
).map(([col]) => col);

/**
 * Whether proximity is computed for the rows that can reach the page only (proximityCtes) rather
 * than for every match: a first page by relevance of a text match. `ts_rank_cd` costs ~7 µs a row,
 * and only breaks ties of the keys before it: "stainless steel" matches 4,624 of the 100k seed's
 * products, of which 121 can reach its first page (59 → 43 ms in psql). Where most matches tie
 * it costs a little more (reading them again): "running shoe", 1,063 of 1,408, 26 → 30 ms. Over
 * the bench's 20 searches, single client: p50 15.3 → 12.5 ms, p95 44.3 → 33.6 ms. Pages after a
 * cursor need it for the rows tied with the cursor, so they compute it for every match.
 */
export function defersProximity(match: Match, relevance: boolean, window: PageWindow): boolean {
  return (
    relevance &&
    match.kind === 'text' &&
    match.units.length > 0 &&
    !window.cursor &&
    !window.backward &&
    window.limit > 0
  );
}

/**
 * `ranked`: the rows of `hits` that can be among the first `limit` by relevance, with their
 * proximity. The `limit`-th row by the keys before proximity (`bound`) is in the page or tied with
 * the last one in it; a row below it on those keys has `limit` rows ahead of it whatever the
 * proximity, so only the rows at or above it are ranked. All keys are descending: a row comparison
 * says "at or above". Their vectors are read again by the rows' `tid` (the matched set's `ctid`:
 * the same row versions under the statement's snapshot, without an index lookup each). The page
 * is the one the whole ordering gives, as bench:compare's check against the reference (which
 * computes proximity for every match) and search-proximity.test.ts confirm.
 */
export function proximityCtes(match: TextMatch, limit: number): Prisma.Sql {
  const keys = BEFORE_PROXIMITY.join(', ');
  const order = BEFORE_PROXIMITY.map((c) => `${c} DESC`).join(', ');
  const row = BEFORE_PROXIMITY.map((c) => `h.${c}`).join(', ');
  return Prisma.sql`bound AS (SELECT ${Prisma.raw(keys)} FROM hits ORDER BY ${Prisma.raw(order)} LIMIT 1 OFFSET ${limit - 1}),
    ranked AS (
      SELECT h.*, (ts_rank_cd(p.search_vector, ${tsq(match.proximity)}))::real AS r_proximity
      FROM hits h JOIN products p ON p.ctid = h.tid
      WHERE NOT EXISTS (SELECT 1 FROM bound) OR (${Prisma.raw(row)}) >= (SELECT ${Prisma.raw(keys)} FROM bound)
    ),`;
}

/** The keyset ordering of a search: relevance, or the chosen sort after the number of units matched. */
export function searchSortKeys(sort: ProductSortValue, kind: Match['kind']): SortKey[] {
  if (kind === 'all') return productSortKeys(sort, 'm', 'm.eff_price');
  if (sort === 'RELEVANCE')
    return [...RANK.map(([c, cast]) => sortKey(`m.${c}`, 'DESC', cast)), sortKey('m.id', 'DESC', 'int')];
  return [sortKey('m.r_words', 'DESC', 'int'), ...productSortKeys(sort, 'm', 'm.eff_price')];
}
