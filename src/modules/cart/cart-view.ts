import type { Config } from '../../config';
import type {
  Availability,
  CartGroupView,
  CartLineRecord,
  CartLineView,
  CartRecord,
  CartView,
} from './cart.types';
import {
  amountToFreeShipping,
  discountProblem,
  priceCart,
  taxRateFor,
  toCents,
  type PricingRules,
} from './pricing';

/** Shipping and tax rules of the store for one country (config SHIPPING_*, FREE_SHIPPING_THRESHOLD, TAX_RATES). */
export function pricingRules(config: Config, country: string): PricingRules {
  return {
    taxRate: taxRateFor(config.TAX_RATES, country),
    shippingFlatRate: toCents(config.SHIPPING_FLAT_RATE),
    freeShippingThreshold:
      config.FREE_SHIPPING_THRESHOLD === null ? null : toCents(config.FREE_SHIPPING_THRESHOLD),
  };
}

/** Units of a variant that can be sold now. */
export const availableUnits = (v: { stockOnHand: number; stockReserved: number }) =>
  Math.max(0, v.stockOnHand - v.stockReserved);

/** Whether a line can be bought as it is: the product and variant still sold, enough units free. */
export function availabilityOf(line: CartLineRecord): Availability {
  if (line.productStatus !== 'active' || !line.variant.isActive) return 'UNAVAILABLE';
  const free = availableUnits(line.variant);
  if (free === 0) return 'OUT_OF_STOCK';
  return free < line.quantity ? 'INSUFFICIENT_STOCK' : 'IN_STOCK';
}

/** The country a cart is estimated for: its own, else the owner's default shipping address, else the store's. */
export const estimateCountry = (cart: CartRecord, config: Config) =>
  cart.country ?? cart.addressCountry ?? config.DEFAULT_COUNTRY;

/**
 * Prices a cart with its lines at current prices (the same pricing module checkout uses). A code
 * that does not apply right now stays on the cart but grants nothing; `discount.problem` says why.
 */
export function priceView(
  cart: CartRecord,
  records: CartLineRecord[],
  config: Config,
  now = new Date(),
): CartView {
  const lines: CartLineView[] = records.map((l) => ({
    ...l,
    currency: cart.currency,
    quantityAvailable: l.productStatus === 'active' && l.variant.isActive ? availableUnits(l.variant) : 0,
    availability: availabilityOf(l),
  }));
  const pricing = lines.map((l) => ({ unitPrice: toCents(l.currentPrice), quantity: l.quantity }));
  const subtotal = priceCart(pricing, null, {
    taxRate: '0',
    shippingFlatRate: 0n,
    freeShippingThreshold: null,
  }).subtotal;
  const problem = cart.discount && discountProblem(cart.discount, { subtotal, currency: cart.currency }, now);
  const country = estimateCountry(cart, config);
  const rules = pricingRules(config, country);
  const totals = priceCart(pricing, cart.discount && !problem ? cart.discount : null, rules);
  return {
    cart,
    lines,
    discount: cart.discount ? { code: cart.discount.code, problem: problem ?? null } : null,
    totals,
    country,
    taxRate: String(rules.taxRate),
    amountToFreeShipping: amountToFreeShipping(totals.subtotal - totals.discountTotal, rules),
    priceChanged: lines.some((l) => toCents(l.currentPrice) !== toCents(l.unitPriceAtAdd)),
  };
}

/** Lines grouped by seller: our own catalog (no marketplace) first, then marketplaces by name. */
export function groupLines(view: CartView): CartGroupView[] {
  const groups = new Map<string | null, CartLineView[]>();
  for (const l of view.lines) {
    const list = groups.get(l.marketplace);
    if (list) list.push(l);
    else groups.set(l.marketplace, [l]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([marketplace, lines]) => ({ marketplace, lines, currency: view.cart.currency }));
}
