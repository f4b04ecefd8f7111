/**
 * What "the second one", "the cheaper one", "it" and "that Ridgeway boot" mean: a product (and the
 * variant shown for it) resolved against the conversation's memory of what it last showed. Shared
 * by every tool that acts on one product, for both providers.
 */
import { z } from 'zod';
import { quoteProducts } from './quote';
import type { QuotedProduct, ToolScope } from './tool-types';

export const SELECTORS = ['cheapest', 'priciest', 'top_rated'] as const;
export type Selector = (typeof SELECTORS)[number];

/** The arguments by which a tool names one product. */
export const productRefShape = {
  productId: z.number().int().positive().optional().nullable(),
  /** 1-based position in the last results; -1 for the last one. */
  position: z.number().int().min(-1).max(50).optional().nullable(),
  /** "the cheaper one", "the most expensive", "the best rated" among the last results. */
  selector: z.enum(SELECTORS).optional().nullable(),
};
export type ProductRef = {
  productId?: number | null;
  position?: number | null;
  selector?: Selector | null;
};

/** JSON Schema of {@link productRefShape}, for function calling. */
export const productRefParameters = {
  productId: { type: 'integer', description: 'A product id from an earlier tool result' },
  position: {
    type: 'integer',
    description: '1-based position in the last list shown ("the second one" = 2); -1 = the last one',
  },
  selector: {
    type: 'string',
    enum: [...SELECTORS],
    description: '"the cheaper one" = cheapest, among the last list shown',
  },
};

/** Resolves "the second one" (or an id) against the conversation's last results. */
export function resolvePosition(scope: ToolScope, ref: ProductRef): number | null {
  if (ref.productId) return ref.productId;
  const list = scope.memory.lastResults;
  if (ref.position == null || list.length === 0) return null;
  const i = ref.position === -1 ? list.length - 1 : ref.position - 1;
  return list[i] ?? null;
}

/** The last results quoted as they were shown (with the variant each was shown in). */
export function quoteLastResults(scope: ToolScope, limit = 10): Promise<QuotedProduct[]> {
  const { lastResults, lastVariants } = scope.memory;
  return quoteProducts(
    scope.ctx.prisma,
    lastResults.slice(0, limit),
    undefined,
    lastVariants.slice(0, limit),
  );
}

/** Picks by price or rating; ties keep the order shown. */
export function pick(products: QuotedProduct[], selector: Selector): QuotedProduct | null {
  const cents = (p: QuotedProduct) => Math.round(Number(p.price) * 100);
  const sorted = [...products].sort((a, b) =>
    selector === 'cheapest'
      ? cents(a) - cents(b)
      : selector === 'priciest'
        ? cents(b) - cents(a)
        : Number(b.rating) - Number(a.rating),
  );
  return sorted[0] ?? null;
}

/**
 * One product as the shopper meant it, quoted now, with the variant the conversation showed for it
 * (when it showed one). Without a position, selector or id: the product in focus ("it"), or the
 * only one shown. Null when nothing (or more than one thing) fits.
 */
export async function resolveProduct(scope: ToolScope, ref: ProductRef): Promise<QuotedProduct | null> {
  const { lastResults, lastVariants, focus } = scope.memory;
  if (ref.selector && ref.productId == null && ref.position == null) {
    return pick(await quoteLastResults(scope), ref.selector);
  }
  // Where in the list shown the product is: its variant there is the one meant.
  let at = -1;
  let id: number | null = null;
  if (ref.productId) {
    id = ref.productId;
    at = lastResults.indexOf(id);
  } else if (ref.position != null) {
    at = ref.position === -1 ? lastResults.length - 1 : ref.position - 1;
    id = lastResults[at] ?? null;
  } else {
    id = focus ?? (lastResults.length === 1 ? lastResults[0]! : null);
    at = id == null ? -1 : lastResults.indexOf(id);
  }
  if (id == null) return null;
  const [p] = await quoteProducts(scope.ctx.prisma, [id], undefined, [
    at >= 0 ? (lastVariants[at] ?? null) : null,
  ]);
  return p ?? null;
}
