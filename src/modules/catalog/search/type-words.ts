/**
 * Type words and brand words: a query word that names a category (singular or plural, or a
 * synonym of it) says what kind of product is wanted, so products of that category and its
 * descendants rank first among equal matches ("bedding" → the Bedding category, not beds;
 * "corvia smartphone" → the phones of the Smartphones category, not the cases that mention
 * smartphones). Words that name a brand say who makes it: that brand's products rank next.
 * Consecutive words that together name one category or brand ("bar accessories", "homestead co")
 * are one unit of the query: relaxing it keeps or drops them together. Pure.
 */
import { baseForms, isKindOf } from './lexicon';
import type { BrandRow, CategoryRow } from './vocabulary';

const WORD = /[\p{L}\p{N}]+/gu;
const forms = (word: string) => baseForms(word);
/** Letters the first part of a closed compound has at least ("smart" + "phones", not "s" + "hoes"). */
const MIN_MODIFIER = 3;

/** Words that join the parts of a name ("Bath and Body", "Dolce & Gabbana"): not needed to name it. */
const JOINERS = new Set(['and', 'n', 'of', 'the', 'for']);
const allWords = (name: string) => name.toLowerCase().match(WORD) ?? [];
const nameWords = (name: string) => allWords(name).filter((w) => !JOINERS.has(w));

export interface CategoryIndex {
  /** Ids of the categories a word or phrase names, with all their descendants. */
  named(words: string[]): number[];
  /** Ids of the brands whose name is these words, or starts with them ("homestead" → Homestead Co.). */
  brands(words: string[]): number[];
  /**
   * Words of category names that are closed compounds of this word, and kinds of it ("phone" →
   * "smartphones", "glasses" → "sunglasses"; not "laptops" for "top"): for a word that names no
   * category itself.
   */
  compounds(word: string): string[];
  /**
   * Words of category names the dictionary says are kinds of this word ("computer" → "laptops":
   * a laptop is a portable computer; "clothing" → "dresses"): for a word that names no category.
   */
  kinds(word: string): string[];
  /**
   * When these consecutive words (two or more) name one category or brand as a whole: how far
   * apart each word is from the previous one in that name (1: next to it; 2: a joining word
   * between, "bath [and] body"). Null otherwise.
   */
  entity(words: string[]): number[] | null;
}

const built = new WeakMap<object, CategoryIndex>();

/** The index of a category tree and brand list (built once per read of them). */
export function categoryIndex(rows: CategoryRow[], brands: BrandRow[] = []): CategoryIndex {
  let index = built.get(rows);
  if (!index) built.set(rows, (index = buildIndex(rows, brands)));
  return index;
}

/** Same word, allowing for plurals on either side ("shoe" names "Running Shoes", "sofas" "Sofa"). */
const sameWord = (a: string, b: string) => a === b || forms(a).some((f) => forms(b).includes(f));
const startsWith = (name: string[], words: string[]) =>
  words.length > 0 && words.length <= name.length && words.every((w, i) => sameWord(w, name[i]!));

function buildIndex(rows: CategoryRow[], brandRows: BrandRow[]): CategoryIndex {
  const children = new Map<number, number[]>();
  for (const r of rows)
    if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const subtree = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(subtree)];
  const named = rows.map((r) => ({
    id: r.id,
    words: nameWords(r.name),
    all: allWords(r.name),
    forms: new Set((r.name.toLowerCase().match(WORD) ?? []).flatMap(forms)),
  }));
  const brands = brandRows
    .map((b) => ({ id: b.id, words: nameWords(b.name), all: allWords(b.name) }))
    .filter((b) => b.words.length);
  /** Distances between the name's content words, in the name with its joining words. */
  const gaps = (all: string[], count: number) => {
    const at = all.flatMap((w, i) => (JOINERS.has(w) ? [] : [i])).slice(0, count);
    return at.slice(1).map((p, i) => p - at[i]!);
  };
  const content = (words: string[]) => words.filter((w) => !JOINERS.has(w));
  const categoryWords = [...new Set(named.flatMap((c) => c.words))];
  return {
    compounds(word) {
      const heads = forms(word);
      if (word.length < 3) return [];
      return categoryWords.filter((cw) =>
        forms(cw).some((f) =>
          heads.some((h) => f.length >= h.length + MIN_MODIFIER && f.endsWith(h) && isKindOf(f, h) !== false),
        ),
      );
    },
    kinds(word) {
      if (word.length < 3) return [];
      return categoryWords.filter((cw) => !sameWord(cw, word) && forms(cw).some((f) => isKindOf(f, word)));
    },
    named(words) {
      if (words.length === 0) return [];
      const hits = named.filter((c) => words.every((w) => forms(w).some((f) => c.forms.has(f))));
      return [...new Set(hits.flatMap((c) => subtree(c.id)))].sort((a, b) => a - b);
    },
    brands(words) {
      const ws = content(words);
      // One short word ("co", "the") is too little to name a brand by its first word.
      if (ws.length === 0 || (ws.length === 1 && ws[0]!.length < 3)) return [];
      return brands.filter((b) => startsWith(b.words, ws)).map((b) => b.id);
    },
    entity(words) {
      const ws = content(words);
      if (ws.length < 2 || ws.length !== words.length) return null;
      const hit =
        named.find((c) => c.words.length === ws.length && startsWith(c.words, ws)) ??
        brands.find((b) => startsWith(b.words, ws));
      return hit ? gaps(hit.all, ws.length) : null;
    },
  };
}
