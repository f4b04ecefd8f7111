import type { Db } from '../../db/prisma';
import type { Prisma } from '../../generated/prisma/client';
import { userError, UserInputFailure, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import { CURRENT_PRICE_SQL, loadCartLines } from './cart-sql';
import { availableUnits } from './cart-view';
import type { CartLineRecord, CartRecord } from './cart.types';

/** A cart holds at most this many lines: every cart and checkout statement stays bounded. */
export const MAX_CART_LINES = 100;
/** Units per line. */
export const MAX_LINE_QUANTITY = 999;

export interface LineInput {
  variantId?: string | null;
  productId?: string | null;
  quantity?: number | null;
}
export interface LineUpdateInput {
  id: string;
  quantity: number;
}

interface Candidate {
  id: number;
  productId: number;
  isActive: boolean;
  stockOnHand: number;
  stockReserved: number;
  productStatus: string;
  currency: string;
  currentPrice: Prisma.Decimal;
}

const quantityError = (field: string[], min: number) =>
  userError('INVALID_QUANTITY', `Quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}`, field);
const validQuantity = (q: number, min: number) => Number.isInteger(q) && q >= min && q <= MAX_LINE_QUANTITY;
const onlyLeft = (free: number, field: string[]) =>
  userError('OUT_OF_STOCK', free === 0 ? 'Out of stock' : `Only ${free} available`, field);

/** The variants the inputs name, and the active variants of the products they name, in one statement. */
function candidates(db: Db, variantIds: number[], productIds: number[]) {
  return db.$queryRaw<Candidate[]>`
    SELECT v.id, v.product_id AS "productId", v.is_active AS "isActive", v.stock_on_hand AS "stockOnHand",
           v.stock_reserved AS "stockReserved", p.status::text AS "productStatus", trim(p.currency) AS currency,
           ${CURRENT_PRICE_SQL} AS "currentPrice"
    FROM product_variants v JOIN products p ON p.id = v.product_id
    WHERE v.id = ANY(${variantIds}::int[]) OR (v.product_id = ANY(${productIds}::int[]) AND v.is_active)`;
}

/** Which variant an input means: its variant, or the single active variant of its product. */
function resolveVariant(input: LineInput, at: string[], rows: Candidate[]): Candidate | UserError {
  const variantId = input.variantId == null ? null : tryGlobalIntId(input.variantId, 'ProductVariant');
  const productId = input.productId == null ? null : tryGlobalIntId(input.productId, 'Product');
  if (input.variantId != null) {
    const v = rows.find((r) => r.id === variantId);
    // A draft product is invisible: it answers like a variant that does not exist.
    if (!v || v.productStatus === 'draft' || (input.productId != null && v.productId !== productId))
      return userError('NOT_FOUND', 'Variant not found', [...at, 'variantId']);
    if (v.productStatus !== 'active' || !v.isActive)
      return userError('PRODUCT_UNAVAILABLE', 'This product is no longer sold', [...at, 'variantId']);
    return v;
  }
  if (input.productId == null)
    return userError('VARIANT_REQUIRED', 'Pass a variantId or a productId', [...at, 'variantId']);
  const options = rows.filter((r) => r.productId === productId && r.isActive);
  if (options.length === 0 || options[0]!.productStatus === 'draft')
    return userError('NOT_FOUND', 'Product not found', [...at, 'productId']);
  if (options[0]!.productStatus !== 'active')
    return userError('PRODUCT_UNAVAILABLE', 'This product is no longer sold', [...at, 'productId']);
  if (options.length > 1)
    return userError('VARIANT_REQUIRED', 'This product comes in several variants: pick one', [
      ...at,
      'variantId',
    ]);
  return options[0]!;
}

/**
 * Adds lines to a locked, active cart: a variant already in the cart gets the quantities summed.
 * Refuses (and writes nothing) when a quantity is out of 1–999, a product is unknown or no longer
 * sold, the units are not available, the currency differs from the cart's, or the cart would hold
 * more than 100 lines. Each added line's price snapshot becomes the current price.
 */
export async function addLines(
  db: Db,
  cart: CartRecord,
  inputs: LineInput[],
  field: string[],
): Promise<void> {
  const errors: UserError[] = [];
  const variantIds = inputs.flatMap((i) =>
    i.variantId == null ? [] : [tryGlobalIntId(i.variantId, 'ProductVariant') ?? -1],
  );
  const productIds = inputs.flatMap((i) =>
    i.variantId == null && i.productId != null ? [tryGlobalIntId(i.productId, 'Product') ?? -1] : [],
  );
  const [rows, existing] = await Promise.all([
    candidates(db, variantIds, productIds),
    loadCartLines(db, [cart.id]),
  ]);
  const added = new Map<number, { v: Candidate; quantity: number; at: string[] }>();
  let currency = existing.length > 0 ? cart.currency : null;
  inputs.forEach((input, i) => {
    const at = [...field, String(i)];
    const quantity = input.quantity ?? 1;
    if (!validQuantity(quantity, 1)) return void errors.push(quantityError([...at, 'quantity'], 1));
    const v = resolveVariant(input, at, rows);
    if ('code' in v) return void errors.push(v);
    currency ??= v.currency;
    if (v.currency !== currency)
      return void errors.push(
        userError(
          'CURRENCY_MISMATCH',
          `This cart is in ${currency}; the product is sold in ${v.currency}`,
          at,
        ),
      );
    const prev = added.get(v.id);
    added.set(v.id, { v, quantity: (prev?.quantity ?? 0) + quantity, at });
  });
  for (const { v, quantity, at } of added.values()) {
    const total = quantity + (existing.find((l) => l.variant.id === v.id)?.quantity ?? 0);
    if (total > MAX_LINE_QUANTITY) errors.push(quantityError([...at, 'quantity'], 1));
    else if (total > availableUnits(v)) errors.push(onlyLeft(availableUnits(v), [...at, 'quantity']));
  }
  const lineCount = new Set([...existing.map((l) => l.variant.id), ...added.keys()]).size;
  if (lineCount > MAX_CART_LINES)
    errors.push(userError('CART_FULL', `A cart holds at most ${MAX_CART_LINES} lines`, field));
  if (errors.length > 0) throw new UserInputFailure(errors);
  if (added.size === 0) return;

  const entries = [...added.values()].map(({ v, quantity }) => ({
    v,
    quantity: quantity + (existing.find((l) => l.variant.id === v.id)?.quantity ?? 0),
  }));
  await db.$executeRaw`
    INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price)
    SELECT ${cart.id}::uuid, x.v, x.q, x.p
    FROM unnest(${entries.map((e) => e.v.id)}::int[], ${entries.map((e) => e.quantity)}::int[],
                ${entries.map((e) => e.v.currentPrice.toFixed(2))}::numeric[]) AS x(v, q, p)
    ON CONFLICT (cart_id, variant_id)
    DO UPDATE SET quantity = EXCLUDED.quantity, unit_price = EXCLUDED.unit_price, updated_at = now()`;
  if (currency !== cart.currency)
    await db.$executeRaw`UPDATE carts SET currency = ${currency} WHERE id = ${cart.id}::uuid`;
}

/** The cart's lines named by CartLine IDs; an ID of another cart's line answers NOT_FOUND at its field. */
function ownLines(existing: CartLineRecord[], ids: string[], field: (i: number) => string[]) {
  const errors: UserError[] = [];
  const lines = ids.map((gid, i) => {
    const id = tryGlobalIntId(gid, 'CartLine');
    const line = existing.find((l) => l.id === id);
    if (!line) errors.push(userError('NOT_FOUND', 'Line not found in this cart', field(i)));
    return line;
  });
  return { lines, errors };
}

/**
 * Sets line quantities (0 removes a line). A line may always shrink; it may grow only while the
 * units are available. Changed lines take the current price as their snapshot.
 */
export async function updateLines(db: Db, cart: CartRecord, inputs: LineUpdateInput[]): Promise<void> {
  const existing = await loadCartLines(db, [cart.id]);
  const { lines, errors } = ownLines(
    existing,
    inputs.map((i) => i.id),
    (i) => ['lines', String(i), 'id'],
  );
  const next = new Map<number, { line: CartLineRecord; quantity: number }>();
  inputs.forEach((input, i) => {
    const line = lines[i];
    const at = ['lines', String(i), 'quantity'];
    if (!validQuantity(input.quantity, 0)) return void errors.push(quantityError(at, 0));
    if (!line) return;
    if (input.quantity > line.quantity) {
      if (line.productStatus !== 'active' || !line.variant.isActive)
        return void errors.push(userError('PRODUCT_UNAVAILABLE', 'This product is no longer sold', at));
      if (input.quantity > availableUnits(line.variant))
        return void errors.push(onlyLeft(availableUnits(line.variant), at));
    }
    next.set(line.id, { line, quantity: input.quantity });
  });
  if (errors.length > 0) throw new UserInputFailure(errors);
  const changes = [...next.values()];
  const removed = changes.filter((c) => c.quantity === 0).map((c) => c.line.id);
  const kept = changes.filter((c) => c.quantity > 0);
  if (removed.length > 0) await db.$executeRaw`DELETE FROM cart_items WHERE id = ANY(${removed}::int[])`;
  if (kept.length > 0)
    await db.$executeRaw`
      UPDATE cart_items SET quantity = x.q, unit_price = x.p, updated_at = now()
      FROM unnest(${kept.map((c) => c.line.id)}::int[], ${kept.map((c) => c.quantity)}::int[],
                  ${kept.map((c) => c.line.currentPrice.toFixed(2))}::numeric[]) AS x(id, q, p)
      WHERE cart_items.id = x.id`;
}

/** Removes lines by CartLine ID; every ID must name a line of this cart. */
export async function removeLines(db: Db, cart: CartRecord, lineIds: string[]): Promise<void> {
  const existing = await loadCartLines(db, [cart.id]);
  const { lines, errors } = ownLines(existing, lineIds, (i) => ['lineIds', String(i)]);
  if (errors.length > 0) throw new UserInputFailure(errors);
  await db.$executeRaw`DELETE FROM cart_items WHERE id = ANY(${lines.map((l) => l!.id)}::int[])`;
}
