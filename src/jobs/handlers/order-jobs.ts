import type { AppDeps } from '../../server/context';
import { cancelUnpaidOrders } from '../../modules/orders/order-timeout.service';
import type { QueuePayloads } from '../queues';

/**
 * Queues the order confirmation for delivery: an `order_update` notification (email) the
 * notification sender picks up. A retried job writes it once.
 */
export async function confirmOrder(deps: AppDeps, data: QueuePayloads['order.confirmation']) {
  await deps.db.prisma.$executeRaw`
    INSERT INTO notifications (customer_id, kind, channel, payload)
    SELECT o.customer_id, 'order_update', 'email',
           jsonb_build_object('event', 'order_placed', 'orderId', o.id, 'number', o.number,
                              'total', o.total::text, 'currency', o.currency)
    FROM orders o
    WHERE o.id = ${data.orderId} AND NOT EXISTS (
      SELECT 1 FROM notifications n
      WHERE n.customer_id = o.customer_id AND n.kind = 'order_update'
        AND n.payload ->> 'event' = 'order_placed' AND n.payload ->> 'orderId' = o.id::text)`;
}

/** Cancels unpaid manual orders past UNPAID_ORDER_TIMEOUT_MINUTES and releases their units. */
export async function cancelExpiredOrders(deps: AppDeps, data: QueuePayloads['orders.unpaid.cancel']) {
  const cancelled = await cancelUnpaidOrders(deps.db.prisma, data.limit ?? 100);
  if (cancelled.length > 0) deps.log.info({ cancelled }, 'unpaid orders cancelled, units released');
  return { cancelled: cancelled.length };
}
