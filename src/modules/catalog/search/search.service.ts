import { performance } from 'node:perf_hooks';
import type { Prisma } from '../../../generated/prisma/client';
import { pageWindow, toConnection, type PageArgs } from '../../../graphql/connection';
import type { PrismaClient } from '../../../db/prisma';
import type { GraphQLContext } from '../../../server/context';
import type { ProductSortValue, SearchConnection, SearchEdge } from '../catalog.types';
import type { ProductListFilter } from '../product-filter';
import { expansionsOf, type Expansions } from './lexicon';
import { parseQuery, type ParsedQuery, type SynonymMap } from './query-parser';
import { draftClauses, planQuery, wordQueries, type SearchPlan } from './query-plan';
import { searchSortKeys } from './search-rank';
import { highlightOf, runSearchSql, type Match, type SearchRow } from './search-sql';
import { getSynonyms } from './synonyms';
import { relatedTo, textMatch } from './text-match';
import { categoryIndex } from './type-words';
import { catalogShape, lookupWords, type CatalogShape } from './vocabulary';

export interface SearchArgs extends PageArgs {
  query: string;
  filter: ProductListFilter;
  sort: ProductSortValue;
  /** Which costly parts the client selected (facets, highlight); skipped otherwise. */
  want: { facets: boolean; highlight: boolean };
  /** Extra columns of the search statement (the compiled read path's JSON, see search-sql.ts). */
  extraColumns?: Prisma.Sql;
}

/** Dictionary synonyms and narrower terms tried per query word (the catalog keeps those it uses). */
const MAX_EXPANSIONS = 80;
const NO_EXPANSIONS = { synonyms: [], narrower: [], broader: [] };

/** Plans of recent queries, each valid while the catalog shape and synonyms it was made from are current. */
interface CachedPlan {
  plan: SearchPlan;
  shape: Promise<CatalogShape>;
  synonyms: Promise<SynonymMap>;
}
const plans = new WeakMap<PrismaClient, Map<string, CachedPlan>>();
/** Plans kept at most: ~1 kB each, 22 kB in the heap for 12 broad words (measured), so ≤ ~22 MB for a flood of unique queries. */
const MAX_PLANS = 1_000;

/**
 * The plan of a query, from the cache while the cached catalog shape and synonyms it was made from
 * are still the current ones (both are reloaded at least every minute and at once after an edit).
 * Planning costs ~0.8 ms of CPU a search (dictionary expansions, category words, typo choices);
 * shoppers repeat queries.
 */
async function cachedPlan(ctx: GraphQLContext, parsed: ParsedQuery): Promise<SearchPlan> {
  const { prisma } = ctx;
  let cache = plans.get(prisma);
  if (!cache) plans.set(prisma, (cache = new Map()));
  const key = JSON.stringify(parsed.clauses);
  const shape = catalogShape(prisma);
  const synonyms = getSynonyms(prisma);
  const hit = cache.get(key);
  if (hit && hit.shape === shape && hit.synonyms === synonyms) return hit.plan;
  const plan = await planSearch(ctx, parsed, await shape, await synonyms);
  if (cache.size >= MAX_PLANS) cache.clear();
  cache.set(key, { plan, shape, synonyms });
  return plan;
}

/**
 * What the words mean here: the shop's synonyms, the default dictionary's and the category words
 * that are kinds of a word, then one vocabulary lookup (cached) for which words the catalog uses,
 * how often, and what unknown words may be typos of. (Also what bench/reference plans with.)
 */
export async function planSearch(
  ctx: Pick<GraphQLContext, 'config' | 'prisma'>,
  parsed: ParsedQuery,
  shape: CatalogShape,
  synonyms: SynonymMap,
): Promise<SearchPlan> {
  const { config, prisma } = ctx;
  const typos = { oneFrom: config.SEARCH_TYPO_MIN_LENGTH_1, twoFrom: config.SEARCH_TYPO_MIN_LENGTH_2 };
  // The catalog's shape says which category words are kinds of a word.
  const index = categoryIndex(shape.categories, shape.brands);
  const dictionary = (term: string): Expansions => {
    const entry = config.SEARCH_DEFAULT_SYNONYMS ? expansionsOf(term, MAX_EXPANSIONS) : NO_EXPANSIONS;
    // A guess (a broader or similar word) that names one of the catalog's brands is that brand
    // here, not the thing: "sony" is like "apple" in general text, yet finds no Apple product.
    const found = {
      ...entry,
      broader: entry.broader.map((level) => level.filter((t) => index.brands(t.split(' ')).length === 0)),
    };
    // A word that names no category may be the last part of one that does ("phone": Smartphones),
    // or mean what such a word does ("cellphone": mobile phone): those categories stand for it like
    // synonyms, however often the catalog uses the word.
    if (index.named([term]).length) return found;
    // A phrase's own last word says what kind it is, not what it is ("running shoe" is no snowshoe).
    const heads = [
      ...(term.includes(' ') ? [] : [term]),
      ...found.synonyms.map((s) => s.slice(s.lastIndexOf(' ') + 1)),
    ];
    const kinds = [...new Set(heads.flatMap((h) => (index.named([h]).length ? [] : index.compounds(h))))];
    // Categories of kinds of it ("computer": Laptops) are narrower terms: only for a word the
    // catalog hardly uses itself ("cover" in a shop of pillow covers is no rug, a floor cover).
    const narrower = config.SEARCH_DEFAULT_SYNONYMS && !term.includes(' ') ? index.kinds(term) : [];
    return kinds.length || narrower.length
      ? { ...found, synonyms: [...kinds, ...found.synonyms], narrower: [...narrower, ...found.narrower] }
      : found;
  };
  const drafts = draftClauses(parsed, synonyms, dictionary);
  const words = await lookupWords(prisma, wordQueries(drafts, typos), typos.twoFrom);
  return planQuery(drafts, (w) => words.get(w)!, shape.products, typos, index);
}

function toSearchConnection(
  result: Awaited<ReturnType<typeof runSearchSql>>,
  window: ReturnType<typeof pageWindow>,
  correctedQuery: string | null,
): SearchConnection {
  const conn = toConnection<SearchRow>(
    result.rows,
    window,
    (row) => Array.from({ length: result.keyCount }, (_, i) => row[`_k${i}`]),
    () => result.total,
  );
  const edges: SearchEdge[] = conn.edges.map((e) => ({
    ...e,
    highlight: highlightOf(e.node),
    related: e.node._related === true,
  }));
  return {
    ...conn,
    edges,
    totalCount: result.total,
    facets: result.facets,
    correctedQuery,
    head: result.head,
  };
}

/**
 * searchProducts: products matching every word (as typed, as a prefix while typing, through
 * synonyms, or corrected within the allowed typos); when fewer than SEARCH_RELAX_BELOW do, products
 * matching most of the words join them, ranked below; when nothing matches at all, name similarity.
 * The common case is one SQL statement (word lookups are cached); logging goes to a job.
 */
export async function searchProducts(ctx: GraphQLContext, args: SearchArgs): Promise<SearchConnection> {
  const started = performance.now();
  const parsed = parseQuery(args.query);
  const text = parsed.clauses.length > 0;
  // The cursor's columns depend on the sort and on whether there is text to rank by.
  const columns = searchSortKeys(args.sort, text ? 'text' : 'all').map((k) => k.cast);
  const window = pageWindow(args, columns, ctx.config.GRAPHQL_MAX_PAGE_SIZE);
  const run = (match: Match) =>
    runSearchSql(ctx.db.pool, {
      match,
      relaxedCap: ctx.config.SEARCH_RELAX_MAX_PRODUCTS,
      namedKb: ctx.config.DB_NAMED_STATEMENTS_KB,
      filter: args.filter,
      sort: args.sort,
      facets: args.want.facets,
      highlight: args.want.highlight,
      window,
      extraColumns: args.extraColumns,
    });

  let result: Awaited<ReturnType<typeof run>>;
  let corrected: string | null = null;
  if (!text) {
    result = await run({ kind: 'all' });
  } else {
    const plan = await cachedPlan(ctx, parsed);
    const full = textMatch(plan, 'full');
    // A word nothing in the catalog matches would empty the full match: go straight to relaxing.
    const hopeless = plan.units.some((u) => !u.possible);
    result = await run(full && !hopeless ? full : { kind: 'none' });
    // Fewer than SEARCH_RELAX_BELOW: most of the words, then (still too few) any of them.
    let best = full && !hopeless ? full : null;
    let tried = best?.where ?? null;
    for (const mode of ['relaxed', 'widest'] as const) {
      if (result.total >= ctx.config.SEARCH_RELAX_BELOW) break;
      const relaxed = textMatch(plan, mode, result.total === 0);
      if (!relaxed || relaxed.where === tried) continue;
      tried = relaxed.where;
      const more = await run(relaxed);
      if (more.total > result.total) [result, best] = [more, relaxed];
    }
    // Still too few: the rest of their categories follow them (the total and facets still count
    // the matches alone).
    const few = result.total > 0 && result.total < ctx.config.SEARCH_RELAX_BELOW;
    const related = few && best && relatedTo(best, plan);
    if (related) result = await run(related);
    if (result.total > 0) corrected = plan.correctedQuery;
    // Name similarity cannot honour exclusions, so a query with -words never falls back to it.
    else if (plan.units.length > 0 && plan.filters.length === 0 && parsed.clauses.every((c) => !c.negated)) {
      const words = parsed.clauses.flatMap((c) => c.words);
      const similar = await run({ kind: 'trgm', text: words.join(' '), words });
      if (similar.total > 0) result = similar;
    }
  }
  const connection = toSearchConnection(result, window, corrected);
  if (!window.cursor) logSearch(ctx, args, parsed, connection, Math.round(performance.now() - started));
  return connection;
}

/** Requests that already enqueued their search log (a request's context lives as long as it does). */
const loggedRequests = new WeakSet<GraphQLContext>();

/**
 * Enqueues the search_logs row, batched with other searches' (`sendLater`); never awaited by the
 * response and never fails the search. One job per request: a request that aliases
 * searchProducts a hundred times logs its first search only.
 */
function logSearch(
  ctx: GraphQLContext,
  args: SearchArgs,
  parsed: ParsedQuery,
  result: SearchConnection,
  latencyMs: number,
) {
  if (loggedRequests.has(ctx)) return;
  loggedRequests.add(ctx);
  ctx.jobs.sendLater('search.log', {
    query: args.query.slice(0, 500),
    normalizedQuery: parsed.normalized,
    filters: Object.fromEntries(Object.entries(args.filter).filter(([, v]) => v != null)),
    sort: args.sort,
    resultCount: result.totalCount,
    latencyMs,
    customerId: ctx.viewer?.customerId ?? null,
    correctedQuery: result.correctedQuery,
  });
}
