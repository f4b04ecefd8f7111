import type { Order, OrderItem, OrderStatusEvent } from '../../generated/prisma/client';
import type { UserError } from '../../graphql/errors';

export type OrderRecord = Order;
export type OrderEventRecord = OrderStatusEvent;
/** An order line with its order's currency. */
export type OrderLineRecord = OrderItem & { currency: string };

/** checkout / order mutations before the id becomes an Order. */
export interface OrderResult {
  orderId: number | null;
  userErrors: UserError[];
}

/** What `order:<id>` events carry (ids only: subscribers load the rest). */
export interface OrderStatusEventMessage {
  orderId: number;
  eventId: number;
}

/** One event of orderStatusChanged: the timeline row; the Order is loaded fresh for each. */
export interface OrderStatusChangeRecord {
  orderId: number;
  event: OrderStatusEvent;
}
