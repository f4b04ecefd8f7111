import { seedUuid } from './copy';
import type { OrderPlan, OrderStatus } from './order-factory';
import { DAY_MS } from './product-factory';
import type { Rng } from './rng';

const HOUR_MS = 3_600_000;

/** The cart an order was checked out from (status converted, its lines the order's). */
export interface ConvertedCart {
  id: string;
  createdAt: number;
  /** When each order line was added, in line order. */
  lineAddedAt: number[];
}

/** The payment of an order, as the checkout and the admin mutations leave it. */
export interface PaymentPlan {
  /** `manual` for orders never paid (pending, or cancelled unpaid), `test` for card-like payments. */
  provider: 'manual' | 'test';
  authorizedAt: number | null;
  paidAt: number | null;
  failedAt: number | null;
  refundedAt: number | null;
  updatedAt: number;
}

/** The parcel of a shipped order and what its carrier reported. */
export interface ShipmentPlan {
  id: number;
  carrier: string;
  trackingNumber: string;
  shippedAt: number;
  deliveredAt: number | null;
  events: {
    status: 'info_received' | 'in_transit' | 'out_for_delivery' | 'delivered';
    at: number;
    location: string | null;
  }[];
}

/** What an order's rows beyond its items and timeline are: its cart, payment and parcel. */
export interface OrderRecords {
  cart: ConvertedCart;
  payment: PaymentPlan;
  shipment: ShipmentPlan | null;
}

const HUBS = ['Memphis, TN', 'Louisville, KY', 'Indianapolis, IN', 'Ontario, CA', 'Dallas, TX', 'Newark, NJ'];

const at = (o: OrderPlan, status: OrderStatus) => o.events.find((e) => e.status === status)?.at ?? null;

/** Orders that left the warehouse (they get a shipments row): count them to reserve the ids. */
export const shippedOrders = (orders: OrderPlan[]) => orders.filter((o) => at(o, 'shipped') !== null);

/**
 * Plans each order's converted cart (created minutes to days before the order), its payment (the
 * timestamps follow the timeline: authorized at confirmation, captured when shipped, refunded or
 * failed when the timeline says so) and, for shipped orders, the parcel named in the timeline's
 * "Shipped with …, tracking …" note with the carrier's scans up to `base`.
 * Shipment ids are `firstShipmentId`, … in the order of {@link shippedOrders}.
 */
export function planOrderRecords(
  r: Rng,
  orders: OrderPlan[],
  firstShipmentId: number,
  base: number,
): OrderRecords[] {
  let shipmentId = firstShipmentId;
  return orders.map((o) => {
    const cartCreated = Math.max(o.customer.createdAt, o.createdAt - r.logUniform(0.05, 72) * HOUR_MS);
    const cart: ConvertedCart = {
      id: seedUuid('order-cart', o.id),
      createdAt: cartCreated,
      lineAddedAt: o.lines.map((_, i) =>
        i === 0 ? cartCreated : cartCreated + r.next() * (o.createdAt - cartCreated),
      ),
    };

    const confirmed = at(o, 'confirmed');
    const processing = at(o, 'processing');
    const shipped = at(o, 'shipped');
    const delivered = at(o, 'delivered');
    const last = o.events[o.events.length - 1]!.at;
    const unpaid = o.paymentStatus === 'pending' || o.paymentStatus === 'failed';
    const captured =
      ['paid', 'partially_refunded'].includes(o.paymentStatus) ||
      (o.paymentStatus === 'refunded' && shipped !== null);
    const payment: PaymentPlan = {
      provider: unpaid ? 'manual' : 'test',
      authorizedAt: unpaid ? null : confirmed,
      paidAt: captured ? (shipped ?? processing ?? confirmed) : null,
      failedAt: o.paymentStatus === 'failed' ? last : null,
      refundedAt:
        o.paymentStatus === 'refunded'
          ? last
          : o.paymentStatus === 'partially_refunded' && delivered !== null
            ? Math.max(delivered, Math.min(base - HOUR_MS, delivered + r.float(1, 14) * DAY_MS))
            : null,
      updatedAt: 0,
    };
    payment.updatedAt = Math.max(
      o.createdAt,
      ...[payment.authorizedAt, payment.paidAt, payment.failedAt, payment.refundedAt].filter(
        (x) => x !== null,
      ),
    );

    let shipment: ShipmentPlan | null = null;
    if (shipped !== null) {
      const note = o.events.find((e) => e.status === 'shipped')!.note;
      const [, carrier = 'UPS', trackingNumber = String(o.id)] =
        /^Shipped with (.+), tracking (.+)$/.exec(note) ?? [];
      const events: ShipmentPlan['events'] = [{ status: 'info_received', at: shipped, location: null }];
      const moving = shipped + r.float(4, 20) * HOUR_MS;
      if (moving < (delivered ?? base))
        events.push({ status: 'in_transit', at: moving, location: r.pick(HUBS) });
      if (delivered !== null) {
        const out = delivered - r.float(2, 8) * HOUR_MS;
        if (out > moving)
          events.push({ status: 'out_for_delivery', at: out, location: o.customer.address.city });
        events.push({ status: 'delivered', at: delivered, location: o.customer.address.city });
      }
      shipment = {
        id: shipmentId++,
        carrier,
        trackingNumber,
        shippedAt: shipped,
        deliveredAt: delivered,
        events,
      };
    }
    return { cart, payment, shipment };
  });
}
