import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';

/**
 * How an order moves stock, each with its ledger reason and sign (inventory_movements.delta is the
 * change of stock_on_hand, or of stock_reserved for reservation/release):
 * - `sell`: units leave stock at checkout (paid at once): on hand − q
 * - `reserve`: units are held for an unpaid order: reserved + q
 * - `sell_reserved`: a held order is paid: on hand − q and reserved − q
 * - `release`: a held order is cancelled: reserved − q
 * - `restore`: a paid order is cancelled before shipping: on hand + q
 */
export type StockChange = 'sell' | 'reserve' | 'sell_reserved' | 'release' | 'restore';

const CHANGES: Record<StockChange, { set: Prisma.Sql; guard: Prisma.Sql; reason: string; sign: number }> = {
  sell: {
    set: Prisma.sql`stock_on_hand = pv.stock_on_hand - x.q`,
    guard: Prisma.sql`pv.stock_on_hand - pv.stock_reserved >= x.q`,
    reason: 'sale',
    sign: -1,
  },
  reserve: {
    set: Prisma.sql`stock_reserved = pv.stock_reserved + x.q`,
    guard: Prisma.sql`pv.stock_on_hand - pv.stock_reserved >= x.q`,
    reason: 'reservation',
    sign: 1,
  },
  sell_reserved: {
    set: Prisma.sql`stock_on_hand = pv.stock_on_hand - x.q, stock_reserved = pv.stock_reserved - x.q`,
    guard: Prisma.sql`pv.stock_reserved >= x.q`,
    reason: 'sale',
    sign: -1,
  },
  release: {
    set: Prisma.sql`stock_reserved = pv.stock_reserved - x.q`,
    guard: Prisma.sql`pv.stock_reserved >= x.q`,
    reason: 'release',
    sign: -1,
  },
  restore: {
    set: Prisma.sql`stock_on_hand = pv.stock_on_hand + x.q`,
    guard: Prisma.sql`TRUE`,
    reason: 'cancellation',
    sign: 1,
  },
};

export interface StockLine {
  variantId: number;
  quantity: number;
}

/** Row-locks variants in id order: every writer of several variants takes them in the same order, so none deadlock. */
export async function lockVariants(db: Db, variantIds: number[]): Promise<void> {
  await db.$queryRaw`SELECT id FROM product_variants WHERE id = ANY(${variantIds}::int[]) ORDER BY id FOR UPDATE`;
}

/**
 * Applies one stock change to an order's lines with a conditional UPDATE (never below zero, never
 * below the reserved units) and writes one inventory_movements row per variant with the stock
 * after it, in one statement. The variants must already be locked (lockVariants, or checkout's
 * locked read). Returns false when a guard failed for any line: the caller must then roll back
 * (the other lines did change).
 */
export async function changeStock(
  db: Db,
  change: StockChange,
  lines: StockLine[],
  ref: { orderId: number; actorId: number | null },
): Promise<boolean> {
  if (lines.length === 0) return true;
  const c = CHANGES[change];
  const rows = await db.$queryRaw<{ variant_id: number }[]>`
    WITH x AS (SELECT * FROM unnest(${lines.map((l) => l.variantId)}::int[], ${lines.map((l) => l.quantity)}::int[]) AS x(v, q)),
    changed AS (
      UPDATE product_variants pv SET ${c.set}, updated_at = now()
      FROM x WHERE pv.id = x.v AND ${c.guard}
      RETURNING pv.id, pv.stock_on_hand, x.q)
    INSERT INTO inventory_movements (variant_id, delta, reason, actor_id, order_id, stock_after)
    SELECT id, ${c.sign}::int * q, ${c.reason}::inventory_movement_reason, ${ref.actorId}::int, ${ref.orderId}, stock_on_hand
    FROM changed
    RETURNING variant_id`;
  return rows.length === lines.length;
}

/**
 * Adds (or with a negative sign removes) sold units to products.sold_count (the BEST_SELLING sort),
 * locking the products in id order first for the same reason as lockVariants.
 */
export async function countSold(db: Db, lines: { productId: number; quantity: number }[], sign: 1 | -1) {
  const byProduct = new Map<number, number>();
  for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.quantity);
  const ids = [...byProduct.keys()].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await db.$queryRaw`SELECT id FROM products WHERE id = ANY(${ids}::int[]) ORDER BY id FOR UPDATE`;
  await db.$executeRaw`
    UPDATE products p SET sold_count = GREATEST(0, p.sold_count + ${sign}::int * x.q)
    FROM unnest(${ids}::int[], ${ids.map((id) => byProduct.get(id)!)}::int[]) AS x(id, q)
    WHERE p.id = x.id`;
}
