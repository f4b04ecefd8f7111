import type { OrderUpdateStatusInput, ShipmentTrackingEventInput } from '../../generated/graphql';
import { requireAdmin } from '../../graphql/access';
import { notFound, userError, UserInputFailure, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { writeAudit } from '../admin/audit.service';
import { TX_OPTIONS } from '../cart/cart.service';
import { transitionProblem, type OrderStatus } from './order-state';
import { applyTransition, lockOrder, setPaymentStatus } from './order-transitions';
import { changeOrder, checkNote, forgetOrder } from './orders.service';
import type { OrderResult } from './orders.types';
import { changeStock, lockVariants } from './stock';

/** A shipment holds at most this many tracking events. */
export const MAX_TRACKING_EVENTS = 100;

const text = (v: string | null | undefined, field: string[], max: number, required = false): UserError[] =>
  required && !v?.trim()
    ? [userError('BLANK', 'Required', field)]
    : v != null && v.trim().length > max
      ? [userError('TOO_LONG', `At most ${max} characters`, field)]
      : [];

/**
 * Admin `orderUpdateStatus`: a transition the state machine allows (INVALID_TRANSITION otherwise;
 * PAYMENT_REQUIRED to confirm or ship an unpaid order). SHIPPED records the parcel and its
 * tracking number (SHIPMENT_REQUIRED without one); DELIVERED stamps the parcels delivered.
 */
export function updateOrderStatus(ctx: GraphQLContext, input: OrderUpdateStatusInput): Promise<OrderResult> {
  const to = input.status.toLowerCase() as OrderStatus;
  return changeOrder(
    ctx,
    input.orderId,
    async (tx, order) => {
      const errors = checkNote(input.note, ['input', 'note']);
      const problem = transitionProblem(order.status, to, order.paymentStatus);
      if (problem)
        errors.push(
          userError(
            problem,
            `${order.status} → ${to} is not allowed${problem === 'PAYMENT_REQUIRED' ? ' before payment' : ''}`,
            ['input', 'status'],
          ),
        );
      const s = input.shipment;
      if (!problem && to === 'shipped' && !s)
        errors.push(
          userError('SHIPMENT_REQUIRED', 'Give the carrier and tracking number', ['input', 'shipment']),
        );
      if (s)
        errors.push(
          ...text(s.carrier, ['input', 'shipment', 'carrier'], 100, true),
          ...text(s.trackingNumber, ['input', 'shipment', 'trackingNumber'], 100, true),
          ...text(s.trackingUrl, ['input', 'shipment', 'trackingUrl'], 500),
        );
      if (errors.length > 0) throw new UserInputFailure(errors);
      const note =
        input.note?.trim() ||
        (to === 'shipped' ? `Shipped with ${s!.carrier.trim()}, tracking ${s!.trackingNumber.trim()}` : null);
      await applyTransition(tx, order, to, { note, actorId: ctx.viewer!.customerId, jobs: ctx.jobs });
      if (to === 'shipped')
        await tx.shipment.create({
          data: {
            orderId: order.id,
            carrier: s!.carrier.trim(),
            trackingNumber: s!.trackingNumber.trim(),
            trackingUrl: s!.trackingUrl?.trim() || null,
          },
        });
      if (to === 'delivered')
        await tx.shipment.updateMany({
          where: { orderId: order.id, deliveredAt: null },
          data: { deliveredAt: new Date() },
        });
      await writeAudit(tx, ctx, {
        action: 'order.update_status',
        resourceType: 'Order',
        resourceId: order.id,
        before: { status: order.status, paymentStatus: order.paymentStatus },
        after: { status: to, note, shipment: s ?? null },
      });
    },
    { adminOnly: true },
  );
}

/**
 * Admin `orderMarkPaid`: the money of a pending or authorized payment arrived. Units held for a
 * manual payment are taken from stock (reserved and on hand both go down), and a pending order is
 * confirmed. A payment reference already used by another payment of the provider is refused.
 */
export function markOrderPaid(
  ctx: GraphQLContext,
  orderGid: string,
  transactionId: string | null | undefined,
) {
  const reference = transactionId?.trim() || null;
  return changeOrder(
    ctx,
    orderGid,
    async (tx, order) => {
      const errors = text(reference, ['transactionId'], 255);
      if (order.status === 'cancelled' || order.status === 'refunded')
        errors.push(userError('INVALID_TRANSITION', `A ${order.status} order cannot be paid`, ['id']));
      else if (order.paymentStatus !== 'pending' && order.paymentStatus !== 'authorized')
        errors.push(userError('ALREADY_PAID', `The payment is ${order.paymentStatus}`, ['id']));
      if (reference) {
        const [clash] = await tx.$queryRaw<{ id: number }[]>`
          SELECT p.id FROM payments p JOIN payments mine ON mine.order_id = ${order.id} AND mine.provider = p.provider
          WHERE p.provider_transaction_id = ${reference} AND p.order_id <> ${order.id} LIMIT 1`;
        if (clash)
          errors.push(
            userError('TAKEN', 'This payment reference belongs to another payment', ['transactionId']),
          );
      }
      if (errors.length > 0) throw new UserInputFailure(errors);
      if (order.unitsHeld) {
        const items = await tx.orderItem.findMany({
          where: { orderId: order.id },
          select: { variantId: true, quantity: true },
        });
        await lockVariants(
          tx,
          items.map((i) => i.variantId),
        );
        if (
          !(await changeStock(tx, 'sell_reserved', items, {
            orderId: order.id,
            actorId: ctx.viewer!.customerId,
          }))
        )
          throw new Error(`order ${order.id}: reserved units missing`);
      }
      await tx.$executeRaw`
        UPDATE orders SET payment_status = 'paid', reservation_expires_at = NULL, updated_at = now(),
          payment_transaction_id = coalesce(${reference}, payment_transaction_id)
        WHERE id = ${order.id}`;
      await tx.$executeRaw`
        UPDATE payments SET provider_transaction_id = coalesce(${reference}, provider_transaction_id)
        WHERE order_id = ${order.id} AND status IN ('pending', 'authorized')`;
      await setPaymentStatus(tx, order.id, 'paid');
      if (order.status === 'pending')
        await applyTransition(tx, { ...order, paymentStatus: 'paid', unitsHeld: false }, 'confirmed', {
          note: 'Payment received',
          actorId: ctx.viewer!.customerId,
          jobs: ctx.jobs,
        });
      await writeAudit(tx, ctx, {
        action: 'order.mark_paid',
        resourceType: 'Order',
        resourceId: order.id,
        before: { status: order.status, paymentStatus: order.paymentStatus },
        after: { paymentStatus: 'paid', transactionId: reference },
      });
    },
    { adminOnly: true },
  );
}

/**
 * Admin `shipmentTrackingEventAdd`: records what the carrier reported (at most 100 events per
 * shipment). DELIVERED stamps the parcel delivered and moves a shipped order to delivered.
 */
export async function addTrackingEvent(
  ctx: GraphQLContext,
  input: ShipmentTrackingEventInput,
): Promise<OrderResult> {
  requireAdmin(ctx);
  const shipmentId = tryGlobalIntId(input.shipmentId, 'Shipment');
  const shipment =
    shipmentId === null ? null : await ctx.prisma.shipment.findUnique({ where: { id: shipmentId } });
  if (!shipment) throw notFound('Shipment');
  const errors = [
    ...text(input.description, ['input', 'description'], 500),
    ...text(input.location, ['input', 'location'], 200),
  ];
  if (errors.length > 0) return { orderId: shipment.orderId, userErrors: errors };
  const status = input.status.toLowerCase() as 'delivered';
  try {
    await ctx.prisma.$transaction(async (tx) => {
      const order = (await lockOrder(tx, shipment.orderId))!;
      const count = await tx.shipmentTrackingEvent.count({ where: { shipmentId: shipment.id } });
      if (count >= MAX_TRACKING_EVENTS)
        throw new UserInputFailure([
          userError('TOO_MANY_EVENTS', `At most ${MAX_TRACKING_EVENTS} events per shipment`, [
            'input',
            'shipmentId',
          ]),
        ]);
      await tx.shipmentTrackingEvent.create({
        data: {
          shipmentId: shipment.id,
          status,
          description: input.description?.trim() || null,
          location: input.location?.trim() || null,
          occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
        },
      });
      if (status === 'delivered') {
        await tx.shipment.update({
          where: { id: shipment.id },
          data: { deliveredAt: shipment.deliveredAt ?? new Date() },
        });
        if (order.status === 'shipped')
          await applyTransition(tx, order, 'delivered', {
            note: `Delivered (${shipment.carrier})`,
            actorId: null,
            jobs: ctx.jobs,
          });
      }
      await writeAudit(tx, ctx, {
        action: 'shipment.tracking_event',
        resourceType: 'Shipment',
        resourceId: shipment.id,
        after: { status, description: input.description ?? null, location: input.location ?? null },
      });
    }, TX_OPTIONS);
  } catch (err) {
    if (err instanceof UserInputFailure) return { orderId: shipment.orderId, userErrors: err.userErrors };
    throw err;
  }
  forgetOrder(ctx, shipment.orderId);
  ctx.loaders.orders.trackingByShipment.clear(shipment.id);
  return { orderId: shipment.orderId, userErrors: [] };
}
