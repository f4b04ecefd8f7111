/**
 * Type words: a query word that names a category (singular or plural, or a synonym of it) says
 * what kind of product is wanted, so products of that category and its descendants rank first
 * among equal matches ("bedding" → the Bedding category, not beds; "corvia smartphone" → the
 * phones of the Smartphones category, not the cases that mention smartphones). Pure.
 */
import { baseForms } from './lexicon';
import type { CategoryRow } from './vocabulary';

const WORD = /[\p{L}\p{N}]+/gu;
const forms = (word: string) => baseForms(word);

export interface CategoryIndex {
  /** Ids of the categories a word or phrase names, with all their descendants. */
  named(words: string[]): number[];
}

const built = new WeakMap<CategoryRow[], CategoryIndex>();

/** The index of a category tree (built once per tree read). */
export function categoryIndex(rows: CategoryRow[]): CategoryIndex {
  let index = built.get(rows);
  if (!index) built.set(rows, (index = buildIndex(rows)));
  return index;
}

function buildIndex(rows: CategoryRow[]): CategoryIndex {
  const children = new Map<number, number[]>();
  for (const r of rows)
    if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const subtree = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(subtree)];
  const named = rows.map((r) => ({
    id: r.id,
    forms: new Set((r.name.toLowerCase().match(WORD) ?? []).flatMap(forms)),
  }));
  return {
    named(words) {
      if (words.length === 0) return [];
      const hits = named.filter((c) => words.every((w) => forms(w).some((f) => c.forms.has(f))));
      return [...new Set(hits.flatMap((c) => subtree(c.id)))].sort((a, b) => a - b);
    },
  };
}
