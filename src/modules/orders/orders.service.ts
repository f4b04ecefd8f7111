import type { PrismaTx } from '../../db/prisma';
import type { OrderFilter } from '../../generated/graphql';
import { isAdmin, ownedOrNull, requireAdmin, requireOwnership, requireViewer } from '../../graphql/access';
import { keysetConnection, type Connection, type PageArgs } from '../../graphql/connection';
import { badUserInput, notFound, userError, UserInputFailure, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { createLoaders } from '../../server/loaders';
import { writeAudit } from '../admin/audit.service';
import { TX_OPTIONS } from '../cart/cart.service';
import { ORDER_COLUMNS, ORDER_SORT, orderFilterSql, toOrderFilter } from './order-filter';
import { CUSTOMER_CANCELLABLE, type OrderStatus } from './order-state';
import { applyTransition, lockOrder, orderTopic, type LockedOrder } from './order-transitions';
import type {
  OrderRecord,
  OrderResult,
  OrderStatusChangeRecord,
  OrderStatusEventMessage,
} from './orders.types';

/** `order(id|number)`: the order for its owner or an admin; null for anyone else, as for a missing one. */
export async function getOrder(ctx: GraphQLContext, args: { id?: string | null; number?: string | null }) {
  if ((args.id == null) === (args.number == null))
    throw badUserInput('Pass exactly one of id or number', ['id']);
  let order: OrderRecord | null;
  if (args.id != null) {
    const id = tryGlobalIntId(args.id, 'Order');
    order = id === null ? null : await ctx.loaders.orders.orderById.load(id);
  } else {
    const number = args.number!.trim().toUpperCase();
    order = number.length > 40 ? null : await ctx.loaders.orders.orderByNumber.load(number);
  }
  return ownedOrNull(ctx, order, (o) => o.customerId);
}

/** `orders`: the viewer's orders, newest first; an admin's are everyone's (filterable by customer). */
export function listOrders(
  ctx: GraphQLContext,
  args: PageArgs & { filter?: OrderFilter | null },
): Promise<Connection<OrderRecord>> {
  const viewer = requireViewer(ctx);
  const filter = toOrderFilter(ctx, args.filter);
  if (!isAdmin(ctx)) filter.customerId = viewer.customerId;
  const where = orderFilterSql(filter);
  return keysetConnection<OrderRecord>({
    args,
    keys: ORDER_SORT,
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: (q) => ctx.prisma.$queryRaw<OrderRecord[]>`
      SELECT ${ORDER_COLUMNS}, ${q.keyColumns} FROM orders o WHERE ${where} ${q.after}
      ORDER BY ${q.orderBy} LIMIT ${q.limit}`,
    totalCount: async () => {
      const [{ count }] = await ctx.prisma.$queryRaw<[{ count: number }]>`
        SELECT count(*)::int AS count FROM orders o WHERE ${where}`;
      return count;
    },
  });
}

/** `Customer.orders`: batched over every customer of the response (resolvers reach it for the owner or an admin). */
export function customerOrders(
  ctx: GraphQLContext,
  customerId: number,
  args: PageArgs & { filter?: OrderFilter | null },
): Promise<Connection<OrderRecord>> {
  const filter = toOrderFilter(ctx, { ...args.filter, customerId: null });
  return ctx.loaders.orders.ordersOfCustomers(args, filter).load(customerId);
}

/** Whether the viewer may cancel this order now. */
export const canCancel = (ctx: GraphQLContext, o: Pick<OrderRecord, 'customerId' | 'status'>) =>
  ctx.viewer?.customerId === o.customerId && CUSTOMER_CANCELLABLE.includes(o.status as OrderStatus);

/** Runs an order change; userErrors roll it back. The order's cached rows are dropped afterwards. */
export async function changeOrder(
  ctx: GraphQLContext,
  orderGid: string,
  change: (tx: PrismaTx, order: LockedOrder) => Promise<void>,
  opts: { adminOnly: boolean },
): Promise<OrderResult> {
  const viewer = opts.adminOnly ? requireAdmin(ctx) : requireViewer(ctx);
  const id = tryGlobalIntId(orderGid, 'Order');
  try {
    await ctx.prisma.$transaction(async (tx) => {
      const order = id === null ? null : await lockOrder(tx, id);
      if (opts.adminOnly) {
        if (!order) throw notFound('Order');
      } else requireOwnership({ viewer }, order, (o) => o.customerId, 'Order');
      await change(tx, order!);
    }, TX_OPTIONS);
  } catch (err) {
    if (err instanceof UserInputFailure) return { orderId: id, userErrors: err.userErrors };
    throw err;
  }
  forgetOrder(ctx, id!);
  return { orderId: id, userErrors: [] };
}

/** Drops an order's rows from the request's loaders after a change, so the payload shows it as it is now. */
export function forgetOrder(ctx: GraphQLContext, id: number) {
  const l = ctx.loaders.orders;
  for (const loader of [l.orderById, l.itemsByOrder, l.eventsByOrder, l.paymentsByOrder, l.shipmentsByOrder])
    loader.clear(id);
  l.orderByNumber.clearAll();
}

export const checkNote = (note: string | null | undefined, field: string[], max = 500): UserError[] =>
  note != null && note.length > max ? [userError('TOO_LONG', `At most ${max} characters`, field)] : [];

/**
 * `orderCancel`: the owner cancels while the order is pending or confirmed. Held units are
 * released, sold units go back on hand, the payment is given up or refunded; audited.
 */
export function cancelOrder(ctx: GraphQLContext, orderGid: string, reason: string | null | undefined) {
  return changeOrder(
    ctx,
    orderGid,
    async (tx, order) => {
      const errors = checkNote(reason, ['reason']);
      if (!CUSTOMER_CANCELLABLE.includes(order.status))
        errors.push(
          userError('INVALID_TRANSITION', `A ${order.status} order can no longer be cancelled`, ['id']),
        );
      if (errors.length > 0) throw new UserInputFailure(errors);
      const note = reason?.trim()
        ? `Cancelled by the customer: ${reason.trim()}`
        : 'Cancelled by the customer';
      await applyTransition(tx, order, 'cancelled', {
        note,
        actorId: ctx.viewer!.customerId,
        jobs: ctx.jobs,
      });
      await writeAudit(tx, ctx, {
        action: 'order.cancel',
        resourceType: 'Order',
        resourceId: order.id,
        before: { status: order.status, paymentStatus: order.paymentStatus },
        after: { status: 'cancelled', reason: reason?.trim() || null },
      });
    },
    { adminOnly: false },
  );
}

/**
 * `orderStatusChanged` (subscribe): the owner (or an admin) of an existing order subscribes to its
 * topic; anyone else is refused with NOT_FOUND, exactly as for an order that does not exist.
 */
export async function subscribeOrderStatus(ctx: GraphQLContext, orderGid: string) {
  requireViewer(ctx);
  const id = tryGlobalIntId(orderGid, 'Order');
  const order =
    id === null
      ? null
      : await ctx.prisma.order.findUnique({ where: { id }, select: { id: true, customerId: true } });
  if (!ownedOrNull(ctx, order, (o) => o.customerId)) throw notFound('Order');
  return ctx.pubsub.subscribe<OrderStatusEventMessage>(orderTopic(id!));
}

/**
 * `orderStatusChanged` (each event): a subscription lives long, so every event gets fresh loaders
 * (the order and its timeline as they are now) and its timeline row by id.
 */
export async function orderStatusChange(
  ctx: GraphQLContext,
  message: OrderStatusEventMessage,
): Promise<OrderStatusChangeRecord> {
  ctx.loaders = createLoaders(ctx.prisma, ctx.config);
  const event = await ctx.prisma.orderStatusEvent.findUniqueOrThrow({ where: { id: message.eventId } });
  return { orderId: message.orderId, event };
}
