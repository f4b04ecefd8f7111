import { performance } from 'node:perf_hooks';
import type { PrismaClient } from '../../../db/prisma';
import { pageWindow, toConnection, type PageArgs } from '../../../graphql/connection';
import type { GraphQLContext } from '../../../server/context';
import type { ProductSortValue, SearchConnection, SearchEdge } from '../catalog.types';
import type { ProductListFilter } from '../product-filter';
import { productSortKeys } from '../product-sort';
import { correctQuery, positiveWords } from './correction';
import { hasPositiveTerms, parseQuery, queryText, toTsqueryText, type ParsedQuery } from './query-parser';
import { highlightOf, runSearchSql, type Match, type SearchRow } from './search-sql';
import { getSynonyms } from './synonyms';

export interface SearchArgs extends PageArgs {
  query: string;
  filter: ProductListFilter;
  sort: ProductSortValue;
  /** Which costly parts the client selected (facets, highlight); skipped otherwise. */
  want: { facets: boolean; highlight: boolean };
}

/**
 * For each typed word, the most similar word of an active product name: a pg_trgm index scan
 * (`word <% name`) per word, all words in one statement. Only run when full text found nothing.
 */
async function correctionCandidates(prisma: PrismaClient, typed: string[]): Promise<Map<string, string>> {
  if (typed.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ typed: string; best: string | null }[]>`
    SELECT t.w AS typed, best.word AS best
    FROM unnest(${typed}::text[]) AS t(w)
    LEFT JOIN LATERAL (
      SELECT x.word FROM (
        SELECT p.name FROM products p WHERE p.status = 'active' AND t.w <% p.name LIMIT 50) n,
        LATERAL regexp_split_to_table(lower(n.name), '[^[:alnum:]]+') AS x(word)
      WHERE length(x.word) > 1
      ORDER BY similarity(x.word, t.w) DESC, x.word LIMIT 1) best ON true`;
  return new Map(rows.filter((r) => r.best).map((r) => [r.typed, r.best!]));
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
  const edges: SearchEdge[] = conn.edges.map((e) => ({ ...e, highlight: highlightOf(e.node) }));
  return { ...conn, edges, totalCount: result.total, facets: result.facets, correctedQuery };
}

/**
 * searchProducts: full text with synonyms and a prefix on the last word; when that finds nothing,
 * the typo-corrected query (pg_trgm on names); when that finds nothing either, name similarity.
 * The common case is one SQL statement; logging goes to a job off the response path.
 */
export async function searchProducts(ctx: GraphQLContext, args: SearchArgs): Promise<SearchConnection> {
  const started = performance.now();
  const parsed = parseQuery(args.query);
  const base = {
    filter: args.filter,
    sort: args.sort,
    facets: args.want.facets,
    highlight: args.want.highlight,
  };
  // The cursor arity depends on the sort and on whether there is text to rank by.
  const run = (match: Match) => {
    const arity = productSortKeys(
      args.sort,
      'm',
      'm.eff_price',
      match.kind === 'all' ? null : 'm.rank',
    ).length;
    const w = pageWindow(args, arity, ctx.config.GRAPHQL_MAX_PAGE_SIZE);
    return runSearchSql(ctx.prisma, { ...base, match, window: w }).then((r) => ({ r, w }));
  };
  let corrected: string | null = null;
  let out: Awaited<ReturnType<typeof run>>;
  if (parsed.clauses.length === 0) {
    out = await run({ kind: 'all' });
  } else {
    const synonyms = await getSynonyms(ctx.prisma);
    const fts = (q: ParsedQuery): Match => ({ kind: 'fts', tsquery: toTsqueryText(q, synonyms) });
    out = await run(fts(parsed));
    if (out.r.total === 0 && hasPositiveTerms(parsed)) {
      const fixed = correctQuery(parsed, await correctionCandidates(ctx.prisma, positiveWords(parsed)));
      if (fixed) {
        const again = await run(fts(fixed));
        if (again.r.total > 0) {
          out = again;
          corrected = queryText(fixed);
        }
      }
      // Name similarity cannot honour exclusions, so a query with -words never falls back to it.
      if (out.r.total === 0 && parsed.clauses.every((c) => !c.negated)) {
        const text = positiveWords(parsed).join(' ');
        const similar = await run({ kind: 'trgm', text });
        if (similar.r.total > 0) out = similar;
      }
    }
  }
  const connection = toSearchConnection(out.r, out.w, corrected);
  if (!out.w.cursor) logSearch(ctx, args, parsed, connection, Math.round(performance.now() - started));
  return connection;
}

/** Requests that already enqueued their search log (a request's context lives as long as it does). */
const loggedRequests = new WeakSet<GraphQLContext>();

/**
 * Enqueues the search_logs row; never awaited by the response and never fails the search. One job
 * per request: a request that aliases searchProducts a hundred times logs its first search only.
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
  ctx.jobs
    .send('search.log', {
      query: args.query.slice(0, 500),
      normalizedQuery: parsed.normalized,
      filters: Object.fromEntries(Object.entries(args.filter).filter(([, v]) => v != null)),
      sort: args.sort,
      resultCount: result.totalCount,
      latencyMs,
      customerId: ctx.viewer?.customerId ?? null,
      correctedQuery: result.correctedQuery,
    })
    .catch((err: unknown) => ctx.log.warn({ err }, 'search log not enqueued'));
}
