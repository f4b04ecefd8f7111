/**
 * Cart tools: add to cart, change a line's quantity, and the cart summary. They call the cart
 * service exactly as the storefront's mutations do, always for the conversation's own customer
 * (`scope.customerId`, taken from the conversation row). No argument names a customer or a cart,
 * and the schemas are strict: a model that passes one gets an invalid-arguments failure.
 */
import { z } from 'zod';
import { toGlobalId } from '../../../graphql/global-id';
import { UserInputFailure } from '../../../graphql/errors';
import { addToCustomerCart, customerCart, TX_OPTIONS, updateCartLines } from '../../cart/cart.service';
import type { CartView } from '../../cart/cart.types';
import { formatCents } from '../../cart/pricing';
import { quoteProducts, sizeSpellings } from './quote';
import { productRefParameters, productRefShape, resolveProduct } from './refs';
import {
  rememberList,
  type QuotedProduct,
  type ToolDef,
  type ToolOutput,
  type ToolScope,
} from './tool-types';

/** A refusal the model (or the local provider) turns into words; `code` is stable. */
export const refusal = (code: string, message: string, extra: Record<string, unknown> = {}): ToolOutput => ({
  summary: code,
  data: { error: code, message, ...extra },
});

export const SIGN_IN = refusal(
  'SIGN_IN_REQUIRED',
  'The shopper is not signed in: carts, wishlists and orders need an account.',
);
const WHICH = refusal(
  'WHICH_PRODUCT',
  'It is not clear which product is meant: ask the shopper, or search first and use a position.',
);

interface VariantOption {
  id: number;
  name: string;
  stock: number;
  size: string | null;
  color: string | null;
}

/** The product's active variants, in catalog order, with sellable stock. */
export async function variantsOf(scope: ToolScope, productId: number): Promise<VariantOption[]> {
  const rows = await scope.ctx.prisma.productVariant.findMany({
    where: { productId, isActive: true },
    select: { id: true, name: true, stockOnHand: true, stockReserved: true, attributes: true },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
    take: 50,
  });
  return rows.map((v) => {
    const a = (v.attributes ?? {}) as Record<string, unknown>;
    const text = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : null);
    return {
      id: v.id,
      name: v.name,
      stock: Math.max(0, v.stockOnHand - v.stockReserved),
      size: text(a.size),
      color: text(a.color ?? a.colour),
    };
  });
}

const addArgs = z
  .object({
    ...productRefShape,
    variantId: z.number().int().positive().optional().nullable(),
    color: z.string().max(40).optional().nullable(),
    size: z.string().max(40).optional().nullable(),
    /** The variant in the shopper's words ("the 512 GB white one"), matched against variant names. */
    variant: z.string().max(200).optional().nullable(),
    quantity: z.number().int().min(1).max(99).optional().nullable(),
  })
  .strict();

/** Words that say nothing about which variant ("the one in size …"). */
const NOT_VARIANT_WORDS = new Set(['the', 'one', 'ones', 'size', 'in', 'and', 'with', 'a', 'an', 'of', 'it']);
const wordsOf = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}.]+/u)
    .filter((w) => w.length > 0 && !NOT_VARIANT_WORDS.has(w));

/**
 * The variants whose names the shopper's words cover best ("512 GB white" → "512 GB / White");
 * several when they tie, none when no word of any name was said.
 */
export function matchVariantWords<T extends { name: string }>(options: T[], text: string): T[] {
  const said = new Set(wordsOf(text));
  let best: T[] = [];
  let bestScore = 0;
  for (const o of options) {
    const words = wordsOf(o.name);
    if (words.length === 0) continue;
    const hit = words.filter((w) => said.has(w)).length;
    const score = hit === 0 ? 0 : hit / words.length + hit / 100;
    if (score > bestScore) [best, bestScore] = [[o], score];
    else if (score > 0 && score === bestScore) best.push(o);
  }
  return best;
}

/** Whether the shopper's words (or the colour/size they said) pick out variants of the product. */
export async function namesVariant(
  scope: ToolScope,
  productId: number,
  text: string,
  fit: { color: string | null; size: string | null },
): Promise<boolean> {
  const options = await variantsOf(scope, productId);
  if (matchVariantWords(options, text).length > 0) return true;
  if (!fit.color && !fit.size) return false;
  const [q] = await quoteProducts(scope.ctx.prisma, [productId], fit);
  return q?.variantId != null;
}

/**
 * Which variant to add: the one named by id, else the one the shopper's words name ("the 512 GB
 * white one"; a tie asks back with the tied ones), else the one fitting the colour/size asked for,
 * else the one the conversation showed, else the only one, else one in a size the customer prefers.
 */
async function chooseVariant(
  scope: ToolScope,
  product: QuotedProduct,
  args: z.infer<typeof addArgs>,
): Promise<{ variantId: number; preferredSize?: string } | { options: VariantOption[]; reason: string }> {
  const options = await variantsOf(scope, product.productId);
  if (args.variantId != null) {
    return options.some((o) => o.id === args.variantId)
      ? { variantId: args.variantId }
      : { options, reason: 'that variant is not sold for this product' };
  }
  const named = args.variant ? matchVariantWords(options, args.variant) : [];
  if (named.length > 0 || args.color || args.size) {
    let fitting = named.length > 0 ? named : options;
    if (args.color) {
      const colour = new RegExp(`\\b${args.color.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '')}\\b`, 'u');
      // A colour in the product's own name fits every variant ("Red Kettle" in 1.7 L and 1 L).
      if (!colour.test(product.name.toLowerCase()))
        fitting = fitting.filter((o) => colour.test((o.color ?? o.name).toLowerCase()));
    }
    if (args.size) {
      const sizes = sizeSpellings(args.size);
      fitting = fitting.filter((o) => sizes.includes((o.size ?? '').toLowerCase()));
    }
    if (fitting.length === 1) return { variantId: fitting[0]!.id };
    if (fitting.length > 1) return { options: fitting, reason: 'several variants match' };
    return { options, reason: 'no variant matches what was asked for' };
  }
  if (product.variantId != null) return { variantId: product.variantId };
  if (options.length === 1) return { variantId: options[0]!.id };
  const prefs = scope.preferences ? await scope.preferences() : null;
  const sizes = (prefs?.sizes ?? []).map((s) => s.toLowerCase());
  const preferred = options.find((o) => o.stock > 0 && o.size && sizes.includes(o.size.toLowerCase()));
  if (preferred) return { variantId: preferred.id, preferredSize: preferred.size! };
  return { options, reason: 'the product comes in several variants' };
}

export const addToCartTool: ToolDef<typeof addArgs> = {
  name: 'add_to_cart',
  description:
    "Adds a product to the signed-in shopper's own cart. Name the product by position in the last list shown, selector, or id; optionally variantId, color or size, and quantity (default 1). Asks back when the product comes in several variants.",
  args: addArgs,
  parameters: {
    type: 'object',
    properties: {
      ...productRefParameters,
      variantId: { type: 'integer' },
      color: { type: 'string' },
      size: { type: 'string' },
      variant: { type: 'string', description: 'The variant as the shopper named it, e.g. "512 GB white"' },
      quantity: { type: 'integer', minimum: 1, maximum: 99 },
    },
    additionalProperties: false,
  },
  async run(scope, args) {
    if (scope.customerId == null) return SIGN_IN;
    let product = await resolveProduct(scope, args);
    if (!product && (args.color || args.size) && args.position == null && args.selector == null) {
      // "the black one": the first of the last results that comes in that colour/size.
      const fit = { color: args.color ?? null, size: args.size ?? null };
      const shown = await quoteProducts(scope.ctx.prisma, scope.memory.lastResults.slice(0, 10), fit);
      product = shown.find((q) => q.fits && q.variantId != null) ?? null;
    }
    if (!product) return WHICH;
    scope.memory.focus = product.productId;
    const choice = await chooseVariant(scope, product, args);
    scope.memory.pending = null;
    if ('options' in choice) {
      scope.memory.pending = {
        productId: product.productId,
        quantity: args.quantity ?? 1,
        color: args.color ?? null,
        size: args.size ?? null,
      };
      return {
        ...refusal('VARIANT_REQUIRED', `Ask which variant: ${choice.reason}.`, {
          product: { id: product.productId, name: product.name },
          options: choice.options.slice(0, 12).map(({ id, name, stock }) => ({ id, name, stock })),
        }),
        products: [product],
      };
    }
    const quantity = args.quantity ?? 1;
    const customerId = scope.customerId;
    try {
      await scope.ctx.prisma.$transaction(
        (tx) =>
          addToCustomerCart(
            tx,
            scope.ctx,
            customerId,
            [{ variantId: toGlobalId('ProductVariant', choice.variantId), quantity }],
            ['lines'],
          ),
        TX_OPTIONS,
      );
    } catch (err) {
      if (!(err instanceof UserInputFailure)) throw err;
      const e = err.userErrors[0]!;
      return { ...refusal(e.code, e.message), products: [product] };
    }
    const [added] = await quoteProducts(scope.ctx.prisma, [product.productId], undefined, [choice.variantId]);
    const cart = await customerCart(scope.ctx, customerId);
    return {
      summary: `added ${quantity} × ${added?.name ?? product.name}${added?.variantName ? ` (${added.variantName})` : ''}`,
      products: added ? [added] : [],
      data: {
        added: {
          productId: product.productId,
          name: product.name,
          variantId: choice.variantId,
          variant: added?.variantName ?? null,
          quantity,
          unitPrice: added?.price ?? null,
          currency: added?.currency ?? null,
          // Said in the reply: the size was chosen from the customer's past orders/preferences.
          preferredSize: choice.preferredSize ?? null,
        },
        cart: cart ? cartBrief(cart) : null,
      },
    };
  },
};

const updateArgs = z
  .object({
    ...productRefShape,
    /** 1-based line number as the cart summary lists the lines. */
    line: z.number().int().min(1).max(100).optional().nullable(),
    quantity: z.number().int().min(0).max(999),
  })
  .strict();

export const updateCartTool: ToolDef<typeof updateArgs> = {
  name: 'update_cart',
  description:
    "Sets the quantity of a line of the signed-in shopper's own cart (0 removes it). Name the line by its number in the cart summary, or the product by position in the last list shown, selector, or id.",
  args: updateArgs,
  parameters: {
    type: 'object',
    properties: {
      ...productRefParameters,
      line: { type: 'integer', description: '1-based line number in the cart summary' },
      quantity: { type: 'integer', minimum: 0, maximum: 999, description: '0 removes the line' },
    },
    required: ['quantity'],
    additionalProperties: false,
  },
  async run(scope, args) {
    if (scope.customerId == null) return SIGN_IN;
    const cart = await customerCart(scope.ctx, scope.customerId);
    if (!cart || cart.lines.length === 0) return refusal('CART_EMPTY', 'The cart is empty.');
    let line = args.line != null ? cart.lines[args.line - 1] : undefined;
    if (!line) {
      const product = await resolveProduct(scope, args);
      const matching = product ? cart.lines.filter((l) => l.productId === product.productId) : [];
      line =
        matching.find((l) => l.variant.id === product?.variantId) ??
        (matching.length === 1 ? matching[0] : undefined);
      if (!line)
        return refusal(
          product ? 'NOT_IN_CART' : 'WHICH_LINE',
          product ? `${product.name} is not in the cart.` : 'Ask which cart line to change.',
        );
    }
    const result = await updateCartLines(scope.ctx, toGlobalId('Cart', cart.cart.id), [
      { id: toGlobalId('CartLine', line.id), quantity: args.quantity },
    ]);
    if (result.userErrors.length > 0) {
      const e = result.userErrors[0]!;
      return refusal(e.code, e.message);
    }
    scope.ctx.loaders.cart.view.clear(cart.cart.id);
    const after = await customerCart(scope.ctx, scope.customerId);
    scope.memory.focus = args.quantity > 0 ? line.productId : null;
    return {
      summary: `${line.productName}: quantity ${line.quantity} → ${args.quantity}`,
      data: {
        changed: {
          name: line.productName,
          variant: line.variant.name,
          from: line.quantity,
          to: args.quantity,
        },
        cart: after ? cartBrief(after) : null,
      },
    };
  },
};

const summaryArgs = z.object({}).strict();

export const cartSummaryTool: ToolDef<typeof summaryArgs> = {
  name: 'get_cart_summary',
  description:
    "The signed-in shopper's own cart: lines (name, variant, quantity, unit price now, availability) and totals.",
  args: summaryArgs,
  parameters: { type: 'object', properties: {}, additionalProperties: false },
  async run(scope) {
    if (scope.customerId == null) return SIGN_IN;
    const cart = await customerCart(scope.ctx, scope.customerId);
    if (!cart || cart.lines.length === 0) {
      return { summary: 'cart empty', data: { cart: { lines: [], itemCount: 0 } } };
    }
    const lines = cart.lines.slice(0, 20);
    // Quoted like any product the assistant names, in the variant that is in the cart.
    const quoted = await quoteProducts(
      scope.ctx.prisma,
      lines.map((l) => l.productId),
      undefined,
      lines.map((l) => l.variant.id),
    );
    // The cart on screen is the list "the second one" now refers to (quoted line by line).
    const shown = quoted.map(({ fits: _f, ...q }) => q);
    rememberList(scope.memory, shown);
    return {
      summary: `${cart.totals.itemCount} items, subtotal ${formatCents(cart.totals.subtotal)}`,
      products: shown,
      data: { cart: cartBrief(cart) },
    };
  },
};

/** The cart as tools report it: lines with the price charged now, and the totals. */
export function cartBrief(cart: CartView) {
  return {
    currency: cart.cart.currency,
    itemCount: cart.totals.itemCount,
    lines: cart.lines.slice(0, 20).map((l, i) => ({
      line: i + 1,
      productId: l.productId,
      name: l.productName,
      variant: l.variant.name,
      quantity: l.quantity,
      unitPrice: l.currentPrice.toFixed(2),
      availability: l.availability,
    })),
    subtotal: formatCents(cart.totals.subtotal),
    discount: formatCents(cart.totals.discountTotal),
    tax: formatCents(cart.totals.taxTotal),
    shipping: formatCents(cart.totals.shippingTotal),
    total: formatCents(cart.totals.total),
  };
}
