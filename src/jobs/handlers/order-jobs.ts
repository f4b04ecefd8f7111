import type { AppDeps } from '../../server/context';
import { queueNotification } from '../../modules/notifications/notify';
import { enqueueAlertEvaluation } from '../../modules/wishlist/alert-jobs';
import { cancelUnpaidOrders } from '../../modules/orders/order-timeout.service';
import type { QueuePayloads } from '../queues';

/**
 * Queues the order confirmation mail: an `order_update` notification (`order_placed`) and its
 * delivery job. The order row's lock makes a retried or repeated job write it once.
 */
export async function confirmOrder(deps: AppDeps, data: QueuePayloads['order.confirmation']) {
  await deps.db.prisma.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<
      { customerId: number; number: string; total: string; currency: string; queued: boolean }[]
    >`
      SELECT o.customer_id AS "customerId", o.number, o.total::text AS total, trim(o.currency) AS currency,
        EXISTS (SELECT 1 FROM notifications n
                WHERE n.customer_id = o.customer_id AND n.kind = 'order_update'
                  AND n.payload ->> 'event' = 'order_placed' AND n.payload ->> 'orderId' = o.id::text) AS queued
      FROM orders o WHERE o.id = ${data.orderId} FOR UPDATE`;
    if (!order || order.queued) return;
    // Units sold: an item that sold out is now seen unavailable, so its restock alerts.
    const products = await tx.$queryRaw<{ productId: number }[]>`
      SELECT DISTINCT product_id AS "productId" FROM order_items WHERE order_id = ${data.orderId}`;
    await enqueueAlertEvaluation(
      tx,
      deps.jobs,
      products.map((p) => p.productId),
    );
    await queueNotification(tx, deps.jobs, {
      customerId: order.customerId,
      kind: 'order_update',
      channel: 'email',
      payload: {
        event: 'order_placed',
        orderId: data.orderId,
        number: order.number,
        total: order.total,
        currency: order.currency,
      },
    });
  });
}

/** Cancels unpaid manual orders past UNPAID_ORDER_TIMEOUT_MINUTES and releases their units. */
export async function cancelExpiredOrders(deps: AppDeps, data: QueuePayloads['orders.unpaid.cancel']) {
  const cancelled = await cancelUnpaidOrders(deps.db.prisma, deps.jobs, data.limit ?? 100);
  if (cancelled.length > 0) deps.log.info({ cancelled }, 'unpaid orders cancelled, units released');
  return { cancelled: cancelled.length };
}
