import { toGlobalId } from '../../graphql/global-id';
import { toMoney } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import { checkout } from './checkout.service';
import { addTrackingEvent, markOrderPaid, updateOrderStatus } from './order-admin.service';
import {
  canCancel,
  cancelOrder,
  customerOrders,
  getOrder,
  listOrders,
  orderStatusChange,
  subscribeOrderStatus,
} from './orders.service';
import type { GraphQLContext } from '../../server/context';
import type { OrderStatusEventMessage } from './orders.types';
import type { AddressSnapshot } from './place-order';

/** Database enum value → GraphQL enum value (`pending` → `PENDING`). */
const upper = (s: string) => s.toUpperCase() as never;

export const orderResolvers: Resolvers = {
  Query: {
    order: (_p, args, ctx) => getOrder(ctx, args),
    orders: (_p, args, ctx) => listOrders(ctx, args),
  },
  Mutation: {
    checkout: (_p, { input }, ctx) => checkout(ctx, input),
    orderCancel: (_p, { id, reason }, ctx) => cancelOrder(ctx, id, reason),
    orderUpdateStatus: (_p, { input }, ctx) => updateOrderStatus(ctx, input),
    orderMarkPaid: (_p, { id, transactionId }, ctx) => markOrderPaid(ctx, id, transactionId),
    shipmentTrackingEventAdd: (_p, { input }, ctx) => addTrackingEvent(ctx, input),
  },
  Subscription: {
    orderStatusChanged: {
      subscribe: (_p, { orderId }, ctx) => subscribeOrderStatus(ctx, orderId),
      resolve: (message: OrderStatusEventMessage, _a: unknown, ctx: GraphQLContext) =>
        orderStatusChange(ctx, message),
    },
  },
  Customer: {
    orders: (c, args, ctx) => customerOrders(ctx, c.id, args),
  },
  CheckoutPayload: {
    order: (p, _a, ctx) => (p.orderId === null ? null : ctx.loaders.orders.orderById.load(p.orderId)),
  },
  OrderPayload: {
    order: (p, _a, ctx) => (p.orderId === null ? null : ctx.loaders.orders.orderById.load(p.orderId)),
  },
  OrderStatusChange: {
    order: async (c, _a, ctx) => (await ctx.loaders.orders.orderById.load(c.orderId))!,
    fromStatus: (c) => (c.event.fromStatus ? upper(c.event.fromStatus) : null),
    status: (c) => upper(c.event.toStatus),
    note: (c) => c.event.note,
    changedAt: (c) => c.event.createdAt,
  },
  Order: {
    id: (o) => toGlobalId('Order', o.id),
    status: (o) => upper(o.status),
    paymentStatus: (o) => upper(o.paymentStatus),
    customer: (o, _a, ctx) => ctx.loaders.customers.customerById.load(o.customerId),
    lines: async (o, _a, ctx) =>
      (await ctx.loaders.orders.itemsByOrder.load(o.id)).map((i) => ({ ...i, currency: o.currency.trim() })),
    itemCount: async (o, _a, ctx) =>
      (await ctx.loaders.orders.itemsByOrder.load(o.id)).reduce((n, i) => n + i.quantity, 0),
    subtotal: (o) => toMoney(o.subtotal, o.currency),
    discountTotal: (o) => toMoney(o.discountTotal, o.currency),
    taxTotal: (o) => toMoney(o.taxTotal, o.currency),
    shippingTotal: (o) => toMoney(o.shippingTotal, o.currency),
    total: (o) => toMoney(o.total, o.currency),
    currencyCode: (o) => o.currency.trim(),
    discountCode: async (o, _a, ctx) =>
      o.discountCodeId === null
        ? null
        : ((await ctx.loaders.orders.discountCodeById.load(o.discountCodeId))?.code ?? null),
    shippingAddress: (o) => o.shippingAddress as unknown as AddressSnapshot,
    billingAddress: (o) => (o.billingAddress ?? o.shippingAddress) as unknown as AddressSnapshot,
    timeline: (o, _a, ctx) => ctx.loaders.orders.eventsByOrder.load(o.id),
    payments: (o, _a, ctx) => ctx.loaders.orders.paymentsByOrder.load(o.id),
    shipments: (o, _a, ctx) => ctx.loaders.orders.shipmentsByOrder.load(o.id),
    canCancel: (o, _a, ctx) => canCancel(ctx, o),
    channel: (o) => upper(o.channel),
  },
  OrderLine: {
    id: (l) => toGlobalId('OrderLine', l.id),
    product: async (l, _a, ctx) => (await ctx.loaders.catalog.productById.load(l.productId))!,
    variant: async (l, _a, ctx) => (await ctx.loaders.catalog.variantById.load(l.variantId))!,
    unitPrice: (l) => toMoney(l.unitPrice, l.currency),
    lineTotal: (l) => toMoney(l.lineTotal, l.currency),
  },
  OrderStatusEvent: {
    id: (e) => toGlobalId('OrderStatusEvent', e.id),
    fromStatus: (e) => (e.fromStatus ? upper(e.fromStatus) : null),
    status: (e) => upper(e.toStatus),
  },
  Payment: {
    id: (p) => toGlobalId('Payment', p.id),
    provider: (p) => upper(p.provider),
    amount: (p) => toMoney(p.amount, p.currency),
    status: (p) => upper(p.status),
  },
  Shipment: {
    id: (s) => toGlobalId('Shipment', s.id),
    events: (s, _a, ctx) => ctx.loaders.orders.trackingByShipment.load(s.id),
  },
  ShipmentTrackingEvent: {
    status: (e) => upper(e.status),
  },
};
