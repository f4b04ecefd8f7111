import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { CURRENT_PRICE_SQL } from '../cart/cart-sql';
import type { WishlistItemRecord } from './wishlist.types';

/**
 * Whether a wishlist item (`wi`, its product `p`, its variant `v`) can be bought now: the product is
 * sold and the variant, or any variant of the product, has a unit free.
 */
export const AVAILABLE_SQL = Prisma.sql`
  (p.status = 'active' AND CASE WHEN wi.variant_id IS NULL
     THEN EXISTS (SELECT 1 FROM product_variants x
                  WHERE x.product_id = p.id AND x.is_active AND x.stock_on_hand > x.stock_reserved)
     ELSE v.is_active AND v.stock_on_hand > v.stock_reserved END)`;

/**
 * A wishlist item (`wi`) with its owner, its current price (the saved variant's own price, else the
 * product's current price) and whether it can be bought now (the variant, or any variant of the
 * product, has a unit free).
 */
export const ITEM_COLUMNS = Prisma.sql`
  wi.id, wi.wishlist_id AS "wishlistId", w.customer_id AS "customerId", wi.product_id AS "productId",
  wi.variant_id AS "variantId", wi.saved_price AS "savedPrice", wi.target_price AS "targetPrice",
  trim(wi.currency) AS currency, wi.alert_enabled AS "alertEnabled", wi.last_alerted_at AS "lastAlertedAt",
  wi.priority::text AS priority, wi.notes, wi.collection_name AS "collectionName",
  wi.created_at AS "createdAt", wi.updated_at AS "updatedAt",
  ${CURRENT_PRICE_SQL} AS "currentPrice", ${AVAILABLE_SQL} AS available`;

export const ITEM_FROM = Prisma.sql`
  wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id JOIN products p ON p.id = wi.product_id
  LEFT JOIN product_variants v ON v.id = wi.variant_id`;

export function loadItems(db: Db, ids: readonly number[]) {
  return db.$queryRaw<WishlistItemRecord[]>`
    SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE wi.id = ANY(${[...ids]}::int[])`;
}

/**
 * Resets what wishlist alerts compare an item with (alerts.service.ts), when the customer changes
 * what they asked for. Call it before the settings are written. `seen`: when alerts are off (or the
 * item was never seen), its availability now becomes the last seen — turning alerts on for a
 * sold-out item then alerts when it comes back, while an item already watched keeps a pending
 * change. `price` forgets the last alerted price (a new target may alert at any price at or below it).
 */
export async function resetAlertBaseline(db: Db, itemId: number, opts: { seen: boolean; price: boolean }) {
  if (!opts.seen && !opts.price) return;
  await db.$executeRaw`
    UPDATE wishlist_items wi SET
      last_seen_available = CASE WHEN ${opts.seen} AND (NOT wi.alert_enabled OR wi.last_seen_available IS NULL) THEN (
        SELECT ${AVAILABLE_SQL} FROM products p LEFT JOIN product_variants v ON v.id = wi.variant_id
        WHERE p.id = wi.product_id) ELSE wi.last_seen_available END,
      last_alerted_price = CASE WHEN ${opts.price} THEN NULL ELSE wi.last_alerted_price END
    WHERE wi.id = ${itemId}`;
}
