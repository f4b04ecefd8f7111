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

/** The spellings of a size a variant may carry ("M" → m, medium). */
export const sizeSpellings = (size: string): string[] =>
  SIZE_ALIASES[size.toLowerCase()] ?? [size.toLowerCase()];

/**
 * Quotes active products by id in one statement: the price the shopper pays now (the fitting
 * variant's own price when it has one, as the cart charges; else the product's, the sale price
 * while a sale runs), sellable stock (of the fitting variant when there is one, else of all active
 * ones), and that variant. The fitting variant is the one `pins` names for the product (a variant
 * shown before: "add the second one"), else the first in stock that matches the colour (a
 * variant's colour, the product's specified colour or its name) and size asked for. Order follows
 * `ids`; inactive or missing products drop out.
 */
export async function quoteProducts(
  db: Db,
  ids: number[],
  fit: Fit = { color: null, size: null },
  pins: (number | null)[] = [],
): Promise<(QuotedProduct & { fits: boolean })[]> {
  if (ids.length === 0) return [];
  // A whole-word match: "tan" is not in "stainless". Only letters, digits and spaces reach the
  // regex; grey and gray are one colour ("Slate Gray" is grey).
  const colour = fit.color
    ? `\\m${fit.color
        .toLowerCase()
        .replace(/[^\p{L}\p{N} ]+/gu, '')
        .replace(/\bgr[ae]y\b/g, 'gr[ae]y')}\\M`
    : null;
  const sizes = fit.size ? sizeSpellings(fit.size) : null;
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
  const pinned = ids.map((_, i) => pins[i] ?? null);
  const rows = await db.$queryRaw<(QuotedProduct & { fits: boolean; ord: bigint })[]>`
    SELECT want.ord, p.id AS "productId", p.slug, p.name, b.name AS brand, c.slug AS category,
           coalesce(fit.price, ${effectivePriceSql('p')})::text AS price, p.currency, p.rating_average::text AS rating,
           coalesce(fit.available, (SELECT sum(greatest(v.stock_on_hand - v.stock_reserved, 0)) FROM product_variants v
                     WHERE v.product_id = p.id AND v.is_active), 0)::int AS stock,
           fit.id AS "variantId", fit.name AS "variantName", NULL::text AS reason,
           (fit.id IS NOT NULL OR (want.pin IS NULL AND (${colour}::text IS NULL OR ${colour == null ? Prisma.sql`true` : productColourOk}) AND ${sizes}::text[] IS NULL)) AS fits
    FROM unnest(${ids}::int[], ${pinned}::int[]) WITH ORDINALITY AS want(id, pin, ord)
    JOIN products p ON p.id = want.id
    LEFT JOIN brands b ON b.id = p.brand_id
    LEFT JOIN categories c ON c.id = p.category_id
    LEFT JOIN LATERAL (
      SELECT v.id, v.name, v.price, greatest(v.stock_on_hand - v.stock_reserved, 0) AS available FROM product_variants v
      WHERE v.product_id = p.id AND v.is_active
        AND CASE WHEN want.pin IS NOT NULL THEN v.id = want.pin
                 ELSE ${colourOk('v')} AND ${sizeOk('v')} AND (${colour}::text IS NOT NULL OR ${sizes}::text[] IS NOT NULL) END
      ORDER BY (v.stock_on_hand > v.stock_reserved) DESC, v.position, v.id
      LIMIT 1) fit ON true
    WHERE p.status = 'active'
    ORDER BY want.ord`;
  // One row per entry of `ids`, duplicates included (a cart may hold two variants of a product).
  return rows.map(({ ord: _o, ...r }) => r);
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
