import type { PrismaClient } from '../../db/prisma';
import { groupedLoader, keyedLoader } from '../../graphql/loader-utils';
import { loadItems } from './wishlist-sql';

/** Per-request wishlist loaders: one statement per kind of thing, whatever the number of parents. */
export function createWishlistLoaders(prisma: PrismaClient) {
  return {
    wishlistByCustomer: keyedLoader(
      (ids: readonly number[]) =>
        prisma.wishlist.findMany({
          where: { customerId: { in: [...ids] } },
          select: { id: true, customerId: true },
        }),
      (w) => w.customerId,
    ),
    itemById: keyedLoader(
      (ids: readonly number[]) => loadItems(prisma, ids),
      (i) => i.id,
    ),
    itemCount: keyedLoader(
      (ids: readonly number[]) =>
        prisma.$queryRaw<{ wishlistId: number; count: number }[]>`
          SELECT wishlist_id AS "wishlistId", count(*)::int AS count FROM wishlist_items
          WHERE wishlist_id = ANY(${[...ids]}::int[]) GROUP BY wishlist_id`,
      (r) => r.wishlistId,
    ),
    /** The first 100 collection names of each wishlist, by name, with item counts. */
    collections: groupedLoader(
      (ids: readonly number[]) =>
        prisma.$queryRaw<{ wishlistId: number; name: string; itemCount: number }[]>`
          SELECT "wishlistId", name, "itemCount" FROM (
            SELECT wishlist_id AS "wishlistId", collection_name AS name, count(*)::int AS "itemCount",
                   row_number() OVER (PARTITION BY wishlist_id ORDER BY collection_name) AS n
            FROM wishlist_items
            WHERE wishlist_id = ANY(${[...ids]}::int[]) AND collection_name IS NOT NULL
            GROUP BY wishlist_id, collection_name) c
          WHERE n <= 100 ORDER BY "wishlistId", name`,
      (r) => r.wishlistId,
    ),
  };
}

export type WishlistLoaders = ReturnType<typeof createWishlistLoaders>;
