import type { Db } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import { effectivePriceSql } from '../catalog/product-filter';
import type { CartLineRecord, CartRecord, CartStatusValue } from './cart.types';

/** What a variant costs now: its own price, else its product's current price (the sale price while a sale runs). */
export const CURRENT_PRICE_SQL = Prisma.sql`COALESCE(v.price, ${effectivePriceSql('p')})`;

/** A cart line with its variant and product as they are now (`ci`, `v`, `p`). */
const LINE_COLUMNS = Prisma.sql`
  ci.id, ci.cart_id::text AS "cartId", ci.quantity, ci.unit_price AS "unitPriceAtAdd", ci.created_at AS "createdAt",
  ${CURRENT_PRICE_SQL} AS "currentPrice",
  v.id AS "variantId", v.product_id AS "productId", v.sku, v.name AS "variantName", v.attributes,
  v.price AS "variantPrice", v.stock_on_hand AS "stockOnHand", v.stock_reserved AS "stockReserved",
  v.is_active AS "variantActive", v.position, v.created_at AS "variantCreatedAt", v.updated_at AS "variantUpdatedAt",
  p.name AS "productName", p.status::text AS "productStatus", p.price AS "productPrice",
  p.currency AS "productCurrency", p.marketplace, p.external_url AS "externalUrl"`;

type LineRow = Omit<CartLineRecord, 'variant'> & {
  variantId: number;
  sku: string;
  variantName: string;
  attributes: Prisma.JsonValue;
  variantPrice: Prisma.Decimal | null;
  stockOnHand: number;
  stockReserved: number;
  variantActive: boolean;
  position: number;
  variantCreatedAt: Date;
  variantUpdatedAt: Date;
  productPrice: Prisma.Decimal;
  productCurrency: string;
};

function toLineRecord(r: LineRow): CartLineRecord {
  return {
    id: r.id,
    cartId: r.cartId,
    quantity: r.quantity,
    unitPriceAtAdd: r.unitPriceAtAdd,
    currentPrice: r.currentPrice,
    createdAt: r.createdAt,
    productId: r.productId,
    productName: r.productName,
    productStatus: r.productStatus,
    marketplace: r.marketplace,
    externalUrl: r.externalUrl,
    variant: {
      id: r.variantId,
      productId: r.productId,
      sku: r.sku,
      name: r.variantName,
      attributes: r.attributes,
      price: r.variantPrice,
      stockOnHand: r.stockOnHand,
      stockReserved: r.stockReserved,
      isActive: r.variantActive,
      position: r.position,
      createdAt: r.variantCreatedAt,
      updatedAt: r.variantUpdatedAt,
      productPrice: r.productPrice,
      currency: r.productCurrency.trim(),
    },
  };
}

/**
 * The lines of some carts, oldest first. `lockVariants` (checkout) also row-locks the variants,
 * in variant id order so that concurrent checkouts of overlapping carts cannot deadlock.
 */
export async function loadCartLines(
  db: Db,
  cartIds: readonly string[],
  opts: { lockVariants?: boolean } = {},
): Promise<CartLineRecord[]> {
  const rows = opts.lockVariants
    ? await db.$queryRaw<LineRow[]>`
        SELECT ${LINE_COLUMNS}
        FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id JOIN products p ON p.id = v.product_id
        WHERE ci.cart_id = ANY(${[...cartIds]}::uuid[])
        ORDER BY v.id
        FOR UPDATE OF v`
    : await db.$queryRaw<LineRow[]>`
        SELECT ${LINE_COLUMNS}
        FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id JOIN products p ON p.id = v.product_id
        WHERE ci.cart_id = ANY(${[...cartIds]}::uuid[])
        ORDER BY ci.created_at, ci.id`;
  const lines = rows.map(toLineRecord);
  if (opts.lockVariants) lines.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  return lines;
}

type CartRow = Omit<CartRecord, 'discount'> & {
  code: string | null;
  kind: 'percentage' | 'fixed' | null;
  value: Prisma.Decimal | null;
  isActive: boolean | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  usedCount: number | null;
  minSubtotal: Prisma.Decimal | null;
  discountCurrency: string | null;
};

/**
 * Carts by id with their applied discount code and the owner's default shipping country, in one
 * statement. `forUpdate` row-locks the carts (mutations and checkout serialize on the cart row).
 */
export async function loadCarts(
  db: Db,
  ids: readonly string[],
  opts: { forUpdate?: boolean } = {},
): Promise<CartRecord[]> {
  const lock = opts.forUpdate ? Prisma.sql`FOR UPDATE OF c` : Prisma.empty;
  const rows = await db.$queryRaw<CartRow[]>`
    SELECT c.id::text, c.customer_id AS "customerId", c.status::text AS status, c.currency, c.country,
           c.discount_code_id AS "discountCodeId", c.expires_at AS "expiresAt",
           c.created_at AS "createdAt", c.updated_at AS "updatedAt",
           (SELECT a.country FROM customer_addresses a
             WHERE a.customer_id = c.customer_id AND a.is_default_shipping LIMIT 1) AS "addressCountry",
           d.code::text AS code, d.kind::text AS kind, d.value, d.is_active AS "isActive",
           d.starts_at AS "startsAt", d.ends_at AS "endsAt", d.usage_limit AS "usageLimit",
           d.used_count AS "usedCount", d.min_subtotal AS "minSubtotal", d.currency AS "discountCurrency"
    FROM carts c LEFT JOIN discount_codes d ON d.id = c.discount_code_id
    WHERE c.id = ANY(${[...ids]}::uuid[])
    ${lock}`;
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customerId,
    status: r.status as CartStatusValue,
    currency: r.currency.trim(),
    country: r.country?.trim() ?? null,
    addressCountry: r.addressCountry?.trim() ?? null,
    discountCodeId: r.discountCodeId,
    discount:
      r.code === null
        ? null
        : {
            code: r.code,
            kind: r.kind!,
            value: r.value!,
            isActive: r.isActive!,
            startsAt: r.startsAt,
            endsAt: r.endsAt,
            usageLimit: r.usageLimit,
            usedCount: r.usedCount!,
            minSubtotal: r.minSubtotal,
            currency: r.discountCurrency!.trim(),
          },
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}
