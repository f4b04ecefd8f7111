import type { DecimalLike } from '../../graphql/money';

export interface PricedProduct {
  price: DecimalLike;
  salePrice: DecimalLike | null;
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
}

/** Same rule as saleActiveSql: a sale price below the price, inside its window (start inclusive, end exclusive). */
export function saleActive(p: PricedProduct, now = new Date()): boolean {
  if (p.salePrice == null) return false;
  if (Number(p.salePrice.toString()) >= Number(p.price.toString())) return false;
  if (p.saleStartsAt && p.saleStartsAt.getTime() > now.getTime()) return false;
  if (p.saleEndsAt && p.saleEndsAt.getTime() <= now.getTime()) return false;
  return true;
}

/** What the shopper pays now. */
export const currentPrice = (p: PricedProduct, now = new Date()): DecimalLike =>
  saleActive(p, now) ? p.salePrice! : p.price;
