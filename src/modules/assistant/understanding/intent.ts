/**
 * Intent detection: each intent collects evidence from cue words (by lemma, so "returned",
 * "returning" and "returns" count alike), phrases, the entities found and the catalog
 * vocabulary; the best-supported intent wins, and a message with no evidence is FALLBACK.
 * Evidence is additive and every rule is one line of the table below.
 */
import type { Entities } from './entities';
import type { CatalogLexicon } from './lexicon';
import type { Token } from './nlp';

export const INTENTS = [
  'PRODUCT_SEARCH',
  'PRICE_COMPARISON',
  'ADD_TO_CART',
  'CART_SUMMARY',
  'ORDER_STATUS',
  'RETURNS_WARRANTY',
  'GREETING',
  'FALLBACK',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface IntentResult {
  intent: Intent;
  /** 0–100: share of the evidence that went to the winner, damped for thin evidence. */
  confidence: number;
  scores: Partial<Record<Intent, number>>;
}

interface Ctx {
  tokens: Token[];
  lemmas: Set<string>;
  text: string;
  entities: Entities;
  /** Catalog words (not entities' cue words) in the message. */
  catalogWords: number;
  /** "it", "them", "that one", "the second one", "the cheaper one": a reference to last results. */
  reference: boolean;
}

const has = (c: Ctx, ...lemmas: string[]) => lemmas.some((l) => c.lemmas.has(l));
const re = (c: Ctx, r: RegExp) => r.test(c.text);

/** Asks about shipping or delivery costs and destinations ("how much is shipping", "do you ship to Canada"). */
export const SHIPPING =
  /\b(shipping|delivery (cost|costs|fee|fees|charge|time|times)|do you (ship|deliver)|ship (to|internationally|abroad|overseas))\b/;

/** Asks for what is on sale now ("what's on sale", "any discounts", "deals on sofas"). */
export const ON_SALE = /\b(on sale|sale items|discount(s|ed)?|deals?|markdowns?|clearance|reduced prices?)\b/;

const CART_NOUN = /\b(cart|basket|trolley|shopping bag|my bag)\b/;
const WISHLIST = /\b(wish ?list|wishlist|save (it|this|that|them) for later|favou?rites)\b/;
const ADD_VERB = /\b(add|put|throw|place|pop|stick|include)\b/;
const REMOVE_VERB = /\b(remove|delete|drop|take out|get rid of|change|update|increase|decrease|set)\b/;
const ORDER_REF =
  /\b(my|the|our|an?) (recent |last |latest |previous |online )?(order|orders|package|parcel|shipment|delivery|purchase)\b|\border\s*(#|no\.?|number|id)|\border\s+\d{3,}|\b[a-z]{2,4}-\d{3,}\b|#\s?\d{4,}|\b[a-z]{2,4}(-(?=[a-z]*\d)[0-9a-z]{4,6}){1,3}\b/;
const ORDER_STATUS_WORD =
  /\b(where|when|status|track|tracking|trace|arrive|arriving|arrived|shipped|ship|shipping|deliver|delivered|delivery|dispatched|eta|late|delayed|cancel|cancelled|update on)\b/;
const RETURN_WORD =
  /\b(return|returns|returning|returned|refund|refunds|refunded|exchange|exchanges|warranty|warranties|guarantee|guaranteed|send (it |this |them )?back|money back|defective|faulty|broken|damaged|repair|rma)\b/;
const GREETING_WORD =
  /^(hi|hello|hey|hiya|howdy|yo|greetings|good (morning|afternoon|evening|day)|thanks|thank you|thx|cheers|bye|goodbye|see you|how are you|what'?s up|sup|hola|bonjour)\b/;
const COMPARE_WORD =
  /\b(compare|comparison|comparing|vs\.?|versus|difference|differences|differ|which (one |of them |of these |of those )?(is|are|would|should|has|offers)|better value|better deal|cheaper one|better one|side by side|pros and cons)\b/;
const SEARCH_VERB =
  /\b(find|search|show|looking|look for|look at|need|want|recommend|recommendation|suggest|suggestion|do (you|u|ya) (have|sell|carry|stock)|(you|u) (have|got) any|got any|any|browse|shop|shopping for|in stock|available|price of|how much|tell me (more )?about|more (info|information|details) (on|about)|what about|details|specs|options|ideas?|gift)\b/;
const REFERENCE =
  /\b(it|them|this|that|these|those|this one|that one|the (first|second|third|fourth|fifth|last|cheaper|cheapest|other|same|former|latter) ?(one|ones)?|the ([\w.-]+ ){1,4}one)\b/;
const BUY_VERB = /\b(buy|take|purchase|order|get|grab|want|i'?ll have|add)\b/;

type Rule = [Intent, number, (c: Ctx) => boolean];

/** Letters with digits ("ps5", "s23", "wh-1000xm4"), or a number right after a name ("iphone 13"). */
function hasModelName(tokens: Token[]): boolean {
  return tokens.some((t, k) => {
    if (t.type === 'word') return t.lower.length >= 3 && /\p{L}/u.test(t.lower) && /\d/.test(t.lower);
    const prev = tokens[k - 1];
    return (
      t.type === 'number' &&
      !!prev &&
      prev.type === 'word' &&
      !prev.stop &&
      (prev.pos === 'NOUN' || prev.pos === 'PROPN') &&
      !/^(order|size|sz|number|no|item|option|quantity|qty)$/.test(prev.lower)
    );
  });
}

/** The evidence table: intent, weight, condition. */
const RULES: Rule[] = [
  ['ORDER_STATUS', 7, (c) => re(c, ORDER_REF) && re(c, ORDER_STATUS_WORD)],
  ['ORDER_STATUS', 3, (c) => re(c, /\b(track|tracking|trace)\b/) && !re(c, CART_NOUN)],
  ['ORDER_STATUS', 2, (c) => re(c, /\b(my|the) (order|orders|package|parcel|shipment|delivery)\b/)],
  [
    'ORDER_STATUS',
    2,
    (c) =>
      re(
        c,
        /\bhas (it|my \w+) (shipped|arrived|been)\b|\bwhen will (it|they|my \w+) (arrive|come|ship|get here|be delivered)\b|\border status\b|\border history\b|\bmy orders\b/,
      ),
  ],
  ['RETURNS_WARRANTY', 7, (c) => re(c, RETURN_WORD) && !re(c, /\bin return\b/)],
  ['RETURNS_WARRANTY', 2, (c) => re(c, /\b(policy|policies)\b/)],
  // "can I return shoes that don't fit?", "how do I return it": asking how returning works.
  [
    'RETURNS_WARRANTY',
    5,
    (c) =>
      re(
        c,
        /\b(can i|could i|how (do|can|would) i|i (want|need|would like|'d like) to|is it possible to|am i able to) (return|exchange|send back|get a refund)\b/,
      ),
  ],
  // "return the kettle I bought", "my blender broke": about something they have, not a search.
  [
    'RETURNS_WARRANTY',
    5,
    (c) =>
      re(c, RETURN_WORD) &&
      re(
        c,
        /\b(i (bought|ordered|got|purchased|received)|arrived|came|my \w+ (is|was|arrived|came|broke|stopped))\b/,
      ),
  ],
  ['CART_SUMMARY', 3, (c) => re(c, CART_NOUN) && !re(c, ADD_VERB) && !re(c, REMOVE_VERB)],
  [
    'CART_SUMMARY',
    2,
    (c) =>
      re(c, CART_NOUN) &&
      re(c, /\b(what'?s|what is|show|view|see|total|how much|summary|contents|check|items in|in my)\b/) &&
      !re(c, ADD_VERB),
  ],
  [
    'CART_SUMMARY',
    3,
    (c) => re(c, /\b(check ?out|proceed to (checkout|payment)|ready to pay)\b/) && !c.reference,
  ],
  // "add the Voltix laptop to my cart" names a product, yet asks for the cart: that wins.
  ['ADD_TO_CART', 12, (c) => re(c, ADD_VERB) && (re(c, CART_NOUN) || re(c, WISHLIST))],
  ['ADD_TO_CART', 12, (c) => re(c, REMOVE_VERB) && re(c, CART_NOUN)],
  // "I need 3 of them", "2 of those please": a count of something shown is an order for it.
  ['ADD_TO_CART', 4, (c) => c.entities.quantity != null && c.reference],
  [
    'ADD_TO_CART',
    3,
    (c) => re(c, /\badd\b/) && (c.reference || c.entities.ordinal != null || c.entities.quantity != null),
  ],
  ['ADD_TO_CART', 3, (c) => re(c, BUY_VERB) && c.reference && !re(c, /\b(compare|which)\b/)],
  // "add the Voltix laptop": an imperative add is about the cart even without the word "cart".
  ['ADD_TO_CART', 10, (c) => re(c, /^(please |ok |okay |yes |great |then )?add\b/)],
  [
    'ADD_TO_CART',
    3,
    (c) =>
      re(
        c,
        /\b(i'?ll take|i will take|i'?ll get|i will get|i'?ll buy|i'?ll have|take it|buy it|get it|want it|want that|want this|sold|i'?ll go with|go with the|put it in)\b/,
      ),
  ],
  ['ADD_TO_CART', 2, (c) => re(c, WISHLIST)],
  ['ADD_TO_CART', 2, (c) => c.entities.ordinal != null && !re(c, COMPARE_WORD) && !re(c, SEARCH_VERB)],
  ['PRICE_COMPARISON', 8, (c) => re(c, /\b(compare|comparison|comparing|vs\.?|versus|side by side)\b/)],
  ['PRICE_COMPARISON', 3, (c) => re(c, COMPARE_WORD) && !re(c, /\bthan\s*(\$|€|£)?\d/)],
  // "which is better, the Sonara or the Voltix?", "which one should I get": weighing options.
  [
    'PRICE_COMPARISON',
    7,
    (c) =>
      re(
        c,
        /\b(which|what) (one |of (the|these|those|them|both) ?(\w+ )?)?('s|is|are|would be|should i (get|buy|choose|pick)) (better|best|cheaper|the cheapest|the best|worth|more|less|lighter|faster|quieter|bigger|smaller)\b|\bwhich (one )?should i (get|buy|choose|pick)\b|\b(better|cheaper|best) (option|choice|deal|value)\b.*\bor\b/,
      ),
  ],
  [
    'PRICE_COMPARISON',
    2,
    (c) =>
      re(
        c,
        /\b(cheaper|cheapest|pricier|more expensive|less expensive|best value|better|best deal|price difference|the two|both)\b/,
      ) &&
      c.reference &&
      !re(c, ADD_VERB),
  ],
  [
    'PRICE_COMPARISON',
    2,
    (c) => re(c, /\b(cheaper|pricier|more expensive|better) (than|or)\b/) && !re(c, /\bthan\s*(\$|€|£)?\d/),
  ],
  ['GREETING', 4, (c) => re(c, GREETING_WORD)],
  ['PRODUCT_SEARCH', 3, (c) => re(c, SEARCH_VERB)],
  ['PRODUCT_SEARCH', 3, (c) => re(c, ON_SALE)],
  // "what's the most expensive thing you sell", "your best sellers": a search sorted that way.
  [
    'PRODUCT_SEARCH',
    2,
    (c) =>
      re(
        c,
        /\b(most expensive|priciest|cheapest|best rated|top rated|best ?sell(ing|ers?)|most popular|newest)\b/,
      ) && !re(c, COMPARE_WORD),
  ],
  // "cheaper ones?", "something cheaper": the same search, cheaper.
  [
    'PRODUCT_SEARCH',
    3,
    (c) =>
      re(
        c,
        /(?<!\bthe )\b(cheaper (ones|options|alternatives)|(something|anything) cheaper|less expensive (ones|options))\b/,
      ),
  ],
  // A question about shipping is no product search ("how much is shipping").
  ['PRODUCT_SEARCH', -6, (c) => re(c, SHIPPING) && c.entities.category == null],
  // "what are the delivery costs" asks about shipping, not about an order.
  ['ORDER_STATUS', -12, (c) => re(c, SHIPPING) && re(c, /\b(cost|costs|fee|fees|charge|how much|price)\b/)],
  // Small talk about the world ("who won the game last night", "what's the weather"): a catalog
  // word in it ("game") is no shopping request.
  [
    'PRODUCT_SEARCH',
    -6,
    (c) =>
      re(
        c,
        /\b(who won|who is winning|last night|the score|the weather|weather (today|tomorrow)|the news)\b/,
      ),
  ],
  ['PRODUCT_SEARCH', 4, (c) => c.entities.category != null],
  ['PRODUCT_SEARCH', 2, (c) => c.entities.brand != null],
  ['PRODUCT_SEARCH', 2, (c) => c.entities.minPrice != null || c.entities.maxPrice != null],
  ['PRODUCT_SEARCH', 1, (c) => c.entities.color != null || c.entities.size != null],
  // "in grey", "black ones", "size 10 please": a short message that is only a colour or a size
  // refines what was searched.
  [
    'PRODUCT_SEARCH',
    1,
    (c) =>
      (c.entities.color != null || c.entities.size != null) &&
      c.tokens.filter((t) => t.type === 'word' || t.type === 'number').length <= 4,
  ],
  ['PRODUCT_SEARCH', 2, (c) => c.catalogWords >= 1],
  // A model name ("iphone 13", "ps5", "WH-1000XM4", "S23") is a product, even one the catalog lacks.
  ['PRODUCT_SEARCH', 2, (c) => hasModelName(c.tokens) && !re(c, ORDER_REF)],
  ['PRODUCT_SEARCH', 1, (c) => c.catalogWords >= 2],
  [
    'PRODUCT_SEARCH',
    1,
    (c) => has(c, 'cheap', 'affordable', 'budget', 'best', 'popular', 'new', 'latest', 'top'),
  ],
];

/** Words that carry intent, not product meaning (not counted as catalog words). */
const FUNCTION_WORDS = new Set([
  'cart',
  'basket',
  'order',
  'add',
  'return',
  'refund',
  'warranty',
  'compare',
  'price',
  'find',
  'show',
  'want',
  'need',
  'search',
  'look',
  'buy',
  'track',
  'status',
  'help',
  'thank',
  'hello',
  'one',
  'item',
  'product',
  'thing',
  'stuff',
  'something',
  'deliveri',
  'shipping',
  'ship',
  'packag',
  'wishlist',
  'polici',
  'cheap',
  'cheaper',
]);

export function detectIntent(tokens: Token[], entities: Entities, lexicon: CatalogLexicon): IntentResult {
  const text = tokens
    .map((t) => (t.spaceBefore || t.i === 0 ? ' ' : '') + t.lower)
    .join('')
    .trim();
  const ctx: Ctx = {
    tokens,
    lemmas: new Set(tokens.map((t) => t.lemma)),
    text,
    entities,
    catalogWords: tokens.filter(
      (t) =>
        t.type === 'word' &&
        !t.stop &&
        t.key.length > 2 &&
        !FUNCTION_WORDS.has(t.key) &&
        lexicon.vocabulary.has(t.key) &&
        (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ'),
    ).length,
    reference: REFERENCE.test(text),
  };
  const scores: Partial<Record<Intent, number>> = {};
  for (const [intent, weight, test] of RULES) if (test(ctx)) scores[intent] = (scores[intent] ?? 0) + weight;
  // A greeting followed by a request is that request ("hi, any tents under $200?").
  if (scores.GREETING && Object.keys(scores).length > 1) {
    const others = Object.entries(scores)
      .filter(([k]) => k !== 'GREETING')
      .map(([, v]) => v!);
    if (Math.max(...others) >= 2) delete scores.GREETING;
  }
  const ranked = (Object.entries(scores) as [Intent, number][]).sort(
    (a, b) => b[1] - a[1] || INTENTS.indexOf(a[0]) - INTENTS.indexOf(b[0]),
  );
  const best = ranked[0];
  if (!best || best[1] < 2) return { intent: 'FALLBACK', confidence: best ? 30 : 90, scores };
  const total = ranked.reduce((s, [, v]) => s + v, 0);
  const confidence = Math.round(Math.min(1, best[1] / 6) * (best[1] / total) * 100);
  return { intent: best[0], confidence: Math.max(1, Math.min(100, confidence)), scores };
}
