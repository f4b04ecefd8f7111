import type { Db, PrismaTx } from '../../db/prisma';
import { badUserInput, notFound, userError, UserInputFailure, type UserError } from '../../graphql/errors';
import { tryGlobalUuid } from '../../graphql/global-id';
import type { GraphQLContext, Viewer } from '../../server/context';
import {
  addLines,
  MAX_CART_LINES,
  removeLines,
  updateLines,
  type LineInput,
  type LineUpdateInput,
} from './cart-lines';
import { loadCartLines, loadCarts } from './cart-sql';
import { priceView } from './cart-view';
import type { CartRecord, CartResult, CartView } from './cart.types';
import { discountProblem } from './pricing';

/** Interactive transactions of the cart and checkout: wait for a connection under load, never forever. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/**
 * Who may see and change a cart: a guest cart anyone holding its (unguessable) id, until it
 * expires; a customer's cart only that customer. Everything else answers like a missing cart.
 */
export function canUseCart(
  viewer: Viewer | null,
  cart: Pick<CartRecord, 'customerId' | 'expiresAt'>,
): boolean {
  if (cart.customerId === null) return cart.expiresAt === null || cart.expiresAt.getTime() > Date.now();
  return viewer?.customerId === cart.customerId;
}

/** `cart(id)`: the priced cart, or null when missing or not the viewer's. */
export async function getCart(ctx: GraphQLContext, gid: string): Promise<CartView | null> {
  const id = tryGlobalUuid(gid, 'Cart');
  const view = id === null ? null : await ctx.loaders.cart.view.load(id);
  return view && canUseCart(ctx.viewer, view.cart) ? view : null;
}

/** A cart a mutation just answered for (access was checked by the mutation). */
export const cartById = (ctx: GraphQLContext, id: string) => ctx.loaders.cart.view.load(id);

/** `Customer.cart`: the customer's active cart (resolvers only reach it for the owner or an admin). */
export async function customerCart(ctx: GraphQLContext, customerId: number): Promise<CartView | null> {
  const row = await ctx.loaders.cart.activeCartIdByCustomer.load(customerId);
  return row ? ctx.loaders.cart.view.load(row.id) : null;
}

const checkCountry = (country: string | null | undefined, field: string[]): UserError | null =>
  country == null || /^[A-Za-z]{2}$/.test(country.trim())
    ? null
    : userError('INVALID_COUNTRY', 'Use a two-letter ISO country code, e.g. DE', field);

function assertBounded(items: unknown[] | null | undefined, field: string) {
  if (items && items.length > MAX_CART_LINES)
    throw badUserInput(`At most ${MAX_CART_LINES} entries`, [field]);
}

/** A change is done: the cart moves to the top of "recently changed" and a guest cart lives on. */
async function touchCart(db: Db, cartId: string, guestTtlDays: number) {
  await db.$executeRaw`
    UPDATE carts SET updated_at = now(),
      expires_at = CASE WHEN customer_id IS NULL THEN now() + make_interval(days => ${guestTtlDays}::int) END
    WHERE id = ${cartId}::uuid`;
}

/** Runs a cart change in a transaction; userErrors roll it back and come back with the unchanged cart. */
async function answer(
  ctx: GraphQLContext,
  cartId: string | null,
  run: () => Promise<string | null>,
): Promise<CartResult> {
  try {
    const id = await run();
    if (id) ctx.loaders.cart.view.clear(id);
    return { cartId: id, userErrors: [] };
  } catch (err) {
    if (err instanceof UserInputFailure) return { cartId, userErrors: err.userErrors };
    throw err;
  }
}

/**
 * The frame of every cart mutation: decode the id, lock the cart row (concurrent changes of one
 * cart run one after the other), check the viewer may use it and that it is still active, apply
 * the change, slide a guest cart's expiry.
 */
function changeCart(
  ctx: GraphQLContext,
  gid: string,
  change: (tx: PrismaTx, cart: CartRecord) => Promise<void>,
): Promise<CartResult> {
  const id = tryGlobalUuid(gid, 'Cart');
  if (id === null) throw notFound('Cart');
  return answer(ctx, id, () =>
    ctx.prisma.$transaction(async (tx) => {
      const [cart] = await loadCarts(tx, [id], { forUpdate: true });
      if (!cart || !canUseCart(ctx.viewer, cart)) throw notFound('Cart');
      if (cart.status !== 'active')
        throw new UserInputFailure([
          userError('CART_NOT_ACTIVE', `This cart is ${cart.status} and can no longer change`, ['cartId']),
        ]);
      await change(tx, cart);
      await touchCart(tx, id, ctx.config.GUEST_CART_TTL_DAYS);
      return id;
    }, TX_OPTIONS),
  );
}

/**
 * `cartCreate`: a guest cart when anonymous; for a customer, their active cart (created if they
 * have none: one active cart per customer). Lines and country are applied in the same transaction.
 */
export function createCart(
  ctx: GraphQLContext,
  input: { lines?: LineInput[] | null; country?: string | null } = {},
): Promise<CartResult> {
  assertBounded(input.lines, 'input.lines');
  const countryError = checkCountry(input.country, ['input', 'country']);
  if (countryError) return Promise.resolve({ cartId: null, userErrors: [countryError] });
  const country = input.country?.trim().toUpperCase() ?? null;
  const customerId = ctx.viewer?.customerId ?? null;
  return answer(ctx, null, () =>
    ctx.prisma.$transaction(async (tx) => {
      const id =
        customerId === null
          ? await insertGuestCart(tx, ctx.config.GUEST_CART_TTL_DAYS)
          : await ownActiveCart(tx, customerId);
      const [cart] = await loadCarts(tx, [id], { forUpdate: true });
      if (country && cart!.country !== country)
        await tx.$executeRaw`UPDATE carts SET country = ${country} WHERE id = ${id}::uuid`;
      if (input.lines?.length) await addLines(tx, cart!, input.lines, ['input', 'lines']);
      await touchCart(tx, id, ctx.config.GUEST_CART_TTL_DAYS);
      return id;
    }, TX_OPTIONS),
  );
}

async function insertGuestCart(tx: PrismaTx, ttlDays: number): Promise<string> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO carts (expires_at) VALUES (now() + make_interval(days => ${ttlDays}::int)) RETURNING id::text`;
  return row!.id;
}

/** The customer's active cart, created when there is none (the partial unique index settles races). */
async function ownActiveCart(tx: PrismaTx, customerId: number): Promise<string> {
  await tx.$executeRaw`
    INSERT INTO carts (customer_id) VALUES (${customerId})
    ON CONFLICT (customer_id) WHERE status = 'active' DO NOTHING`;
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM carts WHERE customer_id = ${customerId} AND status = 'active'`;
  return row!.id;
}

/**
 * Adds lines to a customer's active cart (created when they have none) inside the caller's
 * transaction, for flows that fill the cart from elsewhere (wishlist, assistant). Refusals throw
 * UserInputFailure with `field` paths under `field`.
 */
export async function addToCustomerCart(
  tx: PrismaTx,
  ctx: GraphQLContext,
  customerId: number,
  lines: LineInput[],
  field: string[],
): Promise<string> {
  const id = await ownActiveCart(tx, customerId);
  const [cart] = await loadCarts(tx, [id], { forUpdate: true });
  await addLines(tx, cart!, lines, field);
  await touchCart(tx, id, ctx.config.GUEST_CART_TTL_DAYS);
  ctx.loaders.cart.view.clear(id);
  return id;
}

export function addCartLines(ctx: GraphQLContext, cartId: string, lines: LineInput[]) {
  assertBounded(lines, 'lines');
  return changeCart(ctx, cartId, (tx, cart) => addLines(tx, cart, lines, ['lines']));
}

export function updateCartLines(ctx: GraphQLContext, cartId: string, lines: LineUpdateInput[]) {
  assertBounded(lines, 'lines');
  return changeCart(ctx, cartId, (tx, cart) => updateLines(tx, cart, lines));
}

export function removeCartLines(ctx: GraphQLContext, cartId: string, lineIds: string[]) {
  assertBounded(lineIds, 'lineIds');
  return changeCart(ctx, cartId, (tx, cart) => removeLines(tx, cart, lineIds));
}

/** `cartClear`: no lines, no code; the cart itself stays (and keeps its id). */
export function clearCart(ctx: GraphQLContext, cartId: string) {
  return changeCart(ctx, cartId, async (tx, cart) => {
    await tx.$executeRaw`DELETE FROM cart_items WHERE cart_id = ${cart.id}::uuid`;
    await tx.$executeRaw`UPDATE carts SET discount_code_id = NULL WHERE id = ${cart.id}::uuid`;
  });
}

/**
 * `cartDiscountCodeApply`: the code must exist and apply to the cart as it is now (active, in its
 * window, uses left, minimum met, same currency). Checkout checks it again, atomically with the use.
 */
export function applyDiscountCode(ctx: GraphQLContext, cartId: string, code: string) {
  return changeCart(ctx, cartId, async (tx, cart) => {
    const typed = code.trim();
    const found =
      typed.length === 0 || typed.length > 64
        ? null
        : await tx.discountCode.findUnique({ where: { code: typed } });
    if (!found)
      throw new UserInputFailure([userError('DISCOUNT_INVALID', 'Unknown discount code', ['code'])]);
    const lines = await loadCartLines(tx, [cart.id]);
    const priced = priceView(cart, lines, ctx.config);
    const problem = discountProblem(
      found,
      { subtotal: priced.totals.subtotal, currency: cart.currency },
      new Date(),
    );
    if (problem) throw new UserInputFailure([userError(problem, DISCOUNT_MESSAGES[problem], ['code'])]);
    await tx.$executeRaw`UPDATE carts SET discount_code_id = ${found.id} WHERE id = ${cart.id}::uuid`;
  });
}

export const DISCOUNT_MESSAGES = {
  DISCOUNT_INVALID: 'This discount code is not valid for this cart',
  DISCOUNT_MINIMUM_NOT_MET: 'The cart does not reach the minimum subtotal of this code',
  DISCOUNT_USAGE_LIMIT_REACHED: 'This discount code has been used up',
} as const;

export function removeDiscountCode(ctx: GraphQLContext, cartId: string) {
  return changeCart(ctx, cartId, async (tx, cart) => {
    await tx.$executeRaw`UPDATE carts SET discount_code_id = NULL WHERE id = ${cart.id}::uuid`;
  });
}

/** `cartCountryUpdate`: the country tax and shipping are estimated for (null: back to the default). */
export function updateCartCountry(ctx: GraphQLContext, cartId: string, country: string | null | undefined) {
  const error = checkCountry(country, ['country']);
  if (error) return Promise.resolve({ cartId: null, userErrors: [error] });
  return changeCart(ctx, cartId, async (tx, cart) => {
    const value = country?.trim().toUpperCase() ?? null;
    await tx.$executeRaw`UPDATE carts SET country = ${value} WHERE id = ${cart.id}::uuid`;
  });
}
