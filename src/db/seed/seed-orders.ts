import type { ClientBase } from 'pg';
import { copyTable, inTransaction, json, money, withoutForeignKeys } from './copy';
import type { OrderPlan, ReviewPlan } from './order-factory';
import type { Progress } from './progress';

const ORDER_COLUMNS = `id number customer_id status payment_status subtotal tax_total shipping_total discount_total
  total currency shipping_address billing_address payment_method payment_transaction_id channel discount_code_id
  cancelled_at created_at updated_at`;

/** COPYs orders with their items and status timelines, in one transaction. */
export function writeOrders(client: ClientBase, orders: OrderPlan[], progress: Progress) {
  const tables = ['orders', 'order_items', 'order_status_events'];
  return inTransaction(client, () =>
    withoutForeignKeys(client, tables, async () => {
      const n = await copyTable(
        client,
        progress,
        'orders',
        ORDER_COLUMNS,
        orders.length,
        (function* () {
          for (const o of orders) {
            const address = json(o.customer.address);
            const last = o.events[o.events.length - 1]!;
            // prettier-ignore
            yield [
              o.id, o.number, o.customer.id, o.status, o.paymentStatus, money(o.subtotal), money(o.tax),
              money(o.shipping), money(o.discount), money(o.total), 'USD', address, address, o.paymentMethod,
              o.transactionId, o.channel, o.discountCodeId, o.status === 'cancelled' ? new Date(last.at) : null,
              new Date(o.createdAt), new Date(last.at),
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
      return { orders: n, order_items: items, order_status_events: events };
    }),
  );
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
