/**
 * The signed-in customer's own data: wishlist add and order status. Like the cart tools they act
 * for `scope.customerId` only (the conversation's customer): an order number that belongs to
 * someone else answers exactly like one that does not exist.
 */
import { z } from 'zod';
import { toGlobalId } from '../../../graphql/global-id';
import { addItem } from '../../wishlist/wishlist.service';
import { refusal, SIGN_IN } from './cart-tools';
import { productRefParameters, productRefShape, resolveProduct } from './refs';
import type { ToolDef } from './tool-types';

const wishlistArgs = z.object({ ...productRefShape }).strict();

export const addToWishlistTool: ToolDef<typeof wishlistArgs> = {
  name: 'add_to_wishlist',
  description:
    "Saves a product to the signed-in shopper's own wishlist (by position in the last list shown, selector, or id).",
  args: wishlistArgs,
  parameters: { type: 'object', properties: productRefParameters, additionalProperties: false },
  async run(scope, args) {
    if (scope.customerId == null || scope.ctx.viewer?.customerId !== scope.customerId) return SIGN_IN;
    const product = await resolveProduct(scope, args);
    if (!product) return refusal('WHICH_PRODUCT', 'Ask which product to save.');
    scope.memory.focus = product.productId;
    const result = await addItem(scope.ctx, {
      productId: toGlobalId('Product', product.productId),
      variantId: product.variantId == null ? null : toGlobalId('ProductVariant', product.variantId),
    });
    if (result.userErrors.length > 0) {
      const e = result.userErrors[0]!;
      return { ...refusal(e.code, e.message), products: [product] };
    }
    return {
      summary: `saved ${product.name}`,
      products: [product],
      data: { saved: { productId: product.productId, name: product.name, price: product.price } },
    };
  },
};

const orderArgs = z
  .object({
    /** An order number as the shopper typed it (e.g. "BZ-7K2M9Q"); none: the latest orders. */
    orderNumber: z.string().max(40).optional().nullable(),
  })
  .strict();

/** Order numbers as the shop prints them: letters, digits and dashes. */
const normalizeNumber = (n: string) => n.trim().toUpperCase().replace(/^#/, '');

export const orderStatusTool: ToolDef<typeof orderArgs> = {
  name: 'get_order_status',
  description:
    "Status of the signed-in shopper's own orders: one by its number, or the latest three. Includes payment, items, shipments and the latest tracking event.",
  args: orderArgs,
  parameters: {
    type: 'object',
    properties: { orderNumber: { type: 'string', description: 'Order number, e.g. BZ-7K2M9Q' } },
    additionalProperties: false,
  },
  async run(scope, args) {
    if (scope.customerId == null) return SIGN_IN;
    const number = args.orderNumber ? normalizeNumber(args.orderNumber) : null;
    // The customer's own orders only: the filter is the conversation's customer, never an argument.
    const orders = await scope.ctx.prisma.order.findMany({
      where: { customerId: scope.customerId, ...(number ? { number } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 3,
      select: {
        id: true,
        number: true,
        status: true,
        paymentStatus: true,
        total: true,
        currency: true,
        createdAt: true,
        items: { select: { productName: true, quantity: true }, orderBy: { id: 'asc' }, take: 5 },
        shipments: {
          orderBy: { id: 'desc' },
          take: 1,
          select: {
            carrier: true,
            trackingNumber: true,
            deliveredAt: true,
            events: {
              orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
              take: 1,
              select: { status: true, description: true, location: true, occurredAt: true },
            },
          },
        },
      },
    });
    if (orders.length === 0) {
      return number
        ? refusal('ORDER_NOT_FOUND', `No order ${number} on this account.`)
        : { summary: 'no orders', data: { orders: [] } };
    }
    return {
      summary: orders.map((o) => `${o.number} ${o.status}`).join(', '),
      data: {
        orders: orders.map((o) => {
          const shipment = o.shipments[0];
          const event = shipment?.events[0];
          return {
            number: o.number,
            status: o.status,
            paymentStatus: o.paymentStatus,
            placedAt: o.createdAt.toISOString(),
            total: o.total.toFixed(2),
            currency: o.currency,
            items: o.items.map((i) => ({ name: i.productName, quantity: i.quantity })),
            shipment: shipment
              ? {
                  carrier: shipment.carrier,
                  trackingNumber: shipment.trackingNumber,
                  deliveredAt: shipment.deliveredAt?.toISOString() ?? null,
                  latest: event
                    ? {
                        status: event.status,
                        description: event.description,
                        location: event.location,
                        at: event.occurredAt.toISOString(),
                      }
                    : null,
                }
              : null,
          };
        }),
      },
    };
  },
};
