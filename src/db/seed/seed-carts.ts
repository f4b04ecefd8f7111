import { copyTable, inTransaction, money, reserveIds, seedUuid } from './copy';
import type { CustomerRef } from './customer-factory';
import { DAY_MS, type ProductRef, type VariantRef, unitPriceAt } from './product-factory';
import { WeightedSampler } from './rng';
import type { ActivityContext } from './seed-activity';

const HOUR_MS = 3_600_000;
/** GUEST_CART_TTL_DAYS' default: a guest cart untouched this long is abandoned by the expiry job. */
const GUEST_TTL_MS = 7 * DAY_MS;

/** Share of customers with an open cart, and guest carts per customer. */
const OPEN_CART_SHARE = 0.3;
const GUEST_CARTS_PER_CUSTOMER = 0.6;

interface CartPlan {
  customer: CustomerRef | null;
  status: 'active' | 'abandoned';
  createdAt: number;
  updatedAt: number;
  lines: { variant: VariantRef; quantity: number; unitCents: number; at: number }[];
}

/**
 * Carts that did not become orders (those that did are written with their orders): customers'
 * open carts — most idle for days, which `analytics.cart_abandonment` counts as abandoned — and
 * guest carts, abandoned once GUEST_CART_TTL_DAYS passed without a change, still open otherwise.
 * Prices are the snapshot at the time each line was added. The demo shopper gets no open cart, so
 * the storefront guide's sign-in with a guest cart and checkout buy exactly what it shows.
 */
export async function writeShopperCarts(ctx: ActivityContext): Promise<Record<string, number>> {
  const buyable = ctx.products.filter((p) => p.variants.some((v) => v.isActive));
  if (buyable.length === 0) return {};
  const r = ctx.rng('shopper-carts');
  const sampler = new WeightedSampler(buyable, (p) => p.popularity);
  // A customer has at most one active cart: leave out those who already have one (an earlier run).
  const { rows } = await ctx.client.query<{ customer_id: number }>(
    `SELECT customer_id FROM carts WHERE status = 'active' AND customer_id IS NOT NULL`,
  );
  const busy = new Set(rows.map((x) => x.customer_id));
  const carts: CartPlan[] = [];
  for (const c of ctx.customers) {
    if (c.id === ctx.demoShopperId || busy.has(c.id) || !r.chance(OPEN_CART_SHARE)) continue;
    const updatedAt = ctx.base - r.logUniform(0.05, 30) * DAY_MS;
    const createdAt = Math.max(c.createdAt, updatedAt - r.logUniform(0.05, 72) * HOUR_MS);
    if (createdAt > updatedAt) continue;
    carts.push({ customer: c, status: 'active', createdAt, updatedAt, lines: [] });
  }
  const guests = Math.round(ctx.customers.length * GUEST_CARTS_PER_CUSTOMER);
  for (let i = 0; i < guests; i++) {
    const createdAt = ctx.base - r.float(0, 90) * DAY_MS;
    const updatedAt = Math.min(ctx.base, createdAt + r.logUniform(1 / 60, 48) * HOUR_MS);
    const status = updatedAt + GUEST_TTL_MS < ctx.base ? 'abandoned' : 'active';
    carts.push({ customer: null, status, createdAt, updatedAt, lines: [] });
  }
  for (const cart of carts) {
    const n = r.pick([1, 1, 1, 2, 2, 3, 4]);
    for (let attempt = 0; cart.lines.length < n && attempt < n * 4; attempt++) {
      const p = sampler.draw(r);
      const at = cart.lines.length === 0 ? cart.createdAt : r.float(cart.createdAt, cart.updatedAt);
      const variant = r.pick(p.variants.filter((v) => v.isActive));
      if (p.createdAt.getTime() > at || cart.lines.some((l) => l.variant.id === variant.id)) continue;
      const unitCents = unitPriceAt(p, variant, at);
      cart.lines.push({ variant, quantity: r.pick([1, 1, 1, 2, 2, 3]), unitCents, at });
    }
  }
  const kept = carts.filter((c) => c.lines.length > 0);
  const lineCount = kept.reduce((k, c) => k + c.lines.length, 0);
  const firstLineId = await reserveIds(ctx.client, 'cart_items', lineCount);
  // Each cart is named after its first line's id: unique in this database, reproducible for a seed.
  const ids: string[] = [];
  let next = firstLineId;
  for (const c of kept) {
    ids.push(seedUuid('cart', next));
    next += c.lines.length;
  }
  return inTransaction(ctx.client, async () => {
    const written = await copyTable(
      ctx.client,
      ctx.progress,
      'carts',
      'id customer_id status currency expires_at country created_at updated_at',
      kept.length,
      (function* () {
        for (const [i, c] of kept.entries()) {
          const expires = c.customer === null ? new Date(c.updatedAt + GUEST_TTL_MS) : null;
          // prettier-ignore
          yield [ids[i], c.customer?.id ?? null, c.status, 'USD', expires, c.customer?.address.country ?? null,
            new Date(c.createdAt), new Date(c.updatedAt)];
        }
      })(),
    );
    const items = await copyTable(
      ctx.client,
      ctx.progress,
      'cart_items',
      'id cart_id variant_id quantity unit_price created_at updated_at',
      lineCount,
      (function* () {
        let id = firstLineId;
        for (const [i, c] of kept.entries())
          for (const l of c.lines)
            yield [
              id++,
              ids[i],
              l.variant.id,
              l.quantity,
              money(l.unitCents),
              new Date(l.at),
              new Date(l.at),
            ];
      })(),
    );
    return { carts: written, cart_items: items };
  });
}

const COLLECTIONS = ['Birthday ideas', 'For the home', 'Maybe later', 'Gifts', 'Running'];
const NOTES = [
  'Wait for a sale',
  'For Sam',
  'Compare with the blue one',
  'Check the reviews first',
  'Christmas list',
];
const PRIORITIES: [number, 'low' | 'medium' | 'high'][] = [
  [2, 'low'],
  [5, 'medium'],
  [3, 'high'],
];
const WISHLIST_SHARE = 0.35;

interface WishPlan {
  product: ProductRef;
  variant: VariantRef | null;
  savedCents: number;
  targetCents: number | null;
  alert: boolean;
  priority: 'low' | 'medium' | 'high';
  notes: string | null;
  collection: string | null;
  at: number;
}

/**
 * Wishlists of about a third of the customers and of the demo shopper: products (sometimes a
 * chosen variant) saved over the last six months with the price they had then, some with a target
 * price and price alerts, priorities, notes and named collections.
 */
export async function writeWishlists(ctx: ActivityContext): Promise<Record<string, number>> {
  const savable = ctx.products.filter((p) => p.variants.some((v) => v.isActive));
  if (savable.length === 0 || ctx.customers.length === 0) return {};
  const r = ctx.rng('wishlists');
  const sampler = new WeightedSampler(savable, (p) => p.popularity);
  const { rows } = await ctx.client.query<{ customer_id: number }>(`SELECT customer_id FROM wishlists`);
  const has = new Set(rows.map((x) => x.customer_id));
  const lists: { customer: CustomerRef; items: WishPlan[] }[] = [];
  for (const c of ctx.customers) {
    if (has.has(c.id) || (c.id !== ctx.demoShopperId && !r.chance(WISHLIST_SHARE))) continue;
    const items: WishPlan[] = [];
    const n = r.int(1, 8);
    for (let attempt = 0; items.length < n && attempt < n * 4; attempt++) {
      const p = sampler.draw(r);
      if (items.some((w) => w.product === p)) continue;
      const from = Math.max(c.createdAt, p.createdAt.getTime(), ctx.base - 180 * DAY_MS);
      if (from >= ctx.base) continue;
      const at = from + r.next() * (ctx.base - from);
      const variant = r.chance(0.5) ? r.pick(p.variants.filter((v) => v.isActive)) : null;
      const savedCents = unitPriceAt(p, variant ?? { ...p.variants[0]!, priceCents: null }, at);
      const targetCents = r.chance(0.4) ? Math.round(savedCents * r.float(0.75, 0.95)) : null;
      items.push({
        product: p,
        variant,
        savedCents,
        targetCents,
        alert: targetCents !== null && r.chance(0.75),
        priority: PRIORITIES[r.weightedIndex(PRIORITIES.map((x) => x[0]))]![1],
        notes: r.chance(0.15) ? r.pick(NOTES) : null,
        collection: r.chance(0.45) ? r.pick(COLLECTIONS) : null,
        at,
      });
    }
    if (items.length > 0) lists.push({ customer: c, items: items.sort((a, b) => a.at - b.at) });
  }
  const firstId = await reserveIds(ctx.client, 'wishlists', lists.length);
  return inTransaction(ctx.client, async () => {
    const wishlists = await copyTable(
      ctx.client,
      ctx.progress,
      'wishlists',
      'id customer_id created_at updated_at',
      lists.length,
      (function* () {
        for (const [i, l] of lists.entries())
          yield [firstId + i, l.customer.id, new Date(l.items[0]!.at), new Date(l.items.at(-1)!.at)];
      })(),
    );
    const items = await copyTable(
      ctx.client,
      ctx.progress,
      'wishlist_items',
      `wishlist_id product_id variant_id saved_price target_price currency alert_enabled priority notes
       collection_name created_at updated_at`,
      lists.reduce((k, l) => k + l.items.length, 0),
      (function* () {
        for (const [i, l] of lists.entries())
          for (const w of l.items) {
            // prettier-ignore
            yield [firstId + i, w.product.id, w.variant?.id ?? null, money(w.savedCents),
              w.targetCents === null ? null : money(w.targetCents), 'USD', w.alert, w.priority, w.notes,
              w.collection, new Date(w.at), new Date(w.at)];
          }
      })(),
    );
    return { wishlists, wishlist_items: items };
  });
}
