import type { CheckoutInput } from '../../generated/graphql';
import { requireViewer } from '../../graphql/access';
import { notFound, userError, type UserError } from '../../graphql/errors';
import { tryGlobalIntId, tryGlobalUuid } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { CURRENT_PRICE_SQL } from '../cart/cart-sql';
import { TX_OPTIONS } from '../cart/cart.service';
import { addressData, checkAddress } from '../customers/account.service';
import type { OrderResult } from './orders.types';
import { PAYMENT_PROVIDERS } from './payments/providers';
import { CheckoutRefusal, orderIdForKey, placeOrder, type AddressSnapshot } from './place-order';

/** How often a checkout that lost a deadlock to another transaction is run again. */
const ATTEMPTS = 3;

/** The address of an input: given inline, or an ID from the viewer's address book. */
async function resolveAddress(
  ctx: GraphQLContext,
  customerId: number,
  inline: CheckoutInput['shippingAddress'],
  id: string | null | undefined,
  field: 'shippingAddress' | 'billingAddress',
): Promise<AddressSnapshot | UserError[] | null> {
  if (inline && id != null)
    return [userError('INVALID', `Pass ${field} or ${field}Id, not both`, ['input', field])];
  if (inline) {
    const errors = checkAddress(inline, ['input', field]);
    return errors.length > 0 ? errors : addressData(inline);
  }
  if (id == null) return null;
  const localId = tryGlobalIntId(id, 'CustomerAddress');
  const row = localId === null ? null : await ctx.loaders.customers.addressById.load(localId);
  if (!row || row.customerId !== customerId)
    return [userError('NOT_FOUND', 'Address not found', ['input', `${field}Id`])];
  const { firstName, lastName, line1, line2, city, state, postalCode, country, phone } = row;
  return { firstName, lastName, line1, line2, city, state, postalCode, country, phone };
}

const isErrors = (x: unknown): x is UserError[] => Array.isArray(x);

/** A database error of one of these SQLSTATEs (Prisma wraps them in its own errors). */
function sqlState(err: unknown, ...codes: string[]): boolean {
  const e = err as { code?: string; meta?: Record<string, unknown>; message?: string };
  const text = `${e.code ?? ''} ${JSON.stringify(e.meta ?? {})} ${e.message ?? ''}`;
  return codes.some((c) => text.includes(c));
}

/**
 * `checkout`: validates the input (writing nothing on a problem), answers the earlier order for a
 * known idempotency key, else places the order in one transaction (place-order.ts). Refusals come
 * back as userErrors with nothing written; PRICE_CHANGED also refreshes the cart's price references
 * so the shopper sees, and a second checkout accepts, the new prices. Duplicates of one key sent
 * at the same moment wait on the cart lock and answer the same order; a key reused on another cart
 * is settled by the unique index.
 */
export async function checkout(ctx: GraphQLContext, input: CheckoutInput): Promise<OrderResult> {
  const viewer = requireViewer(ctx);
  const cartId = tryGlobalUuid(input.cartId, 'Cart');
  if (cartId === null) throw notFound('Cart');
  const key = input.idempotencyKey.trim();
  const errors: UserError[] = [];
  if (key.length === 0 || key.length > 255)
    errors.push(userError('INVALID', 'idempotencyKey must be 1–255 characters', ['input', 'idempotencyKey']));
  if (input.notes != null && input.notes.length > 1000)
    errors.push(userError('TOO_LONG', 'Notes are at most 1000 characters', ['input', 'notes']));
  if (input.paymentToken != null && input.paymentToken.length > 255)
    errors.push(userError('TOO_LONG', 'paymentToken is at most 255 characters', ['input', 'paymentToken']));
  const shipping = await resolveAddress(
    ctx,
    viewer.customerId,
    input.shippingAddress,
    input.shippingAddressId,
    'shippingAddress',
  );
  const billing = await resolveAddress(
    ctx,
    viewer.customerId,
    input.billingAddress,
    input.billingAddressId,
    'billingAddress',
  );
  if (shipping === null)
    errors.push(
      userError('ADDRESS_REQUIRED', 'Give a shipping address or shippingAddressId', [
        'input',
        'shippingAddress',
      ]),
    );
  for (const a of [shipping, billing]) if (isErrors(a)) errors.push(...a);
  if (errors.length > 0 || isErrors(shipping) || isErrors(billing) || shipping === null)
    return { orderId: null, userErrors: errors };

  const earlier = await orderIdForKey(ctx.prisma, viewer.customerId, key);
  if (earlier !== null) return { orderId: earlier, userErrors: [] };
  const order = {
    customerId: viewer.customerId,
    cartId,
    shipping,
    billing,
    provider: PAYMENT_PROVIDERS[input.paymentMethod],
    paymentToken: input.paymentToken ?? null,
    idempotencyKey: key,
    notes: input.notes?.trim() || null,
    channel: ctx.transport === 'websocket' ? ('websocket' as const) : ('web' as const),
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const orderId = await ctx.prisma.$transaction((tx) => placeOrder(tx, ctx, order), TX_OPTIONS);
      ctx.loaders.cart.view.clear(cartId);
      return { orderId, userErrors: [] };
    } catch (err) {
      if (err instanceof CheckoutRefusal) {
        if (err.repriceCart) await refreshPriceReferences(ctx, cartId);
        return { orderId: null, userErrors: err.userErrors };
      }
      // The same key placed an order from another cart at the same moment: that order is the answer.
      if (sqlState(err, '23505') && sqlState(err, 'idempotency_key')) {
        const winner = await orderIdForKey(ctx.prisma, viewer.customerId, key);
        if (winner !== null) return { orderId: winner, userErrors: [] };
      }
      if (attempt < ATTEMPTS && sqlState(err, '40P01', '40001')) continue;
      throw err;
    }
  }
}

/** After PRICE_CHANGED: the cart's lines take their current prices as their references. */
async function refreshPriceReferences(ctx: GraphQLContext, cartId: string) {
  await ctx.prisma.$executeRaw`
    UPDATE cart_items ci SET unit_price = ${CURRENT_PRICE_SQL}, updated_at = now()
    FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE ci.cart_id = ${cartId}::uuid AND v.id = ci.variant_id AND ci.unit_price <> ${CURRENT_PRICE_SQL}`;
  ctx.loaders.cart.view.clear(cartId);
}
