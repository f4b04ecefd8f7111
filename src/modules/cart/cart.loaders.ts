import type { Config } from '../../config';
import type { PrismaClient } from '../../db/prisma';
import { keyedLoader } from '../../graphql/loader-utils';
import { loadCartLines, loadCarts } from './cart-sql';
import { priceView } from './cart-view';

/**
 * Per-request cart loaders. `view` reads carts and all their lines in two statements per batch and
 * prices them once; mutations clear the entry of the cart they changed.
 */
export function createCartLoaders(prisma: PrismaClient, config: Config) {
  return {
    view: keyedLoader(
      async (ids: readonly string[]) => {
        const [carts, lines] = await Promise.all([loadCarts(prisma, ids), loadCartLines(prisma, ids)]);
        return carts.map((c) =>
          priceView(
            c,
            lines.filter((l) => l.cartId === c.id),
            config,
          ),
        );
      },
      (v) => v.cart.id,
    ),
    /** The id of each customer's active cart (at most one: a partial unique index). */
    activeCartIdByCustomer: keyedLoader(
      (ids: readonly number[]) =>
        prisma.cart.findMany({
          where: { customerId: { in: [...ids] }, status: 'active' },
          select: { id: true, customerId: true },
        }),
      (c) => c.customerId!,
    ),
  };
}

export type CartLoaders = ReturnType<typeof createCartLoaders>;
