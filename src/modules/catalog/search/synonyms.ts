import type { PrismaClient } from '../../../db/prisma';
import type { SynonymMap } from './query-parser';

/** Synonyms change rarely and are read by every search: cache them per process, briefly. */
const TTL_MS = 60_000;
const cache = new WeakMap<PrismaClient, { at: number; map: Promise<SynonymMap> }>();

/**
 * Builds the lookup both ways: a rule `tv → [television]` makes `tv` find `television` and
 * `television` find `tv`; synonyms of one rule are also synonyms of each other.
 */
export function buildSynonymMap(rows: { term: string; synonyms: string[] }[]): SynonymMap {
  const map = new Map<string, Set<string>>();
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const row of rows) {
    const group = [row.term, ...row.synonyms].map(norm).filter(Boolean);
    for (const w of group) {
      const set = map.get(w) ?? new Set<string>();
      for (const other of group) if (other !== w) set.add(other);
      map.set(w, set);
    }
  }
  return new Map([...map].map(([k, v]) => [k, [...v].slice(0, 10)]));
}

export function getSynonyms(prisma: PrismaClient): Promise<SynonymMap> {
  const hit = cache.get(prisma);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.map;
  const map = prisma.searchSynonym.findMany({ select: { term: true, synonyms: true } }).then(buildSynonymMap);
  // A failed load must not stick in the cache.
  map.catch(() => cache.delete(prisma));
  cache.set(prisma, { at: Date.now(), map });
  return map;
}

/** Called after an admin edit so this process searches with the new rules at once. */
export function invalidateSynonyms(prisma: PrismaClient) {
  cache.delete(prisma);
}
