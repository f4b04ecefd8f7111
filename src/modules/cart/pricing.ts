/**
 * Cart and order totals, in exact integer cents (BigInt): no floating point touches an amount.
 * One pure module priced both the cart a shopper looks at and the order checkout writes, so the
 * two can never disagree. Rules (README "Pricing"):
 *
 * - subtotal = Σ unit price × quantity
 * - discount: a percentage of the subtotal rounded half-up to the cent, or a fixed amount capped at
 *   the subtotal (never a negative merchandise total)
 * - merchandise = subtotal − discount
 * - tax = merchandise × the country's rate, rounded half-up once on the order (not per line);
 *   shipping is not taxed
 * - shipping = the flat rate, free from the threshold (compared with the merchandise total) and
 *   for an empty cart
 * - total = merchandise + tax + shipping
 */
import type { DecimalLike } from '../../graphql/money';

export type Cents = bigint;

const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** `"19.99"` (or a Prisma Decimal) → 1999n. Amounts have at most two decimals (numeric(12,2)). */
export function toCents(amount: DecimalLike): Cents {
  const text = typeof amount === 'object' ? amount.toFixed(2) : String(amount);
  const m = AMOUNT.exec(text.trim());
  if (!m) throw new Error(`not an amount with at most two decimals: ${text}`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** 1999n → `"19.99"`; -5n → `"-0.05"`. */
export function formatCents(cents: Cents): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** A non-negative decimal such as a tax rate `"0.0825"` or a percentage `"12.5"` as numerator/denominator. */
export function toRatio(decimal: DecimalLike): { num: bigint; den: bigint } {
  const text = typeof decimal === 'object' ? decimal.toFixed(6) : String(decimal);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a non-negative decimal: ${text}`);
  const frac = m[2] ?? '';
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

/** num / den rounded half-up (away from zero at exactly .5), for num ≥ 0 and den > 0. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  return (num * 2n + den) / (den * 2n);
}

export interface PricingLine {
  unitPrice: Cents;
  quantity: number;
}

export interface Discount {
  kind: 'percentage' | 'fixed';
  /** Percent off (0–100) for percentage codes, amount off for fixed codes, as a decimal string. */
  value: DecimalLike;
}

export interface PricingRules {
  /** Tax rate as a decimal fraction, e.g. `"0.19"`. */
  taxRate: DecimalLike;
  shippingFlatRate: Cents;
  /** Merchandise total from which shipping is free; null = never free. */
  freeShippingThreshold: Cents | null;
}

export interface Totals {
  subtotal: Cents;
  discountTotal: Cents;
  taxTotal: Cents;
  shippingTotal: Cents;
  total: Cents;
  itemCount: number;
}

/** The discount a code grants on a subtotal (already known to apply: see discountProblem). */
export function discountAmount(subtotal: Cents, discount: Discount | null): Cents {
  if (!discount || subtotal <= 0n) return 0n;
  if (discount.kind === 'fixed') {
    const off = toCents(discount.value);
    return off < subtotal ? off : subtotal;
  }
  const pct = toRatio(discount.value);
  const off = divRoundHalfUp(subtotal * pct.num, pct.den * 100n);
  return off < subtotal ? off : subtotal;
}

/** Totals of a cart or order. `discount` must already have passed discountProblem (or be null). */
export function priceCart(lines: PricingLine[], discount: Discount | null, rules: PricingRules): Totals {
  let subtotal = 0n;
  let itemCount = 0;
  for (const l of lines) {
    subtotal += l.unitPrice * BigInt(l.quantity);
    itemCount += l.quantity;
  }
  const discountTotal = discountAmount(subtotal, discount);
  const merchandise = subtotal - discountTotal;
  const rate = toRatio(rules.taxRate);
  const taxTotal = divRoundHalfUp(merchandise * rate.num, rate.den);
  const free = rules.freeShippingThreshold !== null && merchandise >= rules.freeShippingThreshold;
  const shippingTotal = itemCount === 0 || free ? 0n : rules.shippingFlatRate;
  return {
    subtotal,
    discountTotal,
    taxTotal,
    shippingTotal,
    total: merchandise + taxTotal + shippingTotal,
    itemCount,
  };
}

/** What still separates a merchandise total from free shipping (0 once reached), or null when it is never free. */
export function amountToFreeShipping(merchandise: Cents, rules: PricingRules): Cents | null {
  if (rules.freeShippingThreshold === null) return null;
  const gap = rules.freeShippingThreshold - merchandise;
  return gap > 0n ? gap : 0n;
}

/** How much cheaper `now` is than `before` (0 when it is not), and that as a percentage of `before` with one decimal. */
export function priceDrop(before: Cents, now: Cents): { amount: Cents; percent: string } {
  const amount = now < before ? before - now : 0n;
  const tenths = before > 0n ? divRoundHalfUp(amount * 1000n, before) : 0n;
  return { amount, percent: `${tenths / 10n}.${tenths % 10n}` };
}

/** Tax rate for an ISO country from a `{ CC: rate, '*': rate }` table (config TAX_RATES). */
export function taxRateFor(rates: Record<string, string>, country: string): string {
  return rates[country.toUpperCase()] ?? rates['*'] ?? '0';
}

/** Why a discount code cannot apply right now (the userError code), or null when it applies. */
export type DiscountProblem =
  'DISCOUNT_INVALID' | 'DISCOUNT_MINIMUM_NOT_MET' | 'DISCOUNT_USAGE_LIMIT_REACHED';

export interface DiscountCodeRules extends Discount {
  isActive: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  usedCount: number;
  minSubtotal: DecimalLike | null;
  currency: string;
}

/**
 * Checks a code against a cart: active, inside its window (start inclusive, end exclusive), uses
 * left, minimum subtotal met. Amounts of a fixed code or a minimum are in the code's currency, so
 * such a code only applies to carts in that currency.
 */
export function discountProblem(
  code: DiscountCodeRules,
  cart: { subtotal: Cents; currency: string },
  now: Date,
): DiscountProblem | null {
  if (!code.isActive) return 'DISCOUNT_INVALID';
  if (code.startsAt && code.startsAt.getTime() > now.getTime()) return 'DISCOUNT_INVALID';
  if (code.endsAt && code.endsAt.getTime() <= now.getTime()) return 'DISCOUNT_INVALID';
  const currencyBound = code.kind === 'fixed' || code.minSubtotal !== null;
  if (currencyBound && code.currency.trim() !== cart.currency.trim()) return 'DISCOUNT_INVALID';
  if (code.usageLimit !== null && code.usedCount >= code.usageLimit) return 'DISCOUNT_USAGE_LIMIT_REACHED';
  if (code.minSubtotal !== null && cart.subtotal < toCents(code.minSubtotal))
    return 'DISCOUNT_MINIMUM_NOT_MET';
  return null;
}
