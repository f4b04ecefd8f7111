import type { PrismaClient } from '../../../db/prisma';

/** What the catalog's vocabulary (table search_vocabulary) says about one typed or expanded word. */
export interface WordInfo {
  /** Its english lexeme; '' for a stop word (full text ignores it). */
  lexeme: string;
  /** Active products using a word with this lexeme (0: the catalog never uses it). */
  docs: number;
  /** For a word still being typed: the most products using a lexeme that starts with it. */
  prefixDocs: number;
  /** Vocabulary words that may be what was meant (symmetric-delete and trigram neighbours), with their products. Filled only for words the catalog does not use. */
  candidates: [string, number][];
}

export interface WordQuery {
  word: string;
  /** Also look the word up as a prefix (the last word, still being typed). */
  prefix: boolean;
  /** Look for typo candidates when the catalog does not use the word. */
  correct: boolean;
}

/** Lookups are cached per process, like synonyms: the catalog's words change slowly. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 20_000;
interface Cache {
  words: Map<string, { at: number; info: WordInfo }>;
  shape: { at: number; value: Promise<CatalogShape> } | null;
}

/** A category as type words see it. */
export interface CategoryRow {
  id: number;
  parentId: number | null;
  name: string;
}
/** A brand as brand words see it. */
export interface BrandRow {
  id: number;
  name: string;
}

export interface CatalogShape {
  products: number;
  categories: CategoryRow[];
  brands: BrandRow[];
}
const caches = new WeakMap<PrismaClient, Cache>();

const keyOf = (q: WordQuery) => `${q.prefix ? 'p' : '-'}${q.correct ? 'c' : '-'}${q.word}`;

/**
 * One statement for all the words of a search: lexeme, how many products use it (exactly, or as
 * a prefix), and for unknown words the vocabulary words that share a one-letter deletion with it
 * or with its plural (GIN on `deletes`: a catalog may only say "perfumes") or, from `longWord`
 * letters on, enough trigrams (GIN on `word`). Callers decide which candidates are within the
 * allowed typos.
 */
async function fetchWords(
  prisma: PrismaClient,
  queries: WordQuery[],
  longWord: number,
): Promise<Map<string, WordInfo>> {
  const rows = await prisma.$queryRaw<
    {
      word: string;
      lexeme: string;
      docs: number;
      prefix_docs: number;
      candidates: [string, number][] | null;
    }[]
  >`
    SELECT t.w AS word, lx.lexeme, coalesce(ex.docs, 0) AS docs, coalesce(pf.docs, 0) AS prefix_docs,
           cand.list AS candidates
    FROM unnest(${queries.map((q) => q.word)}::text[], ${queries.map((q) => q.prefix)}::boolean[],
                ${queries.map((q) => q.correct)}::boolean[]) AS t(w, is_prefix, correct)
    CROSS JOIN LATERAL (SELECT search_lexeme(t.w) COLLATE "C" AS lexeme) lx
    LEFT JOIN LATERAL (
      SELECT max(v.doc_count)::int AS docs FROM search_vocabulary v
      WHERE lx.lexeme <> '' AND v.lexeme = lx.lexeme) ex ON true
    LEFT JOIN LATERAL (
      SELECT max(v.doc_count)::int AS docs FROM search_vocabulary v
      WHERE t.is_prefix AND lx.lexeme <> '' AND v.lexeme >= lx.lexeme AND v.lexeme < lx.lexeme || chr(1114111)) pf ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_array(c.word, c.doc_count)) AS list FROM (
        SELECT v.word, v.doc_count FROM search_vocabulary v
        WHERE t.correct AND lx.lexeme <> '' AND ex.docs IS NULL AND pf.docs IS NULL
          AND (v.deletes && (search_deletions(t.w) || search_deletions(t.w || 's'))
               OR (length(t.w) >= ${longWord} AND v.word % t.w))
        ORDER BY v.doc_count DESC, v.word LIMIT 50) c) cand ON true`;
  return new Map(
    rows.map((r) => [
      r.word,
      { lexeme: r.lexeme, docs: r.docs, prefixDocs: r.prefix_docs, candidates: r.candidates ?? [] },
    ]),
  );
}

function cacheOf(prisma: PrismaClient): Cache {
  let c = caches.get(prisma);
  if (!c) caches.set(prisma, (c = { words: new Map(), shape: null }));
  return c;
}

/** The vocabulary's answer for each queried word (one query per word), from the cache or one statement. */
export async function lookupWords(
  prisma: PrismaClient,
  queries: WordQuery[],
  longWord: number,
): Promise<Map<string, WordInfo>> {
  const cache = cacheOf(prisma);
  const now = Date.now();
  const missing = queries.filter((q) => {
    const hit = cache.words.get(keyOf(q));
    return !hit || now - hit.at > TTL_MS;
  });
  const unique = [...new Map(missing.map((q) => [keyOf(q), q])).values()];
  if (unique.length > 0) {
    const fetched = await fetchWords(prisma, unique, longWord);
    if (cache.words.size + unique.length > MAX_ENTRIES) cache.words.clear();
    for (const q of unique) cache.words.set(keyOf(q), { at: now, info: fetched.get(q.word)! });
  }
  return new Map(queries.map((q) => [q.word, cache.words.get(keyOf(q))!.info]));
}

/**
 * Below this many rows in the planner's statistics the products are counted: a catalog imported a
 * moment ago has no statistics yet (reltuples -1), and word rarity must not be measured against 0.
 */
const EXACT_BELOW = 10_000;

/**
 * What the plan needs besides words, read in one statement and cached: how many products the
 * catalog has (planner statistics, or a count for a small or not yet analyzed catalog: the base of
 * word rarity), the category tree and the brands (small, read whole: type words and brand words).
 */
export function catalogShape(prisma: PrismaClient): Promise<CatalogShape> {
  const cache = cacheOf(prisma);
  if (cache.shape && Date.now() - cache.shape.at < TTL_MS) return cache.shape.value;
  const value = prisma.$queryRaw<
    { products: number; categories: [number, number | null, string][]; brands: [number, string][] }[]
  >`
    SELECT (SELECT CASE WHEN c.reltuples >= ${EXACT_BELOW} THEN c.reltuples::float8
                        ELSE (SELECT count(*) FROM products WHERE status = 'active')::float8 END
            FROM pg_class c WHERE c.oid = 'products'::regclass) AS products,
           (SELECT coalesce(json_agg(json_build_array(id, parent_id, name) ORDER BY id), '[]') FROM categories) AS categories,
           (SELECT coalesce(json_agg(json_build_array(id, name) ORDER BY id), '[]') FROM brands) AS brands`.then(
    ([row]) => ({
      products: row?.products ?? 0,
      categories: (row?.categories ?? []).map(([id, parentId, name]) => ({ id, parentId, name })),
      brands: (row?.brands ?? []).map(([id, name]) => ({ id, name })),
    }),
  );
  value.catch(() => (cache.shape = null));
  cache.shape = { at: Date.now(), value };
  return value;
}

/** Called after catalog writes so this process sees new and removed words at once. */
export function invalidateVocabulary(prisma: PrismaClient) {
  caches.delete(prisma);
}
