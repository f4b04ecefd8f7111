import type { Db } from '../../db/prisma';
import { tryGlobalUuid } from '../../graphql/global-id';

/** Decodes `guestCartId` (a Cart global ID); undefined when absent, null when malformed. */
export function parseGuestCartId(id: string | null | undefined): string | null | undefined {
  if (id == null) return undefined;
  return tryGlobalUuid(id, 'Cart');
}

/**
 * Hands a guest's cart to the customer who just signed in or registered. Only an active cart that
 * belongs to no one is taken (a cart id alone must not let anyone grab another customer's cart).
 * If the customer has no active cart, the guest cart becomes theirs; otherwise its lines move into
 * the customer's cart, quantities summed per variant, and the emptied guest cart is abandoned.
 * Returns the id of the customer's active cart after the merge, or null when nothing was merged.
 */
export async function mergeGuestCart(
  tx: Db,
  customerId: number,
  guestCartId: string,
): Promise<string | null> {
  const guest = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM carts WHERE id = ${guestCartId}::uuid AND customer_id IS NULL AND status = 'active'
    FOR UPDATE`;
  if (guest.length === 0) return null;
  const own = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM carts WHERE customer_id = ${customerId} AND status = 'active' FOR UPDATE`;
  if (own.length === 0) {
    await tx.$executeRaw`UPDATE carts SET customer_id = ${customerId}, updated_at = now() WHERE id = ${guestCartId}::uuid`;
    return guestCartId;
  }
  const target = own[0]!.id;
  await tx.$executeRaw`
    INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price)
    SELECT ${target}::uuid, variant_id, quantity, unit_price FROM cart_items WHERE cart_id = ${guestCartId}::uuid
    ON CONFLICT (cart_id, variant_id)
    DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity, updated_at = now()`;
  await tx.$executeRaw`DELETE FROM cart_items WHERE cart_id = ${guestCartId}::uuid`;
  await tx.$executeRaw`UPDATE carts SET status = 'abandoned', updated_at = now() WHERE id = ${guestCartId}::uuid`;
  await tx.$executeRaw`UPDATE carts SET updated_at = now() WHERE id = ${target}::uuid`;
  return target;
}
