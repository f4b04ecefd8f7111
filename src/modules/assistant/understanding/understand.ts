/**
 * The understanding layer: one message in, its intent, entities and what the tools need out
 * (free search words, a sort the shopper asked for, a reference to the last results). Pure given
 * a lexicon; `lexicon.loader.ts` reads the lexicon from the database.
 */
import type { ProductSortValue } from '../../catalog/catalog.types';
import { extractEntities, type Entities } from './entities';
import { detectIntent, ON_SALE, type Intent } from './intent';
import { numberWordsToDigits } from './number-words';
import type { BrandRef, CatalogLexicon, CategoryRef } from './lexicon';
import { analyze, type Token } from './nlp';

/** The entities a message may state, in the order the API lists them. */
export const ENTITY_KEYS = [
  'category',
  'brand',
  'minPrice',
  'maxPrice',
  'color',
  'size',
  'quantity',
  'ordinal',
] as const satisfies readonly (keyof Entities)[];

/** Longest message the understanding layer reads (the rest is ignored; messages are ≤ 4,000). */
export const MAX_UNDERSTOOD_CHARS = 1000;

export interface Understanding {
  intent: Intent;
  confidence: number;
  entities: Entities;
  categoryRef: CategoryRef | null;
  brandRef: BrandRef | null;
  /** Descriptive words left after the entities ("waterproof hiking"), for full-text search. */
  searchWords: string[];
  /** A sort the shopper asked for ("cheapest", "best rated", "newest"). */
  sort: ProductSortValue | null;
  /** Only products on sale now ("what's on sale", "any discounts", "deals on sofas"). */
  onSale: boolean;
  /** How many results the shopper asked to see ("the 3 cheapest chairs", "top 5 sofas"). */
  count: number | null;
  /** Which of the last results the shopper points at, when they point at one. */
  reference: {
    ordinal: number | null;
    selector: 'cheapest' | 'priciest' | 'top_rated' | null;
    all: boolean;
  } | null;
}

/** Words that steer the conversation, never the product ("show me", "please", "cart"). */
const CHATTER = new Set([
  'show',
  'find',
  'search',
  'look',
  'looking',
  'want',
  'need',
  'like',
  'please',
  'recommend',
  'suggest',
  'help',
  'buy',
  'get',
  'add',
  'cart',
  'basket',
  'compare',
  'price',
  'prices',
  'cheap',
  'cheaper',
  'cheapest',
  'expensive',
  'affordable',
  'budget',
  'best',
  'good',
  'great',
  'nice',
  'something',
  'anything',
  'thing',
  'things',
  'stuff',
  'selling',
  'bestselling',
  'seller',
  'sellers',
  'bestseller',
  'bestsellers',
  'popular',
  'newest',
  'arrivals',
  'sale',
  'sales',
  'discount',
  'discounts',
  'discounted',
  'deal',
  'deals',
  'clearance',
  'item',
  'items',
  'product',
  'products',
  'one',
  'ones',
  'some',
  'any',
  'have',
  'sell',
  'carry',
  'stock',
  'got',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thank',
  'able',
  'rated',
  'popular',
  'newest',
  'latest',
  'new',
  'top',
  'option',
  'options',
  'available',
  'dollars',
  'bucks',
  'under',
  'over',
  'between',
  'size',
  'color',
  'colour',
  'quantity',
  'much',
  'cost',
  'costs',
  'brand',
  'store',
  'shop',
  'online',
  'today',
  'maybe',
  'really',
  'also',
  'kind',
  'sort',
  'type',
  'types',
  'pair',
  'pairs',
  'less',
  'more',
  'than',
  'around',
  'about',
  'ideas',
  'idea',
  'wanna',
  'gonna',
  'gimme',
  'lookin',
  'tell',
  'details',
  'detail',
  'info',
  'information',
  'specs',
  'am',
  'im',
  'cool',
  'awesome',
  'decent',
  'quality',
  'high',
  'low',
  'price',
  'priced',
  'pricing',
  'deal',
  'deals',
  'offer',
  'recommendation',
  'recommendations',
  'suggestion',
  'suggestions',
  'which',
  'what',
  'me',
  'my',
  'for',
  'change',
  'update',
  'set',
  'remove',
  'delete',
  'put',
  'save',
  'wishlist',
  'wish',
  'list',
  'favorites',
  'favourites',
  'order',
  'orders',
]);

const SORT_CUES: [RegExp, ProductSortValue][] = [
  [
    /\b(cheapest|lowest price|least expensive|low to high|inexpensive|cheap|affordable|budget|(sort(ed)?|order(ed)?) by price|price order|not (too |very |so )?(expensive|pricey|costly)|cheaper (ones|options|alternatives)|(something|anything) cheaper|less expensive (ones|options))\b/,
    'PRICE_ASC',
  ],
  [/\b(most expensive|priciest|high to low|premium|luxury|high[- ]end)\b/, 'PRICE_DESC'],
  [/\b(best rated|top rated|highest rated|best reviewed|highly rated|best reviews)\b/, 'RATING'],
  [/\b(best ?selling|most popular|popular|bestsellers?)\b/, 'BEST_SELLING'],
  [/\b(newest|latest|new arrivals?|just arrived)\b/, 'NEWEST'],
];

function referenceOf(text: string, entities: Entities): Understanding['reference'] {
  const selector = /\b(cheaper|cheapest|less expensive|lower priced)\b/.test(text)
    ? 'cheapest'
    : /\b(pricier|priciest|more expensive|most expensive)\b/.test(text)
      ? 'priciest'
      : /\b(better rated|best rated|top rated|highest rated)\b/.test(text)
        ? 'top_rated'
        : null;
  // "it", "that one", and "the Sonara one" / "the 512 gb white one" (a shown product by its words).
  const pronoun =
    /\b(it|them|this|that|these|those|this one|that one|both|all of them|the same)\b/.test(text) ||
    /\bthe ([\w.'-]+ ){1,4}ones?\b/.test(text);
  if (entities.ordinal == null && !selector && !pronoun) return null;
  return {
    ordinal: entities.ordinal,
    selector,
    all: /\b(them|both|all of them|these|those|the two)\b/.test(text),
  };
}

function searchWordsOf(tokens: Token[], used: Set<number>): string[] {
  const words: string[] = [];
  const add = (w: string) => {
    if (!words.includes(w)) words.push(w);
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (used.has(t.i) || t.negated) continue;
    // Model numbers name products: "iphone 13", "4K" (wink splits it into 4 and K), "S23".
    if (t.type === 'number' && /^\d{1,5}$/.test(t.lower)) {
      const next = tokens[k + 1];
      if (
        next &&
        next.type === 'word' &&
        !next.spaceBefore &&
        /^[a-z]{1,3}$/i.test(next.text) &&
        !used.has(next.i)
      ) {
        add(t.lower + next.lower);
        k++;
        continue;
      }
      const prev = tokens[k - 1];
      if (prev && prev.type === 'word' && !prev.stop && !CHATTER.has(prev.lower)) add(t.lower);
      continue;
    }
    if (t.type !== 'word' || t.stop || t.lower.length < 2 || /['’]/.test(t.lower)) continue;
    if (CHATTER.has(t.lower) || t.pos === 'AUX' || t.pos === 'PRON' || t.pos === 'ADV') continue;
    // A verb is no product word, unless it carries digits (a model code wink tags as a verb).
    if (t.pos === 'VERB' && !/\d/.test(t.lower)) continue;
    add(t.lower);
  }
  return words.slice(0, 8);
}

/**
 * Understands one shopper message.
 * @example understand('waterproof hiking boots under $120', lexicon).entities.maxPrice // "120"
 */
export function understand(message: string, lexicon: CatalogLexicon): Understanding {
  // "under twenty dollars" reads as "under 20 dollars".
  const analysis = analyze(numberWordsToDigits(message.slice(0, MAX_UNDERSTOOD_CHARS)));
  const { entities, categoryRef, brandRef, used } = extractEntities(analysis, lexicon);
  const { intent, confidence } = detectIntent(analysis.tokens, entities, lexicon);
  // A quantity only means something for the cart; "compare these two" counts nothing.
  if (intent === 'PRICE_COMPARISON' || intent === 'ORDER_STATUS' || intent === 'RETURNS_WARRANTY')
    entities.quantity = null;
  // Small talk states no shopping constraint, whatever catalog word it contains ("the game last night").
  if (intent === 'FALLBACK' || intent === 'GREETING') for (const k of ENTITY_KEYS) entities[k] = null;
  const text = analysis.tokens.map((t) => t.lower).join(' ');
  const sort = SORT_CUES.find(([r]) => r.test(text))?.[1] ?? null;
  // "the 3 cheapest chairs", "top 5 sofas", "3 options": a number of results, not of items to buy.
  let count: number | null = null;
  if (
    intent === 'PRODUCT_SEARCH' &&
    entities.quantity != null &&
    (sort != null || /\b(top|options|choices|ideas|suggestions|results)\b/.test(text))
  ) {
    count = Math.min(entities.quantity, 10);
    entities.quantity = null;
  }
  return {
    intent,
    confidence,
    entities,
    categoryRef,
    brandRef,
    searchWords: searchWordsOf(analysis.tokens, used),
    sort,
    onSale: ON_SALE.test(text),
    count,
    reference: referenceOf(text, entities),
  };
}
