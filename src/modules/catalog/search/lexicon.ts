import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The default synonym dictionary: English nouns from WordNet 3.1 with their synonyms (both ways),
 * narrower terms (one way) and broader terms, and similar words by GloVe vectors for words WordNet
 * sells nothing under, built by `npm run build:synonyms` (scripts/build-synonyms.ts, which
 * documents the selection). Loaded once per process, on the first search that needs it.
 */
type Entries = Record<
  string,
  [synonyms: string[], narrower: string[], broader: string[], broader2: string[], similar: string[]]
>;

const FILE = path.join(__dirname, 'data', 'wordnet-nouns.json');
let entries: Entries | null = null;

function load(): Entries {
  entries ??= (JSON.parse(readFileSync(FILE, 'utf8')) as { entries: Entries }).entries;
  return entries;
}

/** WordNet's noun detachment rules (morphy), most specific first: sofas → sofa, boxes → box. */
const DETACH: [string, string][] = [
  ['ies', 'y'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['men', 'man'],
  ['s', ''],
];

/** The dictionary forms a word or phrase may stand for: itself, then singulars of its last word. */
export function baseForms(term: string): string[] {
  const out = [term];
  for (const [suffix, base] of DETACH)
    if (term.endsWith(suffix) && term.length > suffix.length + 1)
      out.push(term.slice(0, -suffix.length) + base);
  return out;
}

export interface Expansions {
  synonyms: string[];
  narrower: string[];
  /**
   * For a word the catalog never uses, nearest first: broader terms one level up, other kinds of
   * those (siblings), broader terms two levels up, similar words (by vector alone: the weakest).
   */
  broader: string[][];
}

/** Siblings looked up at most (they are a last resort, and each costs a vocabulary lookup). */
const MAX_SIBLINGS = 24;

const NONE: Expansions = { synonyms: [], narrower: [], broader: [] };

/**
 * The dictionary's synonyms and narrower terms of a lower-cased word or phrase (the first of its
 * base forms the dictionary knows), at most `limit` in all, synonyms first; and its broader terms.
 */
export function expansionsOf(term: string, limit: number): Expansions {
  const dict = load();
  const form = baseForms(term).find((f) => Object.hasOwn(dict, f));
  if (!form) return NONE;
  const [synonyms, narrower, up1, up2, similar] = dict[form]!;
  // Other kinds of the nearest broader things ("notebook" → laptop: both portable computers):
  // their narrower terms, read from their own entries.
  const own = new Set([form, term, ...synonyms]);
  const siblings = [
    ...new Set(up1.flatMap((b) => (Object.hasOwn(dict, b) ? dict[b]![1] : [])).filter((w) => !own.has(w))),
  ].slice(0, MAX_SIBLINGS);
  return {
    synonyms: synonyms.slice(0, limit),
    narrower: narrower.slice(0, Math.max(0, limit - synonyms.length)),
    broader: [up1, siblings, up2, similar],
  };
}

/**
 * Whether the dictionary says `word` is a kind of `head` (a synonym or a broader term, one or two
 * levels up, is `head` or ends with it: "sunglasses" → spectacles, glasses); null when it does not
 * know the word ("smartphone"). Lets a closed compound stand for its last part only where that is
 * what it is: sunglasses are glasses, but a laptop is no top and headphones are no phone.
 */
export function isKindOf(word: string, head: string): boolean | null {
  const dict = load();
  // Similar words alone are no WordNet knowledge of what the word is.
  const form = baseForms(word).find(
    (f) => Object.hasOwn(dict, f) && dict[f]!.slice(0, 4).some((l) => l.length),
  );
  if (!form) return null;
  const [synonyms, , up1, up2] = dict[form]!;
  const heads = new Set(baseForms(head));
  return [...synonyms, ...up1, ...up2].some((t) => baseForms(t.split(' ').pop()!).some((f) => heads.has(f)));
}
