/**
 * The `local` provider: offline and deterministic. It acts on the understanding (intent and
 * entities), calls the same tools a model would, and composes the reply from their results only,
 * so every price and stock figure in it is the database's. Token counts come from a real
 * tokenizer so accounting and budgets treat it like any model.
 */
import type { Understanding } from '../understanding/understand';
import { formatMoney } from '../tools/quote';
import { quoteLastResults } from '../tools/refs';
import type { QuotedProduct, ToolActivity, ToolDef } from '../tools/tool-types';
import { continuePending, CUSTOMER_STEPS } from './local-customer';
import { SHIPPING } from '../understanding/intent';
import { comparePositions } from './compare-positions';
import { line, stockText, type Runner, type Step } from './local-compose';
import { callTool, TOOL_ERROR, type LlmProvider, type TurnResult } from './provider';
import { countChatTokens, countTokens, loadTokenizer } from './tokenizer';

export { LOCAL_MODEL } from '../llm/target';

/** Splits text into streamable pieces: a word with the whitespace before it. */
export function streamPieces(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** What a search asks for, as the reply names it. */
interface Ask {
  color: string | null;
  words: string[];
  /** The category's display name (or its slug's words). */
  category: string | null;
  brand: string | null;
  minPrice: string | null;
  maxPrice: string | null;
  size: string | null;
  onSale: boolean;
}

/** "red running shoes by Apex under $120 in size 10". */
function describe(a: Ask): string {
  const parts: string[] = [];
  if (a.color) parts.push(a.color);
  parts.push(...a.words.slice(0, 3));
  parts.push(a.category ? a.category.toLowerCase() : parts.length ? '' : 'products');
  let text = parts.filter(Boolean).join(' ');
  if (a.brand) text += ` by ${a.brand}`;
  if (a.minPrice && a.maxPrice) text += ` between $${a.minPrice} and $${a.maxPrice}`;
  else if (a.maxPrice) text += ` under $${a.maxPrice}`;
  else if (a.minPrice) text += ` over $${a.minPrice}`;
  if (a.size) text += ` in size ${a.size}`;
  if (a.onSale) text += ' on sale';
  return text.trim();
}

/** The search as the shopper stated it. */
export function describeAsk(u: Understanding): string {
  const e = u.entities;
  return describe({ ...e, words: u.searchWords, category: u.categoryRef?.name ?? null, onSale: u.onSale });
}

type SearchArgs = Record<string, unknown> & { query?: string | null; category?: string | null };

/** The constraints a message states besides what it names: price, colour, size, sort, on sale. */
const limitsOf = (u: Understanding) => ({
  minPrice: u.entities.minPrice,
  maxPrice: u.entities.maxPrice,
  color: u.entities.color,
  size: u.entities.size,
  sort: u.sort,
  onSale: u.onSale || null,
});

/**
 * A follow-up that only adds constraints ("only the ones under $1000", "in black", "the cheapest
 * first") refines the last search instead of searching the whole catalog; one that names products
 * or asks for "something" else starts over. Null when it is not a refinement.
 */
function refinedSearch(scope: Parameters<Step>[0], u: Understanding, message: string): SearchArgs | null {
  const last = scope.memory.lastSearch as SearchArgs | null;
  const e = u.entities;
  const named = u.searchWords.length > 0 || e.category != null || e.brand != null;
  const constraints = Object.fromEntries(Object.entries(limitsOf(u)).filter(([, v]) => v != null));
  if (!last || named || Object.keys(constraints).length === 0) return null;
  // "something else", "other ones", "anything under $20": a new search; "something cheaper" is not.
  if (/\b(else|other)\b|\b(something|anything|everything)\b(?! (cheaper|less expensive))/i.test(message))
    return null;
  return { ...last, ...constraints, limit: u.count ?? 5 };
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

interface Personalized {
  from: string[];
  brands: string[];
  sizes: string[];
  priceBand: [string, string] | null;
}

/** "I ranked these for you …": which preferences ordered the results and where they come from. */
function personalNote(p: Personalized | null | undefined, currency: string): string {
  if (!p) return '';
  const what = [
    p.brands.length > 0 && `${p.brands.join(' and ')} first`,
    p.sizes.length > 0 && `size ${p.sizes.join(' or ')} in stock`,
    p.priceBand && `around ${formatMoney(p.priceBand[0], currency)}–${formatMoney(p.priceBand[1], currency)}`,
  ].filter(Boolean);
  const names = p.from.map((f) =>
    f === 'orders'
      ? 'past orders'
      : f === 'wishlist'
        ? 'wishlist'
        : f === 'browsing'
          ? 'browsing'
          : 'saved preferences',
  );
  const from = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `I ranked these for you from your ${from}: ${what.length ? what.join(', ') : 'what you usually buy first'}.\n`;
}

const search: Step = async (scope, input, run) => {
  const u = input.understanding;
  const e = u.entities;
  const refined = refinedSearch(scope, u, input.message);
  // Nothing to search by ("is it any good?" with nothing on screen): ask rather than list the catalog.
  const stated = Object.values(limitsOf(u)).some((v) => v != null);
  if (!refined && !stated && u.searchWords.length === 0 && e.category == null && e.brand == null)
    return {
      text: 'What are you looking for? Tell me a product, a category, a brand or a price range.',
      products: [],
    };
  const out = await run(
    'search_products',
    refined ?? {
      query: u.searchWords.join(' ') || null,
      category: e.category,
      brand: e.brand,
      ...limitsOf(u),
      limit: u.count ?? 5,
    },
  );
  if (!out) return { text: "I can't search the catalog in this chat.", products: [] };
  const products = out.products ?? [];
  const ask = refined
    ? describe({
        color: str(refined.color),
        words: (str(refined.query) ?? '').split(' ').filter(Boolean),
        category: str(refined.category)?.replace(/-/g, ' ') ?? null,
        brand: str(refined.brand),
        minPrice: str(refined.minPrice),
        maxPrice: str(refined.maxPrice),
        size: str(refined.size),
        onSale: refined.onSale === true,
      })
    : describeAsk(u);
  if (products.length === 0) {
    return {
      text: `I couldn't find any ${ask} right now. Try widening the price range or fewer details, and I'll look again.`,
      products,
    };
  }
  const lines = products.map(line).join('\n');
  const personal = personalNote(
    (out.data as { personalized?: Personalized | null }).personalized,
    products[0]!.currency,
  );
  return {
    text: `Here ${products.length === 1 ? 'is 1 match' : `are ${products.length} matches`} for ${ask}:\n${lines}\n${personal}${products.length === 1 ? 'Say "add it to my cart" or ask me for details.' : 'Say "add the second one" or "compare the first two" to go on.'}`,
    products,
  };
};

/**
 * "tell me more about the second one / it / the cheaper one": a reference to what was shown, with no
 * new product words (then it is a new search).
 */
function pointsAtShown(scope: Parameters<Step>[0], u: Understanding): boolean {
  const mem = scope.memory;
  if (mem.lastResults.length === 0 && mem.focus == null) return false;
  if (u.reference?.ordinal != null) return true;
  const named = u.searchWords.length > 0 || u.entities.category != null || u.entities.brand != null;
  return u.reference != null && !u.reference.all && !named;
}

/**
 * "what about the Sonara one": a product of the list on screen named by its brand or words of its
 * name, when exactly one shown product fits.
 */
async function namedAmongShown(scope: Parameters<Step>[0], u: Understanding): Promise<number | null> {
  if (u.reference == null || u.reference.all || scope.memory.lastResults.length < 2) return null;
  const words = u.searchWords;
  if (words.length === 0 && u.entities.brand == null) return null;
  const shown = await quoteLastResults(scope);
  const hits = shown.filter((p) => {
    const name = p.name.toLowerCase();
    return (
      (u.entities.brand == null || p.brand === u.entities.brand) &&
      words.every((w) => name.includes(w)) &&
      (u.entities.category == null || p.category === u.entities.category)
    );
  });
  return hits.length === 1 ? hits[0]!.productId : null;
}

const details = async (
  scope: Parameters<Step>[0],
  input: Parameters<Step>[1],
  run: Parameters<Step>[2],
  productId: number | null = null,
): ReturnType<Step> => {
  const u = input.understanding;
  const ordinal = u.entities.ordinal ?? u.reference?.ordinal ?? null;
  const selector = ordinal == null ? (u.reference?.selector ?? null) : null;
  const single = scope.memory.focus != null || scope.memory.lastResults.length === 1;
  // "it" means the product in focus; with a list on screen and nothing in focus, the first one.
  const position = ordinal ?? (selector || single ? null : scope.memory.lastResults.length ? 1 : null);
  const out = await run('get_product_details', productId != null ? { productId } : { position, selector });
  const p = out?.products?.[0];
  if (!p)
    return {
      text: "Which product do you mean? Search first and I'll tell you more about any of the results.",
      products: [],
    };
  const d = out!.data as { description: string | null; warranty: string | null; returnPolicy: string | null };
  const extra = [
    d.description,
    d.warranty && `Warranty: ${d.warranty}.`,
    d.returnPolicy && `Returns: ${d.returnPolicy}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    text: `${p.name}${p.brand ? ` by ${p.brand}` : ''} costs ${formatMoney(p.price, p.currency)} and is ${stockText(p)}. ${extra}`.trim(),
    products: [p],
  };
};

/**
 * "compare the two cheapest" right after a search that found fewer than two: the same search again
 * without its price limits (the shopper still means sofas, not the whole catalog). Null when there
 * was no such search or it had no price limit to lift.
 */
async function widenLastSearch(scope: Parameters<Step>[0], run: Parameters<Step>[2]) {
  const last = scope.memory.lastSearch;
  if (!last || (last.minPrice == null && last.maxPrice == null)) return null;
  const out = await run('search_products', { ...last, minPrice: null, maxPrice: null, limit: 5 });
  return out?.products?.length ? out.products.length : null;
}

const compare: Step = async (scope, input, run) => {
  const u = input.understanding;
  let note = '';
  if (scope.memory.lastResults.length < 2) {
    const named = u.searchWords.length > 0 || u.entities.category != null || u.entities.brand != null;
    const widened = named ? null : await widenLastSearch(scope, run);
    if (widened != null && widened >= 2)
      note = 'Fewer than two matched your price range, so I compared without it:\n';
    else {
      const found = await search(scope, input, run);
      if (found.products.length < 2) return found;
    }
  }
  // "the first two", "the first and the third": those; otherwise the first three shown.
  const positions = comparePositions(input.message, scope.memory.lastResults.length);
  let ids = positions
    ? positions.map((p) => scope.memory.lastResults[p - 1]!)
    : scope.memory.lastResults.slice(0, 3);
  if (u.sort === 'PRICE_ASC' || u.reference?.selector === 'cheapest') {
    const quoted = await run('compare_products', { productIds: scope.memory.lastResults.slice(0, 10) });
    const sorted = [...(quoted?.products ?? [])].sort((a, b) => Number(a.price) - Number(b.price));
    ids = sorted.slice(0, 2).map((p) => p.productId);
  }
  const out = await run('compare_products', { productIds: ids });
  const products = out?.products ?? [];
  if (products.length < 2)
    return {
      text: 'I need at least two products to compare. Search first, then ask me to compare.',
      products,
    };
  const d = out!.data as { cheapestId: number; topRatedId: number | null; priceDifference: string };
  const cheapest = products.find((p) => p.productId === d.cheapestId)!;
  const top = products.find((p) => p.productId === d.topRatedId);
  const rated = (p: QuotedProduct) =>
    Number(p.rating) > 0 ? `rated ${Number(p.rating).toFixed(1)}` : 'not rated yet';
  const lines = products.map((p, i) => `${line(p, i)}, ${rated(p)}`).join('\n');
  const best = top ? `; ${top.name} (${formatMoney(top.price, top.currency)}) is rated highest` : '';
  return {
    text: `${note}${lines}\n${cheapest.name} (${formatMoney(cheapest.price, cheapest.currency)}) is the cheapest, ${formatMoney(d.priceDifference, cheapest.currency)} less than the most expensive${best}.`,
    products: [cheapest, ...products.filter((p) => p !== cheapest)],
  };
};

const policy: Step = async (_scope, input, run) => {
  const out = await run('get_return_policy', { position: input.understanding.entities.ordinal });
  const d = out?.data as
    { name?: string; returnPolicy?: string | null; warranty?: string | null; product?: null } | undefined;
  if (!d?.name) {
    return {
      text: 'Return and warranty terms are set per product. Tell me which product (or search and pick one) and I will quote its policy.',
      products: [],
    };
  }
  return {
    text: `${d.name}: returns — ${d.returnPolicy ?? 'no return policy is listed'}; warranty — ${d.warranty ?? 'no warranty is listed'}.`,
    products: [],
  };
};

const STEPS: Record<Understanding['intent'], Step> = {
  PRODUCT_SEARCH: async (scope, input, run) => {
    if (pointsAtShown(scope, input.understanding)) return details(scope, input, run);
    const named = await namedAmongShown(scope, input.understanding);
    return named != null ? details(scope, input, run, named) : search(scope, input, run);
  },
  PRICE_COMPARISON: compare,
  RETURNS_WARRANTY: policy,
  ...CUSTOMER_STEPS,
  GREETING: async (_scope, input) => ({
    text: /\b(thanks|thank you|thx|cheers|bye|goodbye|see you)\b/i.test(input.message)
      ? "You're welcome! I'm here whenever you need something else."
      : 'Hi! I can find products by category, brand, price, colour and size, compare them, and help with your cart and orders. What are you looking for?',
    products: [],
  }),
  // "in grey", "under $50" after a search: a refinement of it, whatever the words around.
  FALLBACK: async (scope, input, run) =>
    refinedSearch(scope, input.understanding, input.message)
      ? search(scope, input, run)
      : // "is it dishwasher safe?", "what is that made of?": what we know of the product in view.
        input.understanding.reference && scope.memory.focus != null
        ? details(scope, input, run)
        : SHIPPING.test(input.message.toLowerCase())
          ? {
              // No amount: the cart computes shipping for the address (and this text quotes no tool).
              text: `Shipping is added at checkout for your address: your cart shows its cost before you pay${scope.ctx.config.FREE_SHIPPING_THRESHOLD ? ', and larger orders ship free' : ''}.`,
              products: [],
            }
          : {
              // No amount in it: a canned example has no quoted price to stand on (the reply guard would strike it).
              text: 'I can help with shopping: try "waterproof hiking boots", "compare the two cheapest" or "where is my order?".',
              products: [],
            },
};

/** A tool threw (callTool logged and recorded it): the turn apologises instead of reading its empty result. */
class ToolFailed extends Error {}
const TOOL_FAILED_TEXT =
  'Sorry, something went wrong on my side while looking that up. Please try again in a moment.';

export const localProvider: LlmProvider = {
  name: 'local',
  async run(scope, input): Promise<TurnResult> {
    await loadTokenizer();
    const activities: ToolActivity[] = [];
    let calls = 0;
    const run: Runner = async (name, args) => {
      if (!input.tools.some((t) => t.name === name) || calls >= Math.max(1, input.maxIterations) * 2)
        return null;
      calls++;
      const out = await callTool(scope, input.tools, name, args, activities, input.onToolResult);
      // Not "nothing found": an error must not read as an empty catalog or order history.
      if (out.summary === TOOL_ERROR) throw new ToolFailed(name);
      return out;
    };
    const answer = async () => {
      try {
        return (
          (await continuePending(scope, input, run)) ??
          (await STEPS[input.understanding.intent](scope, input, run))
        );
      } catch (err) {
        if (err instanceof ToolFailed) return { text: TOOL_FAILED_TEXT, products: [] };
        throw err;
      }
    };
    const { text, products } = await answer();
    for (const piece of streamPieces(text)) {
      if (input.signal.aborted) break;
      input.onToken(piece);
    }
    const prompt = [
      { role: 'system', content: input.systemPrompt },
      ...input.history,
      { role: 'user', content: input.message },
    ];
    return {
      content: text,
      finishReason: 'stop',
      promptTokens: countChatTokens(prompt),
      completionTokens: countTokens(text),
      products,
      activities,
    };
  },
};

export type { ToolDef };
