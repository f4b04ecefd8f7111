/**
 * What the reference searches for, per distinct (query, filter, sort), decided once and cached
 * for the life of the process; each request then sends exactly one statement (search-sql.ts).
 *
 * Deciding what to search is product logic, so this is the API's own planning: parseQuery, then
 * search.service.ts's planSearch (shop synonyms, the default dictionary, category words, the
 * vocabulary statement for typos — through a minimal pg stand-in for Prisma's `$queryRaw`), then
 * textMatch.
 * Configuration is the API's loadConfig over the same environment (typo lengths, relaxation
 * thresholds, default synonyms).
 *
 * The API may send several statements for one search (all words; fewer than
 * SEARCH_RELAX_BELOW found: most words, then any word; nothing found: name similarity). The
 * reference walks the same steps once, counting each candidate with search-sql.ts's count
 * statement, keeps the match the API ends at with its correctedQuery, and prepares the one
 * statement that answers it. Those planning statements are counted like any other, but happen on
 * a search's first request only (the comparison's equality check, before anything is measured).
 * The cache never expires: a catalog or synonym edit while the reference runs is not seen.
 */
import type { QueryResult } from 'pg';
import { loadConfig } from '../../src/config';
import type { PrismaClient } from '../../src/db/prisma';
import { tryGlobalIntId } from '../../src/graphql/global-id';
import { parseQuery } from '../../src/modules/catalog/search/query-parser';
import { getSynonyms } from '../../src/modules/catalog/search/synonyms';
import { textMatch } from '../../src/modules/catalog/search/text-match';
import { planSearch } from '../../src/modules/catalog/search/search.service';
import { catalogShape } from '../../src/modules/catalog/search/vocabulary';
import { countSql, isSort, searchSql, type Filter, type Match, type Search, type Sort } from './search-sql';

/** Sends one statement (counted by the server). */
export type Run = (text: string, values: unknown[]) => Promise<QueryResult>;
type Statement = { name?: string; text: string; values: unknown[] } | { error: string };

const config = loadConfig(process.env);

/** What the vocabulary and synonym helpers use of a Prisma client, over pg. */
function plannerDb(run: Run): PrismaClient {
  const $queryRaw = (strings: TemplateStringsArray, ...values: unknown[]) =>
    run(
      strings.reduce((text, part, i) => `${text}$${i}${part}`),
      values,
    ).then((r) => r.rows);
  const searchSynonym = {
    findMany: () => run('SELECT term, synonyms FROM search_synonyms', []).then((r) => r.rows),
  };
  return { $queryRaw, searchSynonym } as unknown as PrismaClient;
}

/** The match the API's relaxation steps end at, with its correctedQuery. */
async function decide(
  run: Run,
  db: PrismaClient,
  query: string,
  filter: Filter,
  sort: Sort,
): Promise<Search> {
  const search = (match: Match, correctedQuery: string | null = null): Search => ({
    match,
    filter,
    sort,
    correctedQuery,
    relaxedCap: config.SEARCH_RELAX_MAX_PRODUCTS,
  });
  const parsed = parseQuery(query);
  if (parsed.clauses.length === 0) return search({ kind: 'all' });
  const total = async (match: Match) =>
    match.kind === 'none' ? 0 : ((await run(countSql(search(match)), [])).rows[0] as { n: number }).n;
  const plan = await planSearch(
    { config, prisma: db },
    parsed,
    await catalogShape(db),
    await getSynonyms(db),
  );
  const full = textMatch(plan, 'full');
  const hopeless = plan.units.some((u) => !u.possible);
  let match: Match = full && !hopeless ? full : { kind: 'none' };
  let found = await total(match);
  let tried = full && !hopeless ? full.where : null;
  for (const mode of ['relaxed', 'widest'] as const) {
    if (found >= config.SEARCH_RELAX_BELOW) break;
    const relaxed = textMatch(plan, mode, found === 0);
    if (!relaxed || relaxed.where === tried) continue;
    tried = relaxed.where;
    const more = await total(relaxed);
    if (more > found) [match, found] = [relaxed, more];
  }
  if (found > 0) return search(match, plan.correctedQuery);
  // Name similarity cannot honour exclusions: a query with -words never falls back to it.
  if (plan.units.length > 0 && plan.filters.length === 0 && parsed.clauses.every((c) => !c.negated)) {
    const words = parsed.clauses.flatMap((c) => c.words);
    const similar: Match = { kind: 'trgm', text: words.join(' '), words };
    if ((await total(similar)) > 0) return search(similar);
  }
  return search(match);
}

const DECIMAL = /^-?\d{1,10}(\.\d{1,6})?$/;

/** The ProductFilter variable as the statement takes it, or an error message. */
function toFilter(input: unknown): Filter | string {
  if (input == null) return {};
  const f = input as Record<string, unknown>;
  const out: Filter = {};
  const ids = (v: unknown, type: string) => (tryGlobalIntId(String(v), type) ?? -1) as number;
  if (f.categoryId != null) out.categoryId = ids(f.categoryId, 'Category');
  if (Array.isArray(f.brandIds)) out.brandIds = f.brandIds.map((id) => ids(id, 'Brand'));
  for (const k of ['minPrice', 'maxPrice'] as const) {
    if (f[k] == null) continue;
    const v = String(f[k]).trim();
    if (!DECIMAL.test(v)) return `Not a decimal number: ${v.slice(0, 40)}`;
    out[k] = v;
  }
  if (typeof f.inStock === 'boolean') out.inStock = f.inStock;
  if (typeof f.onSale === 'boolean') out.onSale = f.onSale;
  if (typeof f.minRating === 'number' && Number.isFinite(f.minRating)) out.minRating = f.minRating;
  if (Array.isArray(f.tags)) out.tags = f.tags.map((t) => String(t).trim().toLowerCase()).filter(Boolean);
  return out;
}

/** Named prepared statements, one per distinct search, bounded like the API's compiled reads. */
const MAX_NAMED = 500;

/** The statement builder of SEARCH: the cached plan's statement for these variables. */
export function searchOperation(run: Run): (variables: Record<string, unknown>) => Promise<Statement> {
  const db = plannerDb(run);
  const cache = new Map<string, Promise<Statement>>();
  let named = 0;
  return (variables) => {
    const key = JSON.stringify([variables.q, variables.filter ?? null, variables.sort ?? null]);
    let hit = cache.get(key);
    if (!hit) {
      const name = named < MAX_NAMED ? `ref_search_${named++}` : undefined;
      hit = (async (): Promise<Statement> => {
        const sort = variables.sort ?? 'RELEVANCE';
        const filter = toFilter(variables.filter);
        if (typeof variables.q !== 'string') return { error: 'Variable "$q" must be a string' };
        if (!isSort(sort)) return { error: 'Unknown sort' };
        if (typeof filter === 'string') return { error: filter };
        const text = searchSql(await decide(run, db, variables.q, filter, sort));
        return { name, text, values: [] };
      })();
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };
}
