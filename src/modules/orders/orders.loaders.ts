import type { PrismaClient } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { keysetConnectionLoader, pagesPerParent } from '../../graphql/connection';
import { groupedLoader, keyedLoader } from '../../graphql/loader-utils';
import { ORDER_COLUMNS, ORDER_SORT, orderFilterSql, type OrderFilterValue } from './order-filter';
import type { OrderRecord } from './orders.types';

/** Per-request order loaders: a page of orders with lines, timeline, payments and shipments costs one statement each. */
export function createOrderLoaders(prisma: PrismaClient, maxPageSize: number) {
  return {
    orderById: keyedLoader(
      (ids: readonly number[]) => prisma.order.findMany({ where: { id: { in: [...ids] } } }),
      (o) => o.id,
    ),
    orderByNumber: keyedLoader(
      (numbers: readonly string[]) => prisma.order.findMany({ where: { number: { in: [...numbers] } } }),
      (o) => o.number,
    ),
    itemsByOrder: groupedLoader(
      (ids: readonly number[]) =>
        prisma.orderItem.findMany({ where: { orderId: { in: [...ids] } }, orderBy: { id: 'asc' } }),
      (i) => i.orderId,
    ),
    eventsByOrder: groupedLoader(
      (ids: readonly number[]) =>
        prisma.orderStatusEvent.findMany({
          where: { orderId: { in: [...ids] } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
      (e) => e.orderId,
    ),
    paymentsByOrder: groupedLoader(
      (ids: readonly number[]) =>
        prisma.payment.findMany({ where: { orderId: { in: [...ids] } }, orderBy: { id: 'asc' } }),
      (p) => p.orderId,
    ),
    shipmentsByOrder: groupedLoader(
      (ids: readonly number[]) =>
        prisma.shipment.findMany({ where: { orderId: { in: [...ids] } }, orderBy: { id: 'asc' } }),
      (s) => s.orderId,
    ),
    trackingByShipment: groupedLoader(
      (ids: readonly number[]) =>
        prisma.shipmentTrackingEvent.findMany({
          where: { shipmentId: { in: [...ids] } },
          orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
        }),
      (e) => e.shipmentId,
    ),
    discountCodeById: keyedLoader(
      (ids: readonly number[]) =>
        prisma.discountCode.findMany({ where: { id: { in: [...ids] } }, select: { id: true, code: true } }),
      (d) => d.id,
    ),
    /** `Customer.orders(…)`: one keyset page per customer, every customer of the request in one statement. */
    ordersOfCustomers: keysetConnectionLoader<OrderRecord, OrderFilterValue>({
      keys: ORDER_SORT,
      maxPageSize,
      fetch: (customerIds, filter, q) =>
        prisma.$queryRaw<(OrderRecord & { _parent: number })[]>(
          pagesPerParent(
            customerIds,
            ORDER_COLUMNS,
            Prisma.sql`FROM orders o WHERE o.customer_id = parent.id AND ${orderFilterSql(filter)}`,
            q,
          ),
        ),
      count: (customerIds, filter) => prisma.$queryRaw<{ parent: number; count: number }[]>`
        SELECT o.customer_id AS parent, count(*)::int AS count FROM orders o
        WHERE o.customer_id = ANY(${[...customerIds]}::int[]) AND ${orderFilterSql(filter)}
        GROUP BY o.customer_id`,
    }),
  };
}

export type OrderLoaders = ReturnType<typeof createOrderLoaders>;
