import type { PrismaClient } from '../../../db/prisma';
import { CatalogLexicon, type LexiconRows } from './lexicon';
import { loadNlp } from './nlp';

/**
 * The catalog changes slowly next to chat traffic: the lexicon is rebuilt at most this often per
 * process, in the background while the previous one keeps answering.
 */
const TTL_MS = 5 * 60_000;

const cache = new WeakMap<
  PrismaClient,
  { at: number; lexicon: Promise<CatalogLexicon>; refreshing: boolean }
>();

/** Reads everything the lexicon is built from: five statements, bounded by LIMITs. */
export async function readLexiconRows(prisma: PrismaClient): Promise<LexiconRows> {
  const [categories, brands, synonyms, variantValues, vocabulary] = await Promise.all([
    prisma.$queryRaw<LexiconRows['categories']>`
      WITH RECURSIVE tree AS (
        SELECT id, slug, name, 0 AS depth FROM categories WHERE parent_id IS NULL AND is_active
        UNION ALL
        SELECT c.id, c.slug, c.name, tree.depth + 1 FROM categories c JOIN tree ON c.parent_id = tree.id WHERE c.is_active)
      SELECT id, slug, name, depth FROM tree`,
    prisma.$queryRaw<LexiconRows['brands']>`SELECT id, slug, name FROM brands`,
    prisma.searchSynonym.findMany({ select: { term: true, synonyms: true } }),
    prisma.$queryRaw<LexiconRows['variantValues']>`
      SELECT DISTINCT lower(a.key) AS name, a.value #>> '{}' AS value
      FROM product_variants v, jsonb_each(v.attributes) a
      WHERE v.is_active AND lower(a.key) IN ('color', 'colour', 'size', 'shoe size', 'clothing size')
        AND jsonb_typeof(a.value) IN ('string', 'number')
      LIMIT 5000`,
    prisma.$queryRaw<{ w: string }[]>`
      SELECT w FROM (
        SELECT DISTINCT w FROM products p, regexp_split_to_table(lower(p.name), '[^[:alnum:]]+') w
        WHERE p.status = 'active' AND length(w) > 2
        UNION
        SELECT DISTINCT tag FROM product_tags) s(w)
      LIMIT 60000`,
  ]);
  return { categories, brands, synonyms, variantValues, vocabulary: vocabulary.map((r) => r.w) };
}

/**
 * The process's lexicon for this database, built on first use and refreshed every few minutes.
 * @example const lexicon = await getLexicon(ctx.prisma);
 */
export function getLexicon(prisma: PrismaClient): Promise<CatalogLexicon> {
  const hit = cache.get(prisma);
  if (hit && (Date.now() - hit.at < TTL_MS || hit.refreshing)) return hit.lexicon;
  if (hit) {
    // Stale: keep answering with the old one while a new one is read.
    hit.refreshing = true;
    readLexiconRows(prisma)
      .then((rows) =>
        cache.set(prisma, {
          at: Date.now(),
          lexicon: Promise.resolve(new CatalogLexicon(rows)),
          refreshing: false,
        }),
      )
      .catch(() => (hit.refreshing = false));
    return hit.lexicon;
  }
  // The model loads with the first lexicon (in the worker path only), while the rows are read.
  const lexicon = Promise.all([readLexiconRows(prisma), loadNlp()]).then(
    ([rows]) => new CatalogLexicon(rows),
  );
  lexicon.catch(() => cache.delete(prisma));
  cache.set(prisma, { at: Date.now(), lexicon, refreshing: false });
  return lexicon;
}

/** Drops the cached lexicon (tests and admin catalog edits). */
export function invalidateLexicon(prisma: PrismaClient) {
  cache.delete(prisma);
}
