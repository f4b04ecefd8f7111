import { baseForms } from './lexicon';

/**
 * Typo tolerance per word, as Typesense and Algolia do it: a word the catalog does not use is
 * matched against vocabulary words within its allowed number of typos, counted as
 * Damerau-Levenshtein distance (insert, delete, substitute, or swap two adjacent letters).
 */

/** Word lengths from which one and two typos are allowed (SEARCH_TYPO_MIN_LENGTH_1/_2). */
export interface TypoSettings {
  oneFrom: number;
  twoFrom: number;
}

/** Edit distance where an adjacent transposition counts as one edit (optimal string alignment). */
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

/**
 * Typos between a typed word and a vocabulary word: the edit distance, where a different first
 * letter counts twice (as Meilisearch counts it): shoppers rarely mistype the first letter, and
 * "xbox" is not a typo of "box". Singular and plural are one word (full text stems them alike):
 * "pefume" is one typo from a catalog that only says "perfumes".
 */
export function typoCount(typed: string, word: string): number {
  let d = Infinity;
  for (const a of baseForms(typed)) for (const b of baseForms(word)) d = Math.min(d, editDistance(a, b));
  return d + (typed[0] === word[0] ? 0 : 1);
}

/** How many typos a typed word of this length may carry and still be corrected. */
export const allowedTypos = (word: string, s: TypoSettings) =>
  word.length >= s.twoFrom ? 2 : word.length >= s.oneFrom ? 1 : 0;

/** Words with digits are model numbers and sizes: never "corrected" into another number. */
export const correctable = (word: string, s: TypoSettings) =>
  allowedTypos(word, s) > 0 && !/\p{N}/u.test(word);

export interface Correction {
  word: string;
  typos: number;
  docs: number;
}

/**
 * The corrections of a typed word among vocabulary candidates `[word, products]`: those within
 * the allowed typos at the smallest distance found, the most used first, at most `max`.
 */
export function corrections(
  typed: string,
  candidates: readonly [string, number][],
  s: TypoSettings,
  max = 3,
): Correction[] {
  const limit = allowedTypos(typed, s);
  const within = candidates
    .map(([word, docs]) => ({ word, docs, typos: typoCount(typed, word) }))
    .filter((c) => c.typos > 0 && c.typos <= limit);
  const best = Math.min(...within.map((c) => c.typos));
  return within
    .filter((c) => c.typos === best)
    .sort((a, b) => b.docs - a.docs || (a.word < b.word ? -1 : 1))
    .slice(0, max);
}
