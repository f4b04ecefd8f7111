import type { ParsedQuery } from './query-parser';

/** Edit distance (insert, delete, substitute, and adjacent transposition count as one). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** How many typos a word of this length may carry and still be corrected. */
export const allowedTypos = (word: string) => (word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2);

/**
 * Replaces each positive word by its closest catalog word when that is within the allowed edit
 * distance. `candidates` maps a typed word to the most similar catalog word (pg_trgm). Returns
 * null when nothing changes, so the caller knows there is no suggestion to make.
 */
export function correctQuery(q: ParsedQuery, candidates: ReadonlyMap<string, string>): ParsedQuery | null {
  let changed = false;
  const clauses = q.clauses.map((c) => {
    if (c.negated) return c;
    const corrected = c.words.map((w) => {
      const best = candidates.get(w);
      if (!best || best === w || editDistance(w, best) > allowedTypos(w)) return w;
      changed = true;
      return best;
    });
    // A corrected word is a whole word now: no prefix matching of it.
    return { ...c, words: corrected, prefix: c.prefix && corrected.every((w, i) => w === c.words[i]) };
  });
  return changed ? { ...q, clauses } : null;
}

/** The distinct positive words of a query, the ones worth correcting. */
export const positiveWords = (q: ParsedQuery) => [
  ...new Set(q.clauses.filter((c) => !c.negated).flatMap((c) => c.words)),
];
