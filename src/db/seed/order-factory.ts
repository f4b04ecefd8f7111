import { TAX_RATES } from './data/people';
import { DAY_MS, type ProductRef, type VariantRef, unitPriceAt } from './product-factory';
import { type Rng, WeightedSampler } from './rng';
import type { CustomerRef } from './customer-factory';
import type { DiscountCodeInfo } from './seed-taxonomy';

const HOUR_MS = 3_600_000;

export type OrderStatus =
  'pending' | 'confirmed' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';

export interface OrderLine {
  product: ProductRef;
  variant: VariantRef;
  unitCents: number;
  quantity: number;
}

export interface OrderPlan {
  id: number;
  number: string;
  customer: CustomerRef;
  createdAt: number;
  lines: OrderLine[];
  status: OrderStatus;
  paymentStatus: 'pending' | 'authorized' | 'paid' | 'failed' | 'refunded' | 'partially_refunded';
  events: { status: OrderStatus; at: number; note: string }[];
  subtotal: number;
  tax: number;
  shipping: number;
  discount: number;
  total: number;
  discountCodeId: number | null;
  channel: 'web' | 'mobile' | 'api' | 'websocket';
  paymentMethod: string;
  transactionId: string | null;
}

export interface ReviewPlan {
  productId: number;
  customerId: number;
  rating: number;
  title: string;
  body: string;
  verified: boolean;
  createdAt: number;
}

const TITLES: Record<number, string[]> = {
  5: [
    'Absolutely love it',
    'Exceeded my expectations',
    'Best purchase this year',
    'Five stars, no notes',
    'Worth every penny',
  ],
  4: ['Really good', 'Great value', 'Very happy with it', 'Solid choice', 'Would buy again'],
  3: ['Decent but not perfect', "It's okay", 'Does the job', 'Mixed feelings', 'Average'],
  2: ['Disappointed', 'Not as described', 'Expected more', 'Meh', 'Quality could be better'],
  1: ['Returned it', 'Do not buy', 'Broke after a week', 'Waste of money', 'Very poor quality'],
};
const PRAISE = [
  'works exactly as described',
  'feels really well made',
  'was easy to set up',
  'arrived quickly and well packaged',
  'looks even better in person',
  'is great value for the price',
];
const MEH = [
  'is fine for the price',
  'does what it says, nothing more',
  'is good but the sizing runs a little off',
  'took a while to arrive',
];
const GRIPES = [
  'stopped working after a few weeks',
  'feels cheaper than the photos suggest',
  'arrived with a scratch',
  'is not what the description promised',
  'was missing a part',
];
const CLOSERS = [
  'Would recommend.',
  'My whole family uses it.',
  'Customer service was helpful.',
  'I bought a second one as a gift.',
  'Shipping was fast.',
];
const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL'];

function reviewText(r: Rng, noun: string, rating: number): { title: string; body: string } {
  const thing = `This ${noun.toLowerCase()}`;
  const pool = rating >= 4 ? PRAISE : rating === 3 ? MEH : GRIPES;
  const [a, b] = r.sample(pool, 2);
  let body = `${thing} ${a}.`;
  if (r.chance(0.6) && b) body += ` It also ${b}.`;
  if (rating >= 4 && r.chance(0.5)) body += ` ${r.pick(CLOSERS)}`;
  return { title: r.pick(TITLES[rating] as string[]), body };
}

function hex(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r.next() * 16).toString(16);
  return s;
}

export interface OrderFactoryInput {
  rng: Rng;
  count: number;
  firstId: number;
  base: number;
  products: ProductRef[];
  customers: CustomerRef[];
  discountCodes: DiscountCodeInfo[];
}

/**
 * Plans orders over the last 365 days (denser towards today), each with a status reached by
 * walking a realistic timeline (placed → confirmed → processing → shipped → delivered, with
 * cancellations and refunds) up to "now", and totals computed in integer cents. Counts units
 * into `product.soldCount` for orders that were not cancelled or refunded.
 */
export function planOrders(input: OrderFactoryInput): OrderPlan[] {
  const { rng: r, count, firstId, base } = input;
  const buyable = input.products.filter((p) => p.variants.some((v) => v.isActive));
  if (count === 0 || buyable.length === 0 || input.customers.length === 0) return [];
  const productSampler = new WeightedSampler(buyable, (p) => p.popularity);
  const customerSampler = new WeightedSampler(input.customers, (c) => c.loyalty);
  const orders: OrderPlan[] = [];
  for (let k = 0; k < count; k++) {
    const id = firstId + k;
    const customer = customerSampler.draw(r);
    const first = productSampler.draw(r);
    const earliest = Math.max(customer.createdAt, first.createdAt.getTime(), base - 365 * DAY_MS);
    const createdAt = base - (base - earliest) * r.next() ** 1.3;
    const lines: OrderLine[] = [];
    const nLines = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5][r.int(0, 10)] as number;
    for (let attempt = 0; lines.length < nLines && attempt < nLines * 4; attempt++) {
      const p = lines.length === 0 ? first : productSampler.draw(r);
      if (p.createdAt.getTime() > createdAt || lines.some((l) => l.product === p)) continue;
      const active = p.variants.filter((v) => v.isActive);
      const variant = r.pick(active);
      const unitCents = unitPriceAt(p, variant, createdAt);
      const quantity = unitCents < 2000 ? r.pick([1, 1, 1, 2, 2, 3, 4]) : r.pick([1, 1, 1, 1, 1, 1, 2, 2, 3]);
      lines.push({ product: p, variant, unitCents, quantity });
    }
    const subtotal = lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);

    let discount = 0;
    let discountCodeId: number | null = null;
    if (input.discountCodes.length > 0 && r.chance(0.12)) {
      const code = r.pick(input.discountCodes);
      if (code.minSubtotalCents === null || subtotal >= code.minSubtotalCents) {
        discount =
          code.kind === 'percentage'
            ? Math.round((subtotal * code.value) / 100)
            : Math.min(code.value, subtotal);
        discountCodeId = code.id;
      }
    }
    const taxable = subtotal - discount;
    const tax = Math.round(taxable * (TAX_RATES[customer.address.state] ?? 0.06));
    const shipping = taxable >= 5000 && r.chance(0.9) ? 0 : r.chance(0.12) ? 1499 : 599;

    const timeline = walkTimeline(r, createdAt, base);
    const status = timeline[timeline.length - 1]!.status;
    const reachedConfirmed = timeline.some((e) => e.status === 'confirmed');
    const paymentStatus =
      status === 'pending'
        ? 'pending'
        : status === 'confirmed'
          ? 'authorized'
          : status === 'cancelled'
            ? reachedConfirmed
              ? 'refunded'
              : 'failed'
            : status === 'refunded'
              ? 'refunded'
              : status === 'delivered' && r.chance(0.02)
                ? 'partially_refunded'
                : 'paid';
    if (status !== 'cancelled' && status !== 'refunded')
      for (const l of lines) l.product.soldCount += l.quantity;

    orders.push({
      id,
      number: `BZ-${String(id).padStart(8, '0')}`,
      customer,
      createdAt,
      lines,
      status,
      paymentStatus,
      events: timeline,
      subtotal,
      tax,
      shipping,
      discount,
      total: subtotal + tax + shipping - discount,
      discountCodeId,
      channel: r.pick([
        'web',
        'web',
        'web',
        'web',
        'web',
        'web',
        'web',
        'mobile',
        'mobile',
        'mobile',
        'api',
        'websocket',
      ] as const),
      paymentMethod: r.pick(['card', 'card', 'card', 'card', 'card', 'paypal', 'apple_pay', 'google_pay']),
      // Led by the order id, so a second seed of the same database (same random stream) never
      // repeats a payment reference (payments are unique per provider and reference).
      transactionId:
        paymentStatus === 'pending' || paymentStatus === 'failed'
          ? null
          : `pi_${id.toString(16).padStart(8, '0')}${hex(r, 24).slice(8)}`,
    });
  }
  return orders;
}

/** The status events that happened by `now`, in order; the last one is the order's status. */
function walkTimeline(r: Rng, placed: number, now: number): OrderPlan['events'] {
  const confirmed = placed + r.float(1, 30) * 60_000;
  const processing = confirmed + r.float(1, 24) * HOUR_MS;
  const shipped = processing + r.float(6, 72) * HOUR_MS;
  const delivered = shipped + r.float(24, 144) * HOUR_MS;
  const cancelAt = r.chance(0.06) ? placed + r.float(0.1, 36) * HOUR_MS : null;
  const refundAt = r.chance(0.04) ? delivered + r.float(2, 25) * DAY_MS : null;
  const steps: OrderPlan['events'] = [
    { status: 'pending', at: placed, note: 'Order placed' },
    { status: 'confirmed', at: confirmed, note: 'Payment authorized' },
    { status: 'processing', at: processing, note: 'Picking and packing' },
    {
      status: 'shipped',
      at: shipped,
      note: `Shipped with ${r.pick(CARRIERS)}, tracking ${hex(r, 12).toUpperCase()}`,
    },
    { status: 'delivered', at: delivered, note: 'Delivered' },
  ];
  const events: OrderPlan['events'] = [];
  for (const step of steps) {
    // Stop at the first step still in the future or after the cancellation.
    if (step.at > now || (cancelAt !== null && cancelAt < step.at)) break;
    events.push(step);
  }
  const last = events[events.length - 1]!.status;
  const cancellable = last === 'pending' || last === 'confirmed' || last === 'processing';
  if (cancelAt !== null && cancelAt <= now && cancellable) {
    const declined = last === 'pending' && r.chance(0.5);
    events.push({
      status: 'cancelled',
      at: cancelAt,
      note: declined ? 'Payment declined' : 'Cancelled at customer request',
    });
  } else if (refundAt !== null && last === 'delivered' && refundAt <= now) {
    events.push({ status: 'refunded', at: refundAt, note: 'Refund issued to the original payment method' });
  }
  return events;
}

/**
 * Reviews: some buyers of delivered orders review what they bought (verified purchases), plus
 * unverified reviews on popular products. At most one review per product and customer: `taken`
 * holds the "productId:customerId" pairs already reviewed in the database.
 * Adds to each product's rating counters.
 */
export function planReviews(
  r: Rng,
  orders: OrderPlan[],
  products: ProductRef[],
  customers: CustomerRef[],
  base: number,
  taken: ReadonlySet<string> = new Set(),
): ReviewPlan[] {
  const seen = new Set<string>(taken);
  const reviews: ReviewPlan[] = [];
  const add = (p: ProductRef, c: CustomerRef, at: number, verified: boolean) => {
    const key = `${p.id}:${c.id}`;
    if (at > base || seen.has(key)) return;
    seen.add(key);
    const rating = Math.min(
      5,
      Math.max(1, Math.round(p.quality + (r.next() + r.next() + r.next() - 1.5) * 1.6)),
    );
    reviews.push({
      productId: p.id,
      customerId: c.id,
      rating,
      ...reviewText(r, p.noun, rating),
      verified,
      createdAt: at,
    });
    p.ratingSum += rating;
    p.ratingCount += 1;
  };
  for (const o of orders) {
    const delivered = o.events.find((e) => e.status === 'delivered');
    if (!delivered) continue;
    for (const l of o.lines)
      if (r.chance(0.1)) add(l.product, o.customer, delivered.at + r.float(2, 30) * DAY_MS, true);
  }
  if (customers.length > 0 && products.length > 0) {
    const sampler = new WeightedSampler(products, (p) => p.popularity);
    const extra = Math.round(products.length * 0.25);
    for (let i = 0; i < extra; i++) {
      const p = sampler.draw(r);
      const c = r.pick(customers);
      const from = Math.max(p.createdAt.getTime(), c.createdAt);
      add(p, c, from + r.next() * (base - from), false);
    }
  }
  return reviews;
}
