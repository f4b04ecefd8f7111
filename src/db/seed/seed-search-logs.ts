import type { ClientBase } from 'pg';
import { copyTable, json } from './copy';
import { DAY_MS } from './product-factory';
import type { Rng } from './rng';
import type { ActivityContext } from './seed-activity';

/** What shoppers look for that a general store does not sell: the catalog gaps analysts hunt for. */
const GAP_TERMS = [
  'snowmobile cover',
  'fountain pen ink',
  'sewing machine',
  'typewriter ribbon',
  'gift card',
  'harmonica',
];

/** Share of searches for GAP_TERMS, and for a typo of a catalog term. */
const GAP_SHARE = 0.14;
const TYPO_SHARE = 0.08;
/** Catalog terms searched at all (the popular head of the distribution). */
const CATALOG_TERMS = 240;

interface Term {
  text: string;
  /** Products the term finds (full text over active products). */
  results: number;
  /** For a typo: the term the search corrected it to. */
  correctedTo: string | null;
}

const FILTERS: [number, Record<string, unknown>, number][] = [
  // weight, filter as the search stored it, share of the results it keeps
  [70, {}, 1],
  [15, { inStock: true }, 0.9],
  [8, { maxPrice: '50.00' }, 0.45],
  [7, { minRating: 4 }, 0.5],
];
const SORTS: [number, string][] = [
  [78, 'RELEVANCE'],
  [9, 'PRICE_ASC'],
  [5, 'PRICE_DESC'],
  [5, 'NEWEST'],
  [3, 'RATING'],
];

/**
 * search_logs rows as the search job writes them: catalog vocabulary (categories, brands, tags)
 * with a popular head, typos that were corrected, and searches for things the shop does not sell,
 * over the last 90 days, signed in or not. Result counts come from the catalog's full-text index.
 */
export async function writeSearchLogs(ctx: ActivityContext): Promise<Record<string, number>> {
  if (ctx.searches <= 0) return {};
  const rng = ctx.rng('search-logs');
  const vocabulary = rng.sample(await catalogVocabulary(ctx.client), CATALOG_TERMS);
  const typos = vocabulary
    .slice(0, 30)
    .map((t) => ({ typo: misspell(rng, t), of: t }))
    .filter((t) => t.typo !== t.of);
  const counts = await resultCounts(ctx.client, [...vocabulary, ...GAP_TERMS, ...typos.map((t) => t.typo)]);

  const head = vocabulary.map((text) => ({ text, results: counts.get(text) ?? 0, correctedTo: null }));
  const gaps = GAP_TERMS.map((text) => ({ text, results: counts.get(text) ?? 0, correctedTo: null }));
  const corrected: Term[] = typos.map(({ typo, of }) =>
    (counts.get(typo) ?? 0) > 0
      ? { text: typo, results: counts.get(typo) ?? 0, correctedTo: null }
      : { text: typo, results: counts.get(of) ?? 0, correctedTo: of },
  );
  const zipf = head.map((_, i) => 1 / (i + 1) ** 0.8);

  const pickTerm = (): Term => {
    const x = rng.next();
    if (x < GAP_SHARE || head.length === 0) return rng.pick(gaps);
    if (x < GAP_SHARE + TYPO_SHARE && corrected.length > 0) return rng.pick(corrected);
    return head[rng.weightedIndex(zipf)] as Term;
  };

  const rows = (function* () {
    for (let i = 0; i < ctx.searches; i++) {
      const term = pickTerm();
      const [, filters, keep] = FILTERS[rng.weightedIndex(FILTERS.map((f) => f[0]))]!;
      const sort = SORTS[rng.weightedIndex(SORTS.map((s) => s[0]))]![1];
      const results = Math.round(term.results * keep);
      const typed = rng.chance(0.15) ? capitalize(term.text) : term.text;
      const customer = ctx.customers.length > 0 && rng.chance(0.6) ? rng.pick(ctx.customers) : null;
      const at = ctx.base - rng.float(0, 90) * DAY_MS;
      const latency = Math.round(rng.logUniform(3, 60) + (term.correctedTo ? 12 : 0));
      // prettier-ignore
      yield [typed, term.text, json(filters), sort, results, latency, results === 0, term.correctedTo,
        customer?.id ?? null, new Date(at)];
    }
  })();
  const n = await copyTable(
    ctx.client,
    ctx.progress,
    'search_logs',
    `query normalized_query filters sort result_count latency_ms zero_result corrected_query customer_id created_at`,
    ctx.searches,
    rows,
  );
  return { search_logs: n };
}

/** Category, brand and popular tag names of the active catalog, lower-case, in a stable order. */
async function catalogVocabulary(client: ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ term: string }>(
    `SELECT DISTINCT term FROM (
       SELECT lower(c.name) AS term FROM categories c
       WHERE EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id AND p.status = 'active')
       UNION ALL
       SELECT lower(b.name) FROM brands b
       WHERE EXISTS (SELECT 1 FROM products p WHERE p.brand_id = b.id AND p.status = 'active')
       UNION ALL
       (SELECT tag FROM product_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 150)
     ) t ORDER BY term`,
  );
  return rows.map((r) => r.term);
}

/** How many active products each term finds with the storefront's full-text configuration. */
async function resultCounts(client: ClientBase, terms: string[]): Promise<Map<string, number>> {
  const { rows } = await client.query<{ term: string; n: number }>(
    `SELECT t.term, (SELECT count(*) FROM products p
                     WHERE p.status = 'active' AND p.search_vector @@ websearch_to_tsquery('english', t.term))::int AS n
     FROM unnest($1::text[]) AS t(term)`,
    [[...new Set(terms)]],
  );
  return new Map(rows.map((r) => [r.term, r.n]));
}

/** One slip of the finger in the longest word: two letters swapped, or one dropped. */
export function misspell(rng: Rng, term: string): string {
  const words = term.split(' ');
  const longest = words.reduce((a, w, i) => (w.length > (words[a] ?? '').length ? i : a), 0);
  const w = words[longest] ?? '';
  if (w.length < 5) return term;
  const at = rng.int(1, w.length - 3);
  words[longest] = rng.chance(0.5)
    ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)
    : w.slice(0, at) + w.slice(at + 1);
  return words.join(' ');
}

const capitalize = (s: string) => s.replace(/^./, (c) => c.toUpperCase());
