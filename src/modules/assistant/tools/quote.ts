import { Prisma } from '../../../generated/prisma/client';
import type { Db } from '../../../db/prisma';
import { effectivePriceSql } from '../../catalog/product-filter';
import type { QuotedProduct } from './tool-types';

export interface Fit {
  color: string | null;
  size: string | null;
}

/** Size words and codes a shopper uses for the same size. */
const SIZE_ALIASES: Record<string, string[]> = {
  s: ['s', 'small'],
  m: ['m', 'medium'],
  l: ['l', 'large'],
  xl: ['xl', 'extra large', 'x-large'],
  xs: ['xs', 'extra small', 'x-small'],
  small: ['s', 'small'],
  medium: ['m', 'medium'],
  large: ['l', 'large'],
};

/**
 * Quotes active products by id in one statement: the price the shopper pays now, sellable stock
 * (of the fitting variant when a colour or size was asked for), and that variant (a colour matches
 * a variant's colour, the product's specified colour or its name). Order follows `ids`; inactive
 * or missing products drop out.
 */
export async function quoteProducts(
  db: Db,
  ids: number[],
  fit: Fit = { color: null, size: null },
): Promise<(QuotedProduct & { fits: boolean })[]> {
  if (ids.length === 0) return [];
  // A whole-word match: "tan" is not in "stainless". Only letters, digits and spaces reach the regex.
  const colour = fit.color ? `\\m${fit.color.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, '')}\\M` : null;
  const sizes = fit.size ? (SIZE_ALIASES[fit.size.toLowerCase()] ?? [fit.size.toLowerCase()]) : null;
  const productColourOk = Prisma.sql`(lower(coalesce(p.specifications->>'Color', p.specifications->>'color', '')) ~* ${colour}
          OR lower(p.name) ~* ${colour})`;
  const colourOk = (a: string) =>
    colour == null
      ? Prisma.sql`true`
      : Prisma.sql`(lower(coalesce(${Prisma.raw(a)}.attributes->>'color', ${Prisma.raw(a)}.attributes->>'colour', '')) ~* ${colour}
          OR ${productColourOk})`;
  const sizeOk = (a: string) =>
    sizes == null
      ? Prisma.sql`true`
      : Prisma.sql`lower(coalesce(${Prisma.raw(a)}.attributes->>'size', '')) = ANY(${sizes}::text[])`;
  const rows = await db.$queryRaw<(QuotedProduct & { fits: boolean })[]>`
    SELECT p.id AS "productId", p.slug, p.name, b.name AS brand, c.slug AS category,
           ${effectivePriceSql('p')}::text AS price, p.currency, p.rating_average::text AS rating,
           coalesce(fit.available, (SELECT sum(greatest(v.stock_on_hand - v.stock_reserved, 0)) FROM product_variants v
                     WHERE v.product_id = p.id AND v.is_active), 0)::int AS stock,
           fit.id AS "variantId", fit.name AS "variantName", NULL::text AS reason,
           (fit.id IS NOT NULL OR ((${colour}::text IS NULL OR ${colour == null ? Prisma.sql`true` : productColourOk}) AND ${sizes}::text[] IS NULL)) AS fits
    FROM products p
    LEFT JOIN brands b ON b.id = p.brand_id
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN LATERAL (
      SELECT v.id, v.name, greatest(v.stock_on_hand - v.stock_reserved, 0) AS available FROM product_variants v
      WHERE v.product_id = p.id AND v.is_active AND ${colourOk('v')} AND ${sizeOk('v')}
        AND (${colour}::text IS NOT NULL OR ${sizes}::text[] IS NOT NULL)
      ORDER BY (v.stock_on_hand > v.stock_reserved) DESC, v.position, v.id
      LIMIT 1) fit ON true
    WHERE p.id = ANY(${ids}::int[]) AND p.status = 'active'`;
  const byId = new Map(rows.map((r) => [r.productId, r]));
  return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
}

/** "$1,299.00" style, from the decimal string (no floating point on the way). */
export function formatMoney(amount: string, currency: string): string {
  const [whole, frac = ''] = amount.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (frac + '00').slice(0, 2);
  const symbol =
    currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
  return `${symbol}${grouped}.${cents}`;
}
