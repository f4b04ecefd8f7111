import type { Db } from '../../db/prisma';
import { tryGlobalUuid } from '../../graphql/global-id';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './cart-lines';

/** Decodes `guestCartId` (a Cart global ID); undefined when absent, null when malformed. */
export function parseGuestCartId(id: string | null | undefined): string | null | undefined {
  if (id == null) return undefined;
  return tryGlobalUuid(id, 'Cart');
}

interface GuestRow {
  id: string;
  customerId: number | null;
  status: string;
  mergedIntoId: string | null;
  expired: boolean;
  currency: string;
  discountCodeId: number | null;
}

/**
 * Hands a guest's cart to the customer signing in, inside the sign-in transaction (call it with
 * that `tx`: the cart moves exactly when the session is created). Only an active, unexpired guest
 * cart is taken (a cart id alone must not let anyone grab another customer's cart):
 *
 * - without an active cart of their own, the guest cart becomes the customer's cart;
 * - otherwise its lines move into the customer's cart: quantities are summed, but a sum never goes
 *   beyond the units available unless one of the carts already held more (a merge never shrinks
 *   a line); the customer's price snapshot and discount code win; the cart stays within 100 lines
 *   (guest lines beyond that stay on the guest cart). The guest cart is marked `merged` with a
 *   pointer to the customer's cart.
 *
 * Retry-safe: signing in again with the same guestCartId (a retried request, or two at once: the
 * customer row lock serializes them) finds the merge done and moves nothing twice.
 * Returns the customer's cart id after the merge, or null when the guest cart was not usable.
 */
export async function mergeGuestCart(
  tx: Db,
  customerId: number,
  guestCartId: string,
): Promise<string | null> {
  await tx.$queryRaw`SELECT id FROM customers WHERE id = ${customerId} FOR UPDATE`;
  const [guest] = await tx.$queryRaw<GuestRow[]>`
    SELECT id::text, customer_id AS "customerId", status::text, merged_into_id::text AS "mergedIntoId",
           coalesce(expires_at <= now(), false) AS expired, currency, discount_code_id AS "discountCodeId"
    FROM carts WHERE id = ${guestCartId}::uuid FOR UPDATE`;
  if (!guest) return null;
  if (guest.status === 'merged') return mergedIntoOwnCart(tx, guest, customerId);
  if (guest.status === 'active' && guest.customerId === customerId) return guest.id; // taken over before
  if (guest.status !== 'active' || guest.customerId !== null || guest.expired) return null;

  const [own] = await tx.$queryRaw<{ id: string; currency: string; lines: number }[]>`
    SELECT c.id::text, c.currency, (SELECT count(*)::int FROM cart_items i WHERE i.cart_id = c.id) AS lines
    FROM carts c WHERE c.customer_id = ${customerId} AND c.status = 'active' FOR UPDATE`;
  if (!own) {
    await tx.$executeRaw`
      UPDATE carts SET customer_id = ${customerId}, expires_at = NULL, updated_at = now() WHERE id = ${guest.id}::uuid`;
    return guest.id;
  }
  // One cart, one currency: a guest cart in another currency stays a guest cart.
  if (own.lines > 0 && own.currency !== guest.currency) return own.id;

  const moved = await tx.$queryRaw<{ variant_id: number }[]>`
    WITH guest_lines AS (
      SELECT g.variant_id, g.quantity, g.unit_price, o.quantity AS own_quantity, o.unit_price AS own_price,
             v.stock_on_hand - v.stock_reserved AS available,
             row_number() OVER (PARTITION BY o.id IS NULL ORDER BY g.created_at, g.id) AS nth_new
      FROM cart_items g
      JOIN product_variants v ON v.id = g.variant_id
      LEFT JOIN cart_items o ON o.cart_id = ${own.id}::uuid AND o.variant_id = g.variant_id
      WHERE g.cart_id = ${guest.id}::uuid)
    INSERT INTO cart_items AS ci (cart_id, variant_id, quantity, unit_price)
    SELECT ${own.id}::uuid, variant_id,
           LEAST(${MAX_LINE_QUANTITY}::int, quantity + coalesce(own_quantity, 0),
                 GREATEST(available, quantity, coalesce(own_quantity, 0))),
           coalesce(own_price, unit_price)
    FROM guest_lines
    WHERE own_quantity IS NOT NULL OR nth_new <= ${MAX_CART_LINES}::int - ${own.lines}::int
    ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()
    RETURNING ci.variant_id`;
  await tx.$executeRaw`
    DELETE FROM cart_items
    WHERE cart_id = ${guest.id}::uuid AND variant_id = ANY(${moved.map((m) => m.variant_id)}::int[])`;
  await tx.$executeRaw`
    UPDATE carts SET status = 'merged', merged_into_id = ${own.id}::uuid, merged_at = now(), updated_at = now()
    WHERE id = ${guest.id}::uuid`;
  await tx.$executeRaw`
    UPDATE carts SET currency = ${guest.currency}, updated_at = now(),
           discount_code_id = coalesce(discount_code_id, ${guest.discountCodeId}::int)
    WHERE id = ${own.id}::uuid`;
  return own.id;
}

/** A guest cart merged earlier: the same answer again if it went into this customer's cart. */
async function mergedIntoOwnCart(tx: Db, guest: GuestRow, customerId: number): Promise<string | null> {
  if (!guest.mergedIntoId) return null;
  const [target] = await tx.$queryRaw<{ customerId: number | null }[]>`
    SELECT customer_id AS "customerId" FROM carts WHERE id = ${guest.mergedIntoId}::uuid`;
  return target?.customerId === customerId ? guest.mergedIntoId : null;
}
