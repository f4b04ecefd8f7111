/**
 * Entity extraction: only what the shopper stated outright. A category is set by a category's own
 * name (or a search synonym of it), never inferred from a product name; "cheap" sets no price; a
 * negated colour ("not red") is no constraint. Every catalog word comes from the lexicon.
 */
import type { PhraseMatch } from './gazetteer';
import type { BrandRef, CatalogLexicon, CategoryRef } from './lexicon';
import type { Analysis, Token } from './nlp';
import { extractPrice, UNIT_WORDS } from './prices';
import { UNITS } from './number-words';

export interface Entities {
  /** The catalog category's slug. */
  category: string | null;
  /** The brand's name as the catalog spells it. */
  brand: string | null;
  minPrice: string | null;
  maxPrice: string | null;
  color: string | null;
  size: string | null;
  quantity: number | null;
  /** 1-based position in the last results; -1 for "the last one". */
  ordinal: number | null;
}

export interface Extraction {
  entities: Entities;
  categoryRef: CategoryRef | null;
  brandRef: BrandRef | null;
  /** Token positions used by an entity (the rest are free words for the search text). */
  used: Set<number>;
}

/** Quantities in words: the cardinals up to twelve, and "a couple", "a pair", "a dozen". */
const NUMBER_WORDS: Record<string, number> = {
  ...Object.fromEntries(Object.entries(UNITS).filter(([, n]) => n >= 1 && n <= 12)),
  a: 1,
  an: 1,
  couple: 2,
  pair: 2,
  dozen: 12,
};
const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  last: -1,
};
/** Nouns after an ordinal that mean something else than a position in the results. */
const NOT_RESULT_AFTER = new Set([
  'time',
  'times',
  'day',
  'week',
  'month',
  'year',
  'order',
  'purchase',
  'visit',
]);
const RESULT_NOUNS = new Set([
  'one',
  'ones',
  'item',
  'option',
  'product',
  'result',
  'choice',
  'pick',
  'link',
]);
const CART_VERBS = new Set([
  'add',
  'take',
  'buy',
  'get',
  'order',
  'put',
  'want',
  'need',
  'grab',
  'purchase',
  'make',
]);

/** Verbs (and the noun) that set a quantity: "change … to 3", "make it 2", "quantity to 4". */
const SET_WORDS = new Set(['change', 'set', 'make', 'update', 'increase', 'decrease', 'quantity', 'qty']);

/** Picks the category a message names: most words matched, then the head noun, then direct over synonyms. */
function pickCategory(matches: PhraseMatch<CategoryRef>[], tokens: Token[], taken: Set<number>) {
  const usable = matches.filter((m) => m.positions.every((p) => !taken.has(p) && !tokens[p]!.negated));
  const isHead = (m: PhraseMatch<CategoryRef>) => {
    const next = tokens[Math.max(...m.positions) + 1];
    return !next || !(next.pos === 'NOUN' || next.pos === 'PROPN') || next.type !== 'word';
  };
  // Among categories a word names equally ("toys": Toys & Games, Learning Toys, Cat Trees & Toys),
  // the one it names outright, then the one whose name it begins, then the most specific.
  // Its other words said elsewhere in the message count first ("toys for my cat": Cat Trees & Toys).
  const sing = (w: string) => w.replace(/s$/, '');
  const said = new Set(tokens.map((t) => sing(t.lower)));
  const nameWords = (m: PhraseMatch<CategoryRef>) =>
    m.payload.name
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(sing);
  const context = (m: PhraseMatch<CategoryRef>) => {
    const own = new Set(m.positions.map((p) => sing(tokens[p]!.lower)));
    return nameWords(m).filter((w) => !own.has(w) && said.has(w)).length;
  };
  const naming = (m: PhraseMatch<CategoryRef>) => {
    const phrase = m.positions.map((p) => sing(tokens[p]!.lower)).join(' ');
    const name = nameWords(m).join(' ');
    return name === phrase ? 2 : name.startsWith(`${phrase} `) ? 1 : 0;
  };
  usable.sort(
    (a, b) =>
      b.size - a.size ||
      Number(isHead(b)) - Number(isHead(a)) ||
      Number(a.indirect) - Number(b.indirect) ||
      Math.min(...a.positions) - Math.min(...b.positions) ||
      context(b) - context(a) ||
      naming(b) - naming(a) ||
      b.payload.depth - a.payload.depth,
  );
  return usable[0] ?? null;
}

/**
 * A single-word brand that is also an everyday word ("Apple", "Velocity", "Essence") counts only
 * when written with a capital or followed by a product word; a made-up name counts as typed.
 */
function plausibleBrand(m: PhraseMatch<BrandRef>, tokens: Token[], lexicon: CatalogLexicon): boolean {
  if (m.size > 1 || m.indirect) return true;
  const t = tokens[m.positions[0]!]!;
  if (t.negated) return false;
  if (!t.inLexicon || t.capitalized) return true;
  const next = tokens[t.i + 1];
  return !!next && next.type === 'word' && lexicon.vocabulary.has(next.key) && next.pos !== 'VERB';
}

function extractSize(
  tokens: Token[],
  lexicon: CatalogLexicon,
  used: Set<number>,
): { value: string; at: number[] } | null {
  const norm = (t: Token) => {
    const v = t.lower.replace(/^size/, '');
    if (lexicon.sizeCodes.has(v) || /^(s|m|l)$/.test(v)) return v.toUpperCase();
    if (/^\d{1,2}(\.5)?$/.test(v)) return v;
    return lexicon.sizes.has(v) ? v : null;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (used.has(i)) continue;
    // "size 10", "size M", "size medium", "sz 9.5"
    if (/^(size|sz|sized)$/.test(t.lower)) {
      const next = tokens[i + 1];
      const word = lexicon.sizeWords.match(tokens.slice(i + 1, i + 3)).find((m) => m.positions[0] === i + 1);
      if (word) return { value: word.payload, at: [i, ...word.positions] };
      if (next && norm(next)) return { value: norm(next)!, at: [i, i + 1] };
      // "king size", "XL size"
      const prev = tokens[i - 1];
      if (prev && (norm(prev) || lexicon.sizes.has(prev.lower)))
        return { value: norm(prev) ?? prev.lower, at: [i - 1, i] };
    }
    // "XL", "XXL", "2XL": unambiguous codes anywhere.
    if (t.type === 'word' && lexicon.sizeCodes.has(t.lower)) return { value: t.lower.toUpperCase(), at: [i] };
    // "in a medium", "in M", "in large"
    if (t.lower === 'in') {
      const j = tokens[i + 1]?.lower === 'a' ? i + 2 : i + 1;
      const n = tokens[j];
      const word = lexicon.sizeWords.match(tokens.slice(j, j + 2)).find((m) => m.positions[0] === j);
      if (word) return { value: word.payload, at: [i, ...word.positions] };
      if (n && /^(S|M|L)$/.test(n.text)) return { value: n.text, at: [i, j] };
    }
  }
  return null;
}

function extractOrdinal(a: Analysis, used: Set<number>): { value: number; at: number[] } | null {
  const { tokens } = a;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (used.has(i)) continue;
    const next = tokens[i + 1];
    const prev = tokens[i - 1];
    let value: number | null = null;
    if (t.type === 'ordinal') value = parseInt(t.lower, 10);
    else if (
      t.lower in ORDINAL_WORDS &&
      (t.pos === 'ADJ' || t.pos === 'NUM' || t.pos === 'ADV' || t.pos === 'NOUN')
    )
      value = ORDINAL_WORDS[t.lower]!;
    // "#2", "number 2", "option 3", "item 2", "no. 2"
    else if (
      t.type === 'number' &&
      prev &&
      /^(#|number|option|item|no|choice|result|product)$/.test(prev.lower) &&
      /^\d$/.test(t.lower)
    )
      value = Number(t.lower);
    if (value == null || Number.isNaN(value)) continue;
    if (next && NOT_RESULT_AFTER.has(next.lower)) continue;
    // "last" is a position only as "the last (one)" / "last one", not "last week".
    if (value === -1 && !(RESULT_NOUNS.has(next?.lower ?? '') || prev?.lower === 'the')) continue;
    if (t.lower === 'second' && next && /^(hand|handed)$/.test(next.lower)) continue;
    return { value, at: [i] };
  }
  return null;
}

function extractQuantity(tokens: Token[], used: Set<number>): { value: number; at: number[] } | null {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (used.has(i)) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    // "x3", "3x", "qty 3", "quantity: 3", "quantity of 3"
    const glued = /^x(\d{1,3})$/.exec(t.lower) ?? /^(\d{1,3})x$/.exec(t.lower);
    if (glued) return { value: Number(glued[1]), at: [i] };
    if (/^(qty|quantity)$/.test(t.lower)) {
      const n = tokens.slice(i + 1, i + 4).find((x) => x.type === 'number');
      if (n) return { value: Number(n.lower), at: [i, n.i] };
    }
    // "change the quantity to 3", "make it 2": a number after "to" once the message sets a quantity.
    if (
      t.type === 'number' &&
      /^\d{1,3}$/.test(t.lower) &&
      (prev?.lower === 'to' || prev?.lower === 'it') &&
      tokens.slice(0, i).some((x) => SET_WORDS.has(x.lemma))
    )
      return { value: Number(t.lower), at: [i] };
    let value: number | null = null;
    if (t.type === 'number' && /^\d{1,3}$/.test(t.lower)) value = Number(t.lower);
    else if (t.type === 'word' && t.lower in NUMBER_WORDS && !['a', 'an'].includes(t.lower))
      value = NUMBER_WORDS[t.lower]!;
    if (value == null || value < 1) continue;
    if (t.lower === 'pair' || t.lower === 'couple') {
      if (prev?.lower !== 'a' || next?.lower !== 'of') continue;
    }
    if (next && UNIT_WORDS.has(next.lower) && next.lower !== 'x') continue;
    // A number after a name is a model ("iPhone 13"); after a determiner it is a position.
    if (
      prev &&
      (prev.pos === 'PROPN' ||
        (prev.pos === 'NOUN' && !CART_VERBS.has(prev.lemma)) ||
        (prev.pos === 'DET' && t.lower === 'one'))
    )
      continue;
    if (t.lower === 'one' && !(prev && CART_VERBS.has(prev.lemma))) continue;
    const verbBefore = !!prev && CART_VERBS.has(prev.lemma);
    const countsSomething =
      !!next &&
      (next.lower === 'of' ||
        next.lower === 'more' ||
        next.pos === 'NOUN' ||
        next.pos === 'PROPN' ||
        (next.pos === 'ADJ' && tokens[i + 2]?.pos === 'NOUN') ||
        /^(units?|items?|pairs?|ones|packs?|sets?)$/.test(next.lower));
    if (verbBefore || countsSomething) return { value, at: [i] };
  }
  return null;
}

/**
 * A brand or category typed with a typo ("voltx laptop", "hedphones"): only a word that is neither
 * English nor a word of the catalog's products may be a misspelt name.
 */
function fuzzyMatch<T>(
  tokens: Token[],
  used: Set<number>,
  lexicon: CatalogLexicon,
  find: (t: Token) => T | null,
): PhraseMatch<T> | null {
  for (const t of tokens) {
    if (used.has(t.i) || t.type !== 'word' || t.stop || t.negated || t.lower.length < 5) continue;
    if (t.inLexicon || lexicon.vocabulary.has(t.key)) continue;
    const payload = find(t);
    if (payload) return { payload, positions: [t.i], size: 1, indirect: true };
  }
  return null;
}

/** Extracts every entity the message states. */
export function extractEntities(a: Analysis, lexicon: CatalogLexicon): Extraction {
  const { tokens } = a;
  const used = new Set<number>();
  const price = extractPrice(tokens);
  price.positions.forEach((p) => used.add(p));

  const brands = lexicon.brands
    .match(tokens, 'lower')
    .filter((m) => plausibleBrand(m, tokens, lexicon))
    .sort((x, y) => y.size - x.size);
  const brand = brands[0] ?? fuzzyMatch(tokens, used, lexicon, (t) => lexicon.fuzzyBrands.find(t.lower));
  brand?.positions.forEach((p) => used.add(p));

  const categories = lexicon.categories.match(tokens, 'key');
  const category =
    pickCategory(categories, tokens, used) ??
    fuzzyMatch(tokens, used, lexicon, (t) => lexicon.fuzzyCategories.find(t.key));
  category?.positions.forEach((p) => used.add(p));
  // A word of a category phrase is no colour, even when another category was picked ("espresso
  // machine vs coffee maker": espresso is the machine, not the colour).
  const inCategoryPhrase = new Set(categories.filter((m) => m.size > 1).flatMap((m) => m.positions));

  const colour = lexicon.colours
    .match(tokens, 'lower')
    .filter((m) => m.positions.every((p) => !used.has(p) && !inCategoryPhrase.has(p) && !tokens[p]!.negated))
    .sort((x, y) => y.size - x.size)[0];
  colour?.positions.forEach((p) => used.add(p));

  const size = extractSize(tokens, lexicon, used);
  size?.at.forEach((p) => used.add(p));
  const ordinal = extractOrdinal(a, used);
  ordinal?.at.forEach((p) => used.add(p));
  const quantity = extractQuantity(tokens, used);
  quantity?.at.forEach((p) => used.add(p));

  return {
    entities: {
      category: category?.payload.slug ?? null,
      brand: brand?.payload.name ?? null,
      minPrice: price.minPrice,
      maxPrice: price.maxPrice,
      color: colour?.payload ?? null,
      size: size?.value ?? null,
      quantity: quantity?.value ?? null,
      ordinal: ordinal?.value ?? null,
    },
    categoryRef: category?.payload ?? null,
    brandRef: brand?.payload ?? null,
    used,
  };
}
