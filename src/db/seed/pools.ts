import type { ClientBase } from 'pg';
import type { ProductRef } from './product-factory';
import type { CustomerRef } from './customer-factory';

const cents = (v: string | null) => (v === null ? null : Math.round(Number(v) * 100));

/**
 * Active products already in the database, for runs that add orders or reviews without adding
 * products (`--products 0`). Popularity follows what they have sold so far.
 */
export async function loadProductPool(client: ClientBase): Promise<ProductRef[]> {
  const { rows } = await client.query<{
    id: number;
    name: string;
    price: string;
    sale_price: string | null;
    sale_starts_at: Date | null;
    sale_ends_at: Date | null;
    created_at: Date;
    sold_count: number;
    rating_average: string;
    variants: { id: number; sku: string; name: string; price: string | null; is_active: boolean }[];
  }>(
    `SELECT p.id, p.name, p.price::text, p.sale_price::text, p.sale_starts_at, p.sale_ends_at, p.created_at,
            p.sold_count, p.rating_average::text,
            json_agg(json_build_object('id', v.id, 'sku', v.sku, 'name', v.name, 'price', v.price::text,
                                       'is_active', v.is_active) ORDER BY v.position, v.id) AS variants
     FROM products p JOIN product_variants v ON v.product_id = p.id
     WHERE p.status = 'active'
     GROUP BY p.id ORDER BY p.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    noun: 'product',
    priceCents: cents(r.price) as number,
    saleCents: cents(r.sale_price),
    saleStartsAt: r.sale_starts_at,
    saleEndsAt: r.sale_ends_at,
    createdAt: r.created_at,
    popularity: 1 + r.sold_count,
    quality: Number(r.rating_average) > 0 ? Number(r.rating_average) : 4,
    variants: r.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      name: v.name,
      priceCents: cents(v.price),
      isActive: v.is_active,
    })),
    soldCount: 0,
    ratingSum: 0,
    ratingCount: 0,
  }));
}

/** Customers already in the database (with an address), for runs with `--customers 0`. */
export async function loadCustomerPool(client: ClientBase): Promise<CustomerRef[]> {
  const { rows } = await client.query<{
    id: number;
    created_at: Date;
    first_name: string;
    last_name: string;
    line1: string;
    line2: string | null;
    city: string;
    state: string | null;
    postal_code: string;
    country: string;
    phone: string | null;
  }>(
    `SELECT c.id, c.created_at, a.first_name, a.last_name, a.line1, a.line2, a.city, a.state, a.postal_code,
            a.country, a.phone
     FROM customers c
     JOIN LATERAL (SELECT * FROM customer_addresses a WHERE a.customer_id = c.id
                   ORDER BY a.is_default_shipping DESC, a.id LIMIT 1) a ON true
     WHERE c.deleted_at IS NULL AND c.status <> 'deleted' AND c.role = 'customer'
     ORDER BY c.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.getTime(),
    loyalty: 1,
    address: {
      firstName: r.first_name,
      lastName: r.last_name,
      line1: r.line1,
      line2: r.line2,
      city: r.city,
      state: r.state ?? '',
      postalCode: r.postal_code,
      country: r.country,
      phone: r.phone,
    },
  }));
}

/** "productId:customerId" of every stored review (one review per product and customer). */
export async function loadReviewKeys(client: ClientBase): Promise<Set<string>> {
  const { rows } = await client.query<{ k: string }>(
    `SELECT product_id::text || ':' || customer_id::text AS k FROM product_reviews`,
  );
  return new Set(rows.map((r) => r.k));
}

/**
 * Recomputes sold_count and ratings from the stored orders and reviews, for products that were
 * already in the database (the seed's own products get them right at insert time).
 */
export async function refreshProductStats(client: ClientBase, productIds: number[]): Promise<void> {
  if (productIds.length === 0) return;
  await client.query(
    `UPDATE products p
     SET sold_count = s.sold, rating_count = s.reviews, rating_average = s.average, updated_at = now()
     FROM (
       SELECT t.id,
              coalesce((SELECT sum(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                        WHERE oi.product_id = t.id AND o.status NOT IN ('cancelled', 'refunded')), 0) AS sold,
              (SELECT count(*) FROM product_reviews r WHERE r.product_id = t.id) AS reviews,
              coalesce((SELECT round(avg(r.rating), 2) FROM product_reviews r WHERE r.product_id = t.id), 0) AS average
       FROM unnest($1::int[]) AS t(id)
     ) s
     WHERE p.id = s.id`,
    [productIds],
  );
}
