import type { OrderFilter } from '../../generated/graphql';
import { Prisma } from '../../generated/prisma/client';
import { isAdmin } from '../../graphql/access';
import type { SortKey } from '../../graphql/connection';
import { forbidden } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import type { OrderStatus } from './order-state';

/** Order columns (`o`) under the field names of Prisma's `Order` model, for raw keyset queries. */
export const ORDER_COLUMNS = Prisma.raw(
  [
    'o.id',
    'o.number',
    'o.customer_id AS "customerId"',
    'o.status::text AS status',
    'o.payment_status::text AS "paymentStatus"',
    'o.subtotal',
    'o.tax_total AS "taxTotal"',
    'o.shipping_total AS "shippingTotal"',
    'o.discount_total AS "discountTotal"',
    'o.total',
    'o.currency',
    'o.shipping_address AS "shippingAddress"',
    'o.billing_address AS "billingAddress"',
    'o.payment_method AS "paymentMethod"',
    'o.payment_transaction_id AS "paymentTransactionId"',
    'o.idempotency_key AS "idempotencyKey"',
    'o.channel::text AS channel',
    'o.cart_id::text AS "cartId"',
    'o.discount_code_id AS "discountCodeId"',
    'o.conversation_id::text AS "conversationId"',
    'o.notes',
    'o.reservation_expires_at AS "reservationExpiresAt"',
    'o.cancelled_at AS "cancelledAt"',
    'o.created_at AS "createdAt"',
    'o.updated_at AS "updatedAt"',
  ].join(', '),
);

/** Newest first; the id breaks ties (orders placed in the same microsecond). */
export const ORDER_SORT: SortKey[] = [
  { expr: Prisma.sql`o.created_at`, direction: 'DESC', cast: 'timestamptz' },
  { expr: Prisma.sql`o.id`, direction: 'DESC', cast: 'int' },
];

/** An OrderFilter with ids resolved; a plain object so it can key a loader. */
export interface OrderFilterValue {
  statuses: OrderStatus[] | null;
  createdAfter: string | null;
  createdBefore: string | null;
  /** -1 for an id that names no customer: matches nothing. */
  customerId: number | null;
}

/** Resolves the GraphQL filter; only admins may ask for another customer's orders. */
export function toOrderFilter(ctx: GraphQLContext, input: OrderFilter | null | undefined): OrderFilterValue {
  if (input?.customerId != null && !isAdmin(ctx)) throw forbidden('Only admins filter orders by customer');
  const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());
  return {
    statuses: input?.status?.map((s) => s.toLowerCase() as OrderStatus) ?? null,
    createdAfter: iso(input?.createdAfter),
    createdBefore: iso(input?.createdBefore),
    customerId: input?.customerId == null ? null : (tryGlobalIntId(input.customerId, 'Customer') ?? -1),
  };
}

/** The filter as a WHERE condition on `o` (TRUE when empty). */
export function orderFilterSql(f: OrderFilterValue): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.statuses) parts.push(Prisma.sql`o.status = ANY(${f.statuses}::order_status[])`);
  if (f.createdAfter) parts.push(Prisma.sql`o.created_at >= ${f.createdAfter}::timestamptz`);
  if (f.createdBefore) parts.push(Prisma.sql`o.created_at < ${f.createdBefore}::timestamptz`);
  if (f.customerId !== null) parts.push(Prisma.sql`o.customer_id = ${f.customerId}`);
  return Prisma.join(parts, ' AND ');
}
