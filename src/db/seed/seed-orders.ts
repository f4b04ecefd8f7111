import type { ClientBase } from 'pg';
import { copyTable, inTransaction, json, money, withoutForeignKeys } from './copy';
import type { OrderPlan, ReviewPlan } from './order-factory';
import type { OrderRecords } from './order-records';
import type { Progress } from './progress';

const ORDER_COLUMNS = `id number customer_id status payment_status subtotal tax_total shipping_total discount_total
  total currency shipping_address billing_address payment_method payment_transaction_id channel discount_code_id
  cancelled_at created_at updated_at cart_id`;

/** Orders above which the foreign keys of their carts, payments and parcels are lifted too. */
const LIFT_RECORD_KEYS_ABOVE = 20_000;

const TRACKING_TEXT = {
  info_received: 'Shipping label created',
  in_transit: 'In transit',
  out_for_delivery: 'Out for delivery',
  delivered: 'Delivered',
} as const;

/**
 * COPYs orders with their items and status timelines, the carts they were checked out from, their
 * payments and parcels (`records[i]` belongs to `orders[i]`), in one transaction.
 */
export function writeOrders(
  client: ClientBase,
  orders: OrderPlan[],
  records: OrderRecords[],
  progress: Progress,
) {
  // The order records are COPYed after the orders (their foreign keys hold row by row); lifting
  // theirs too pays off only at scale, where validating once beats the per-row checks.
  const tables = [
    'orders',
    'order_items',
    'order_status_events',
    ...(orders.length > LIFT_RECORD_KEYS_ABOVE
      ? ['carts', 'cart_items', 'payments', 'shipments', 'shipment_tracking_events']
      : []),
  ];
  return inTransaction(client, () =>
    withoutForeignKeys(client, tables, async () => {
      const n = await copyTable(
        client,
        progress,
        'orders',
        ORDER_COLUMNS,
        orders.length,
        (function* () {
          for (const [i, o] of orders.entries()) {
            const address = json(o.customer.address);
            const last = o.events[o.events.length - 1]!;
            // prettier-ignore
            yield [
              o.id, o.number, o.customer.id, o.status, o.paymentStatus, money(o.subtotal), money(o.tax),
              money(o.shipping), money(o.discount), money(o.total), 'USD', address, address, o.paymentMethod,
              o.transactionId, o.channel, o.discountCodeId, o.status === 'cancelled' ? new Date(last.at) : null,
              new Date(o.createdAt), new Date(last.at), records[i]!.cart.id,
            ];
          }
        })(),
      );
      const items = await copyTable(
        client,
        progress,
        'order_items',
        'order_id product_id variant_id product_name variant_name sku unit_price quantity line_total created_at',
        orders.reduce((k, o) => k + o.lines.length, 0),
        (function* () {
          for (const o of orders) {
            const at = new Date(o.createdAt);
            for (const l of o.lines) {
              // prettier-ignore
              yield [o.id, l.product.id, l.variant.id, l.product.name, l.variant.name, l.variant.sku,
                money(l.unitCents), l.quantity, money(l.unitCents * l.quantity), at];
            }
          }
        })(),
      );
      const events = await copyTable(
        client,
        progress,
        'order_status_events',
        'order_id from_status to_status note created_at',
        orders.reduce((k, o) => k + o.events.length, 0),
        (function* () {
          for (const o of orders) {
            let from: string | null = null;
            for (const e of o.events) {
              yield [o.id, from, e.status, e.note, new Date(e.at)];
              from = e.status;
            }
          }
        })(),
      );
      return {
        orders: n,
        order_items: items,
        order_status_events: events,
        ...(await writeOrderRecords(client, orders, records, progress)),
      };
    }),
  );
}

/** The converted carts, payments and parcels of `orders` (inside writeOrders' transaction). */
async function writeOrderRecords(
  client: ClientBase,
  orders: OrderPlan[],
  records: OrderRecords[],
  progress: Progress,
): Promise<Record<string, number>> {
  const carts = await copyTable(
    client,
    progress,
    'carts',
    'id customer_id status currency discount_code_id converted_at country created_at updated_at',
    orders.length,
    (function* () {
      for (const [i, o] of orders.entries()) {
        const c = records[i]!.cart;
        // prettier-ignore
        yield [c.id, o.customer.id, 'converted', 'USD', o.discountCodeId, new Date(o.createdAt),
          o.customer.address.country, new Date(c.createdAt), new Date(o.createdAt)];
      }
    })(),
  );
  const cartItems = await copyTable(
    client,
    progress,
    'cart_items',
    'cart_id variant_id quantity unit_price created_at updated_at',
    orders.reduce((k, o) => k + o.lines.length, 0),
    (function* () {
      for (const [i, o] of orders.entries()) {
        const c = records[i]!.cart;
        for (const [k, l] of o.lines.entries()) {
          const added = new Date(c.lineAddedAt[k]!);
          yield [c.id, l.variant.id, l.quantity, money(l.unitCents), added, added];
        }
      }
    })(),
  );
  const payments = await copyTable(
    client,
    progress,
    'payments',
    `order_id provider amount currency status provider_transaction_id authorized_at paid_at failed_at refunded_at
     created_at updated_at`,
    orders.length,
    (function* () {
      const date = (ms: number | null) => (ms === null ? null : new Date(ms));
      for (const [i, o] of orders.entries()) {
        const p = records[i]!.payment;
        // prettier-ignore
        yield [o.id, p.provider, money(o.total), 'USD', o.paymentStatus, o.transactionId, date(p.authorizedAt),
          date(p.paidAt), date(p.failedAt), date(p.refundedAt), new Date(o.createdAt), new Date(p.updatedAt)];
      }
    })(),
  );
  const parcels = orders.flatMap((o, i) => (records[i]!.shipment ? [{ o, s: records[i]!.shipment! }] : []));
  const shipments = await copyTable(
    client,
    progress,
    'shipments',
    'id order_id carrier tracking_number shipped_at delivered_at created_at updated_at',
    parcels.length,
    (function* () {
      for (const { o, s } of parcels) {
        const changed = new Date(s.deliveredAt ?? s.shippedAt);
        // prettier-ignore
        yield [s.id, o.id, s.carrier, s.trackingNumber, new Date(s.shippedAt),
          s.deliveredAt === null ? null : new Date(s.deliveredAt), new Date(s.shippedAt), changed];
      }
    })(),
  );
  const tracking = await copyTable(
    client,
    progress,
    'shipment_tracking_events',
    'shipment_id status description location occurred_at created_at',
    parcels.reduce((k, p) => k + p.s.events.length, 0),
    (function* () {
      for (const { s } of parcels)
        for (const e of s.events)
          yield [s.id, e.status, TRACKING_TEXT[e.status], e.location, new Date(e.at), new Date(e.at)];
    })(),
  );
  return { carts, cart_items: cartItems, payments, shipments, shipment_tracking_events: tracking };
}

/** COPYs product reviews (the products' rating columns were written to match them). */
export function writeReviews(client: ClientBase, reviews: ReviewPlan[], progress: Progress) {
  return inTransaction(client, () =>
    withoutForeignKeys(client, ['product_reviews'], () =>
      copyTable(
        client,
        progress,
        'product_reviews',
        'product_id customer_id rating title body verified_purchase created_at updated_at',
        reviews.length,
        (function* () {
          for (const r of reviews) {
            const at = new Date(r.createdAt);
            yield [r.productId, r.customerId, r.rating, r.title, r.body, r.verified, at, at];
          }
        })(),
      ),
    ),
  );
}
