/**
 * What the assistant knows about the catalog's words, read from the database (never hard-coded):
 * category and brand names, the search synonyms, the colours and sizes variants are sold in, and
 * the vocabulary of product names and tags (to tell a shopping question from small talk).
 * Built by a pure function from rows, so specs build one from fixtures.
 */
import { FuzzyWords } from './fuzzy';
import { joinedForm, PhraseIndex } from './gazetteer';
import { analyze, phraseKeys } from './nlp';

export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  depth: number;
}
export interface BrandRow {
  id: number;
  slug: string;
  name: string;
}
export interface LexiconRows {
  categories: CategoryRow[];
  brands: BrandRow[];
  synonyms: { term: string; synonyms: string[] }[];
  /** Distinct variant attribute values by attribute name (`color`, `size`, …). */
  variantValues: { name: string; value: string }[];
  /** Distinct words of product names and tags. */
  vocabulary: string[];
}

export interface CategoryRef {
  id: number;
  slug: string;
  name: string;
  depth: number;
}
export interface BrandRef {
  id: number;
  slug: string;
  name: string;
}

/**
 * Basic colour words a shopper may ask for even when no variant has them (the entity is what was
 * said; the search then finds nothing in that colour). Catalog colours are added from the data.
 */
const BASE_COLOURS = (
  'black|white|red|blue|green|yellow|orange|purple|pink|brown|grey|gray|beige|navy|teal|silver|gold|ivory|' +
  'cream|maroon|burgundy|turquoise|khaki|olive|tan|charcoal|lavender|violet|magenta|coral|mint|rose gold|' +
  'navy blue|sky blue|light blue|dark blue|dark green|light green|light gray|dark gray|light grey|dark grey|' +
  'off white|multicolor'
).split('|');
/** Apparel size codes; numeric and named sizes come from the variants. */
const SIZE_CODES = 'xxs xs xl xxl xxxl 2xl 3xl 4xl'.split(' ');
const SIZE_WORDS = ['small', 'medium', 'large', 'extra large', 'extra small', 'x-large', 'x-small'];

/** Attribute names under which catalogs keep colours and sizes. */
const COLOUR_ATTRS = new Set(['color', 'colour', 'colors', 'colours']);
const SIZE_ATTRS = new Set(['size', 'sizes', 'shoe size', 'clothing size']);

/** Splits "Keyboards & Mice" into the names a shopper may use alone. */
export function categoryParts(name: string): string[] {
  return name
    .split(/\s*(?:&|\+|,|\/|\band\b|\bor\b)\s*/i)
    .map((s) => s.trim())
    .filter(Boolean);
}

export class CatalogLexicon {
  readonly categories = new PhraseIndex<CategoryRef>();
  readonly brands = new PhraseIndex<BrandRef>();
  readonly colours = new PhraseIndex<string>();
  /** Sizes sold in the catalog, by lower-cased value. */
  readonly sizes = new Map<string, string>();
  readonly sizeCodes = new Set(SIZE_CODES);
  readonly sizeWords = new PhraseIndex<string>();
  /** Keys of every word of product names, tags, category names and synonyms. */
  readonly vocabulary = new Set<string>();
  readonly categoryById = new Map<number, CategoryRef>();
  readonly brandById = new Map<number, BrandRef>();
  /** Category id by slug and by lower-cased name (what a tool argument may say). */
  readonly categoryIdByKey = new Map<string, number>();
  /** Brand id by lower-cased name and by slug. */
  readonly brandIdByKey = new Map<string, number>();
  /** One-word brand names (lower-case), for typos ("voltx"). */
  readonly fuzzyBrands = new FuzzyWords<BrandRef>();
  /** One-word category names (as keys), for typos ("hedphones"). */
  readonly fuzzyCategories = new FuzzyWords<CategoryRef>();

  constructor(rows: LexiconRows) {
    for (const c of rows.categories) {
      const ref: CategoryRef = { id: c.id, slug: c.slug, name: c.name, depth: c.depth };
      this.categoryById.set(c.id, ref);
      this.categoryIdByKey.set(c.slug, c.id);
      if (!this.categoryIdByKey.has(c.name.toLowerCase()))
        this.categoryIdByKey.set(c.name.toLowerCase(), c.id);
      for (const part of categoryParts(c.name)) {
        const keys = phraseKeys(part);
        this.categories.add(keys, ref, { joined: joinedForm(part) });
        if (keys.length === 1) this.fuzzyCategories.add(keys[0]!, ref);
      }
    }
    // The head noun of a multi-word name ("jackets" of "Men's Jackets") names that category alone
    // when no other category uses the word: "jackets" then means the one jackets category.
    const heads = new Map<string, Set<number>>();
    const singles = new Set<string>();
    for (const c of rows.categories) {
      for (const part of categoryParts(c.name)) {
        const keys = phraseKeys(part);
        if (keys.length === 1) singles.add(keys[0]!);
        const head = keys[keys.length - 1];
        if (head) heads.set(head, (heads.get(head) ?? new Set()).add(c.id));
      }
    }
    for (const [head, ids] of heads) {
      const [only] = ids;
      if (ids.size === 1 && !singles.has(head) && only != null)
        this.categories.add([head], this.categoryById.get(only)!, { indirect: true });
    }
    // Synonyms point a shopper's word at a catalog phrase ("couch" → "sofa"): a synonym reaches a
    // category when one of its group's phrases is (a part of) the category's name.
    const partsByKey = new Map<string, CategoryRef[]>();
    for (const c of rows.categories) {
      for (const part of categoryParts(c.name)) {
        const k = phraseKeys(part).join(' ');
        partsByKey.set(k, [...(partsByKey.get(k) ?? []), this.categoryById.get(c.id)!]);
      }
    }
    for (const { term, synonyms } of rows.synonyms) {
      const group = [term, ...synonyms];
      for (const phrase of group) {
        const targets = group
          .filter((p) => p !== phrase)
          .flatMap((p) => partsByKey.get(phraseKeys(p).join(' ')) ?? []);
        for (const ref of targets) this.categories.add(phraseKeys(phrase), ref, { indirect: true });
      }
    }
    for (const b of rows.brands) {
      const ref: BrandRef = { id: b.id, slug: b.slug, name: b.name };
      this.brandById.set(b.id, ref);
      this.brandIdByKey.set(b.name.toLowerCase(), b.id);
      if (!this.brandIdByKey.has(b.slug)) this.brandIdByKey.set(b.slug, b.id);
      const words = brandWords(b.name);
      this.brands.add(words, ref, { ordered: true, joined: joinedForm(b.name) });
      if (words.length === 1) this.fuzzyBrands.add(words[0]!, ref);
    }
    const colours = new Set(BASE_COLOURS);
    const sizes = new Set<string>();
    for (const { name, value } of rows.variantValues) {
      const n = name.trim().toLowerCase();
      const v = value.trim();
      if (!v || v.length > 30) continue;
      if (COLOUR_ATTRS.has(n)) colours.add(v.toLowerCase());
      else if (SIZE_ATTRS.has(n)) sizes.add(v);
    }
    for (const c of colours) this.colours.add(lowerWords(c), c, { ordered: true });
    for (const s of sizes) this.sizes.set(s.toLowerCase(), s);
    for (const w of SIZE_WORDS) this.sizeWords.add(lowerWords(w), w, { ordered: true });
    const vocabText = [
      ...rows.vocabulary,
      ...rows.categories.map((c) => c.name),
      ...rows.synonyms.flatMap((s) => [s.term, ...s.synonyms]),
    ].join(' \n ');
    for (const t of analyze(vocabText.toLowerCase()).tokens)
      if (t.type === 'word') this.vocabulary.add(t.key);
  }
}

/** Brand names compare word by word as typed (lower-case): a brand is a name, not a stem. */
export function brandWords(name: string): string[] {
  return lowerWords(name.replace(/&/g, ' and '));
}

function lowerWords(s: string): string[] {
  return analyze(s.toLowerCase())
    .tokens.filter((t) => t.type === 'word' || t.type === 'number')
    .map((t) => t.lower.replace(/['’]/g, ''));
}
