import type { PrismaTx } from '../../db/prisma';
import { notFound, userError, UserInputFailure, type UserError } from '../../graphql/errors';
import { toGlobalId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { loadCartLines, loadCarts } from '../cart/cart-sql';
import { availableUnits, pricingRules } from '../cart/cart-view';
import type { CartLineRecord } from '../cart/cart.types';
import { DISCOUNT_MESSAGES } from '../cart/cart.service';
import { discountProblem, formatCents, priceCart, toCents, type Totals } from '../cart/pricing';
import { newOrderNumber } from './order-number';
import { recordEvent } from './order-transitions';
import type { PaymentProvider } from './payments/providers';
import { changeStock, countSold } from './stock';

/** An address as orders snapshot it (AddressInput, trimmed). */
export interface AddressSnapshot {
  firstName: string;
  lastName: string;
  line1: string;
  line2: string | null;
  city: string;
  state: string | null;
  postalCode: string;
  country: string;
  phone: string | null;
}

export interface PlaceOrderInput {
  customerId: number;
  cartId: string;
  shipping: AddressSnapshot;
  /** null: same as shipping. */
  billing: AddressSnapshot | null;
  provider: PaymentProvider;
  paymentToken: string | null;
  idempotencyKey: string;
  notes: string | null;
  channel: 'web' | 'websocket';
}

/** Largest amount numeric(12,2) holds. */
const MAX_AMOUNT = toCents('9999999999.99');

/** Refuses the checkout: the transaction rolls back; `repriceCart` asks the caller to refresh the cart's price references. */
export class CheckoutRefusal extends UserInputFailure {
  constructor(
    userErrors: UserError[],
    readonly repriceCart = false,
  ) {
    super(userErrors);
  }
}

const lineField = (l: CartLineRecord) => ['cart', 'lines', toGlobalId('CartLine', l.id)];

/** Why lines cannot be bought as they are (every line is checked, so the shopper sees all at once). */
function lineProblems(lines: CartLineRecord[]): UserError[] {
  return lines.flatMap((l) => {
    const sku = l.variant.sku;
    if (l.productStatus !== 'active' || !l.variant.isActive)
      return [userError('PRODUCT_UNAVAILABLE', `${sku} is no longer sold`, lineField(l))];
    const free = availableUnits(l.variant);
    if (free < l.quantity)
      return [
        userError(
          'OUT_OF_STOCK',
          free === 0 ? `${sku} is out of stock` : `Only ${free} of ${sku} available`,
          lineField(l),
        ),
      ];
    if (toCents(l.currentPrice) !== toCents(l.unitPriceAtAdd))
      return [
        userError(
          'PRICE_CHANGED',
          `The price of ${sku} changed from ${l.unitPriceAtAdd.toFixed(2)} to ${l.currentPrice.toFixed(2)}`,
          lineField(l),
        ),
      ];
    return [];
  });
}

/** The order this customer already placed with this key, if any. */
export async function orderIdForKey(
  db: PrismaTx | GraphQLContext['prisma'],
  customerId: number,
  key: string,
) {
  const [row] = await db.$queryRaw<{ id: number }[]>`
    SELECT id FROM orders WHERE customer_id = ${customerId} AND idempotency_key = ${key}`;
  return row?.id ?? null;
}

/**
 * Places an order from a cart, in the caller's transaction, in this order:
 * 1. lock the cart row (checkouts of one cart, and so of one idempotency key, run one at a time)
 *    and answer the earlier order when this key already placed one;
 * 2. read the lines and row-lock their variants in id order (no deadlocks between carts);
 * 3. refuse, writing nothing, what cannot be bought: empty cart, unavailable or out-of-stock lines,
 *    changed prices, a code that no longer applies;
 * 4. price with the same module as the cart, for the shipping country;
 * 5. use the discount code with a conditional UPDATE (its usage limit holds under any concurrency);
 * 6. start the payment (a declined one refuses the checkout);
 * 7. write the order (a random human-readable number), its line snapshots, its stock movements
 *    (units taken, or held for a manual payment, never below zero or the reserved units), the
 *    timeline, the payment, the sold counts; convert the cart; enqueue the confirmation.
 */
export async function placeOrder(tx: PrismaTx, ctx: GraphQLContext, input: PlaceOrderInput): Promise<number> {
  const [cart] = await loadCarts(tx, [input.cartId], { forUpdate: true });
  if (!cart || cart.customerId !== input.customerId) throw notFound('Cart');
  const earlier = await orderIdForKey(tx, input.customerId, input.idempotencyKey);
  if (earlier !== null) return earlier;
  if (cart.status !== 'active')
    throw new CheckoutRefusal([
      userError('CART_NOT_ACTIVE', `This cart is ${cart.status}`, ['input', 'cartId']),
    ]);
  const lines = await loadCartLines(tx, [cart.id], { lockVariants: true });
  if (lines.length === 0)
    throw new CheckoutRefusal([userError('CART_EMPTY', 'The cart is empty', ['input', 'cartId'])]);

  const errors = lineProblems(lines);
  const pricing = lines.map((l) => ({ unitPrice: toCents(l.currentPrice), quantity: l.quantity }));
  const subtotal = pricing.reduce((s, l) => s + l.unitPrice * BigInt(l.quantity), 0n);
  const codeProblem =
    cart.discount && discountProblem(cart.discount, { subtotal, currency: cart.currency }, new Date());
  if (codeProblem)
    errors.push(userError(codeProblem, DISCOUNT_MESSAGES[codeProblem], ['cart', 'discountCode']));
  if (errors.length > 0)
    throw new CheckoutRefusal(
      errors,
      errors.some((e) => e.code === 'PRICE_CHANGED'),
    );

  const totals = priceCart(pricing, cart.discount, pricingRules(ctx.config, input.shipping.country));
  if (totals.total > MAX_AMOUNT)
    throw new CheckoutRefusal([
      userError('AMOUNT_TOO_LARGE', 'The order total is too large', ['input', 'cartId']),
    ]);
  if (cart.discountCodeId !== null) await useDiscountCode(tx, cart.discountCodeId);

  const number = newOrderNumber();
  const payment = await input.provider.authorize({
    orderNumber: number,
    amount: formatCents(totals.total),
    currency: cart.currency,
    token: input.paymentToken,
  });
  if (payment.status === 'failed')
    throw new CheckoutRefusal([userError('PAYMENT_DECLINED', payment.message, ['input', 'paymentMethod'])]);

  const held = payment.status === 'pending';
  const transactionId = payment.status === 'authorized' ? payment.transactionId : null;
  const orderId = await insertOrder(tx, ctx, input, {
    number,
    totals,
    currency: cart.currency,
    held,
    transactionId,
    discountCodeId: cart.discountCodeId,
  });
  await tx.$executeRaw`
    INSERT INTO order_items (order_id, product_id, variant_id, product_name, variant_name, sku, unit_price, quantity, line_total)
    SELECT ${orderId}, x.product_id, x.variant_id, x.product_name, x.variant_name, x.sku, x.unit_price, x.quantity, x.unit_price * x.quantity
    FROM unnest(${lines.map((l) => l.productId)}::int[], ${lines.map((l) => l.variant.id)}::int[],
                ${lines.map((l) => l.productName)}::text[], ${lines.map((l) => l.variant.name)}::text[],
                ${lines.map((l) => l.variant.sku)}::text[], ${lines.map((l) => l.currentPrice.toFixed(2))}::numeric[],
                ${lines.map((l) => l.quantity)}::int[])
      AS x(product_id, variant_id, product_name, variant_name, sku, unit_price, quantity)`;
  const stockLines = lines.map((l) => ({ variantId: l.variant.id, quantity: l.quantity }));
  if (!(await changeStock(tx, held ? 'reserve' : 'sell', stockLines, { orderId, actorId: input.customerId })))
    throw new Error(`checkout of cart ${cart.id}: stock changed under a row lock`);
  await recordEvent(tx, orderId, null, 'pending', 'Order placed', input.customerId);
  if (!held)
    await recordEvent(
      tx,
      orderId,
      'pending',
      'confirmed',
      `Payment authorized (${input.provider.label})`,
      null,
    );
  await tx.$executeRaw`
    INSERT INTO payments (order_id, provider, amount, currency, status, provider_transaction_id, authorized_at)
    VALUES (${orderId}, ${input.provider.code}::payment_provider, ${formatCents(totals.total)}::numeric, ${cart.currency},
            ${held ? 'pending' : 'authorized'}::payment_status, ${transactionId}, CASE WHEN ${held} THEN NULL ELSE now() END)`;
  await countSold(
    tx,
    lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    1,
  );
  await tx.$executeRaw`
    UPDATE carts SET status = 'converted', converted_at = now(), updated_at = now() WHERE id = ${cart.id}::uuid`;
  await ctx.jobs.send('order.confirmation', { orderId }, { tx });
  return orderId;
}

/** Counts one use of a code, only while uses are left: the row lock makes the limit exact. */
async function useDiscountCode(tx: PrismaTx, codeId: number) {
  const used = await tx.$executeRaw`
    UPDATE discount_codes SET used_count = used_count + 1, updated_at = now()
    WHERE id = ${codeId} AND (usage_limit IS NULL OR used_count < usage_limit)`;
  if (used === 0)
    throw new CheckoutRefusal([
      userError('DISCOUNT_USAGE_LIMIT_REACHED', DISCOUNT_MESSAGES.DISCOUNT_USAGE_LIMIT_REACHED, [
        'cart',
        'discountCode',
      ]),
    ]);
}

/** Inserts the order row; a (very unlikely) clash of random numbers draws another number. */
async function insertOrder(
  tx: PrismaTx,
  ctx: GraphQLContext,
  input: PlaceOrderInput,
  o: {
    number: string;
    totals: Totals;
    currency: string;
    held: boolean;
    transactionId: string | null;
    discountCodeId: number | null;
  },
): Promise<number> {
  const t = o.totals;
  for (let attempt = 0, number = o.number; attempt < 5; attempt++, number = newOrderNumber()) {
    const [row] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO orders (number, customer_id, status, payment_status, subtotal, tax_total, shipping_total, discount_total,
        total, currency, shipping_address, billing_address, payment_method, payment_transaction_id, idempotency_key,
        channel, cart_id, discount_code_id, notes, reservation_expires_at)
      VALUES (${number}, ${input.customerId}, ${o.held ? 'pending' : 'confirmed'}::order_status,
        ${o.held ? 'pending' : 'authorized'}::payment_status,
        ${formatCents(t.subtotal)}::numeric, ${formatCents(t.taxTotal)}::numeric, ${formatCents(t.shippingTotal)}::numeric,
        ${formatCents(t.discountTotal)}::numeric, ${formatCents(t.total)}::numeric, ${o.currency},
        ${JSON.stringify(input.shipping)}::jsonb, ${input.billing === null ? null : JSON.stringify(input.billing)}::jsonb,
        ${input.provider.label}, ${o.transactionId}, ${input.idempotencyKey}, ${input.channel}::client_channel,
        ${input.cartId}::uuid, ${o.discountCodeId}::int, ${input.notes},
        CASE WHEN ${o.held} THEN now() + make_interval(mins => ${ctx.config.UNPAID_ORDER_TIMEOUT_MINUTES}::int) END)
      ON CONFLICT (number) DO NOTHING
      RETURNING id`;
    if (row) return row.id;
  }
  throw new Error('could not draw a free order number');
}
