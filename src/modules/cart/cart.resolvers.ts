import { connectionFromArray } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { toMoney } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import { groupLines } from './cart-view';
import {
  addCartLines,
  applyDiscountCode,
  cartById,
  clearCart,
  createCart,
  customerCart,
  getCart,
  removeCartLines,
  removeDiscountCode,
  updateCartCountry,
  updateCartLines,
} from './cart.service';
import type { CartLineView } from './cart.types';
import { formatCents, toCents, type Cents } from './pricing';

const money = (cents: Cents, currency: string) => toMoney(formatCents(cents), currency);
const lineTotal = (l: CartLineView) => toCents(l.currentPrice) * BigInt(l.quantity);
const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

export const cartResolvers: Resolvers = {
  Query: {
    cart: (_p, { id }, ctx) => getCart(ctx, id),
  },
  Mutation: {
    cartCreate: (_p, { input }, ctx) => createCart(ctx, input ?? {}),
    cartLinesAdd: (_p, { cartId, lines }, ctx) => addCartLines(ctx, cartId, lines),
    cartLinesUpdate: (_p, { cartId, lines }, ctx) => updateCartLines(ctx, cartId, lines),
    cartLinesRemove: (_p, { cartId, lineIds }, ctx) => removeCartLines(ctx, cartId, lineIds),
    cartClear: (_p, { cartId }, ctx) => clearCart(ctx, cartId),
    cartDiscountCodeApply: (_p, { cartId, code }, ctx) => applyDiscountCode(ctx, cartId, code),
    cartDiscountCodeRemove: (_p, { cartId }, ctx) => removeDiscountCode(ctx, cartId),
    cartCountryUpdate: (_p, { cartId, country }, ctx) => updateCartCountry(ctx, cartId, country),
  },
  Customer: {
    cart: (c, _a, ctx) => customerCart(ctx, c.id),
  },
  CartPayload: {
    cart: (p, _a, ctx) => (p.cartId === null ? null : cartById(ctx, p.cartId)),
  },
  Cart: {
    id: (v) => toGlobalId('Cart', v.cart.id),
    status: (v) => v.cart.status.toUpperCase() as 'ACTIVE',
    currencyCode: (v) => v.cart.currency,
    country: (v) => v.country,
    hasOwner: (v) => v.cart.customerId !== null,
    lines: (v, args, ctx) =>
      connectionFromArray(v.lines, args, (l) => l.id, ctx.config.GRAPHQL_MAX_PAGE_SIZE),
    groups: (v) => groupLines(v),
    discountCode: (v) =>
      v.discount && {
        code: v.discount.code,
        applicable: v.discount.problem === null,
        problem: v.discount.problem,
      },
    subtotal: (v) => money(v.totals.subtotal, v.cart.currency),
    discountTotal: (v) => money(v.totals.discountTotal, v.cart.currency),
    taxTotal: (v) => money(v.totals.taxTotal, v.cart.currency),
    taxRate: (v) => v.taxRate,
    shippingTotal: (v) => money(v.totals.shippingTotal, v.cart.currency),
    amountToFreeShipping: (v) =>
      v.amountToFreeShipping === null ? null : money(v.amountToFreeShipping, v.cart.currency),
    total: (v) => money(v.totals.total, v.cart.currency),
    itemCount: (v) => v.totals.itemCount,
    priceChanged: (v) => v.priceChanged,
    expiresAt: (v) => v.cart.expiresAt,
    createdAt: (v) => v.cart.createdAt,
    updatedAt: (v) => v.cart.updatedAt,
  },
  CartLine: {
    id: (l) => toGlobalId('CartLine', l.id),
    variant: (l) => l.variant,
    product: async (l, _a, ctx) => (await ctx.loaders.catalog.productById.load(l.productId))!,
    unitPrice: (l) => toMoney(l.currentPrice, l.currency),
    unitPriceAtAdd: (l) => toMoney(l.unitPriceAtAdd, l.currency),
    priceChanged: (l) => toCents(l.currentPrice) !== toCents(l.unitPriceAtAdd),
    lineTotal: (l) => money(lineTotal(l), l.currency),
  },
  CartGroup: {
    name: (g) => g.marketplace ?? 'Bazaar',
    subtotal: (g) => money(sum(g.lines.map(lineTotal)), g.currency),
    itemCount: (g) => g.lines.reduce((n, l) => n + l.quantity, 0),
    externalUrls: (g) => [...new Set(g.lines.flatMap((l) => (l.externalUrl ? [l.externalUrl] : [])))],
  },
};
