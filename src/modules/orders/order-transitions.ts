import type { Db } from '../../db/prisma';
import type { JobQueue } from '../../jobs/job-queue';
import { queueNotification } from '../notifications/notify';
import { enqueueAlertEvaluation } from '../wishlist/alert-jobs';
import { publish } from '../../server/pubsub';
import { transitionEffects, type OrderStatus, type PaymentStatus } from './order-state';
import type { OrderStatusEventMessage } from './orders.types';
import { changeStock, countSold, lockVariants } from './stock';

/** The parts of an order a status change reads, from a locked row. */
export interface LockedOrder {
  id: number;
  customerId: number;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  /** Units still held in stock_reserved (unpaid manual order). */
  unitsHeld: boolean;
}

/** Locks an order row for a change (concurrent changes of one order run one after the other). */
export async function lockOrder(db: Db, orderId: number): Promise<LockedOrder | null> {
  const [row] = await db.$queryRaw<LockedOrder[]>`
    SELECT id, customer_id AS "customerId", status::text AS status, payment_status::text AS "paymentStatus",
           reservation_expires_at IS NOT NULL AS "unitsHeld"
    FROM orders WHERE id = ${orderId} FOR UPDATE`;
  return row ?? null;
}

/** The topic of an order's events (`orderStatusChanged`). */
export const orderTopic = (orderId: number) => `order:${orderId}`;

/** Writes a timeline row and tells subscribers (on commit) that the order changed. */
export async function recordEvent(
  db: Db,
  orderId: number,
  from: OrderStatus | null,
  to: OrderStatus,
  note: string | null,
  actorId: number | null,
): Promise<number> {
  const [event] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO order_status_events (order_id, from_status, to_status, note, actor_id)
    VALUES (${orderId}, ${from}::order_status, ${to}::order_status, ${note}, ${actorId}::int) RETURNING id`;
  const message: OrderStatusEventMessage = { orderId, eventId: event!.id };
  await publish(db, orderTopic(orderId), { ...message });
  return event!.id;
}

/** Statuses the customer is mailed about (placing an order has its own confirmation mail). */
export const MAILED_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
]);

/**
 * Applies an allowed transition (checked by the caller with transitionProblem) to a locked order,
 * in the caller's transaction: the status, the payment status on the order and its payments,
 * the stock (release held units or restore sold ones, with ledger rows), the sold counts, the
 * timeline, the event for subscribers, and the customer's mail for the statuses they are told of.
 */
export async function applyTransition(
  db: Db,
  order: LockedOrder,
  to: OrderStatus,
  opts: { note: string | null; actorId: number | null; jobs: JobQueue },
): Promise<void> {
  const effects = transitionEffects(to, order.paymentStatus, order.unitsHeld);
  if (effects.stock !== 'none' || effects.unsell) {
    const items = await db.$queryRaw<{ variantId: number; productId: number; quantity: number }[]>`
      SELECT variant_id AS "variantId", product_id AS "productId", quantity FROM order_items WHERE order_id = ${order.id}`;
    if (effects.stock !== 'none') {
      await lockVariants(
        db,
        items.map((i) => i.variantId),
      );
      const ok = await changeStock(db, effects.stock, items, { orderId: order.id, actorId: opts.actorId });
      if (!ok) throw new Error(`order ${order.id}: stock does not allow ${effects.stock}`);
      // Units back on sale: wishlist items waiting for them may alert.
      await enqueueAlertEvaluation(
        db,
        opts.jobs,
        items.map((i) => i.productId),
      );
    }
    if (effects.unsell) await countSold(db, items, -1);
  }
  await db.$executeRaw`
    UPDATE orders SET status = ${to}::order_status, payment_status = ${effects.payment}::payment_status,
      cancelled_at = CASE WHEN ${to}::text = 'cancelled' THEN now() ELSE cancelled_at END,
      reservation_expires_at = CASE WHEN ${effects.stock}::text = 'release' THEN NULL ELSE reservation_expires_at END,
      updated_at = now()
    WHERE id = ${order.id}`;
  if (effects.payment !== order.paymentStatus) await setPaymentStatus(db, order.id, effects.payment);
  const eventId = await recordEvent(db, order.id, order.status, to, opts.note, opts.actorId);
  if (MAILED_STATUSES.has(to))
    await queueNotification(db, opts.jobs, {
      customerId: order.customerId,
      kind: 'order_update',
      channel: 'email',
      payload: { event: 'status_changed', orderId: order.id, status: to, eventId },
    });
}

/** Moves the order's open payments to a new status, stamping the matching time. */
export async function setPaymentStatus(db: Db, orderId: number, status: PaymentStatus) {
  await db.$executeRaw`
    UPDATE payments SET status = ${status}::payment_status, updated_at = now(),
      paid_at = CASE WHEN ${status}::text = 'paid' THEN coalesce(paid_at, now()) ELSE paid_at END,
      failed_at = CASE WHEN ${status}::text = 'failed' THEN now() ELSE failed_at END,
      refunded_at = CASE WHEN ${status}::text = 'refunded' THEN now() ELSE refunded_at END
    WHERE order_id = ${orderId} AND status NOT IN ('failed', 'refunded')`;
}
