/**
 * A signed-in customer's preferences as the assistant ranks with them: what they stated
 * (customer_preferences) merged with what they bought (their last 100 order lines, cancelled and
 * refunded orders left out), saved (their last 100 wishlist items) and showed interest in while
 * browsing (their 20 strongest product affinities: views, search clicks and cart adds, decayed,
 * recomputed by the analytics.affinities.refresh job). Read in one statement, at most once per
 * turn and only when a tool asks.
 */
import type { Db } from '../../../db/prisma';
import { quoteProducts } from './quote';
import type { Preferences, QuotedProduct } from './tool-types';

interface Row {
  bought: number;
  saved: number;
  browsed: number;
  stated: boolean;
  brands: { id: number; name: string }[];
  sizes: string[];
  categories: string[];
  minPrice: string | null;
  maxPrice: string | null;
}

/** The customer's preferences, or null when there is nothing to go on. */
export async function loadPreferences(db: Db, customerId: number): Promise<Preferences | null> {
  const [row] = await db.$queryRaw<Row[]>`
    WITH bought AS (
      SELECT oi.unit_price AS price, p.brand_id, p.category_id, v.attributes->>'size' AS size
      FROM orders o JOIN order_items oi ON oi.order_id = o.id
      JOIN products p ON p.id = oi.product_id LEFT JOIN product_variants v ON v.id = oi.variant_id
      WHERE o.customer_id = ${customerId} AND o.status NOT IN ('cancelled', 'refunded')
      ORDER BY o.created_at DESC, oi.id LIMIT 100),
    saved AS (
      SELECT wi.saved_price AS price, p.brand_id, p.category_id, v.attributes->>'size' AS size
      FROM wishlists w JOIN wishlist_items wi ON wi.wishlist_id = w.id
      JOIN products p ON p.id = wi.product_id LEFT JOIN product_variants v ON v.id = wi.variant_id
      WHERE w.customer_id = ${customerId}
      ORDER BY wi.created_at DESC LIMIT 100),
    browsed AS (
      SELECT NULL::numeric AS price, p.brand_id, p.category_id, NULL::text AS size
      FROM customer_product_affinities a JOIN products p ON p.id = a.product_id
      WHERE a.customer_id = ${customerId} AND a.views + a.search_clicks + a.cart_adds > 0
      ORDER BY a.score DESC, a.product_id LIMIT 20),
    stated AS (SELECT * FROM customer_preferences WHERE customer_id = ${customerId}),
    seen AS (SELECT * FROM bought UNION ALL SELECT * FROM saved UNION ALL SELECT * FROM browsed)
    SELECT (SELECT count(*) FROM bought)::int AS bought, (SELECT count(*) FROM saved)::int AS saved,
      (SELECT count(*) FROM browsed)::int AS browsed,
      EXISTS (SELECT 1 FROM stated) AS stated,
      (SELECT coalesce(json_agg(json_build_object('id', b.id, 'name', b.name) ORDER BY t.n DESC, b.name), '[]')
       FROM (SELECT brand_id, count(*) AS n FROM (
               SELECT brand_id FROM seen UNION ALL SELECT unnest(brand_ids) FROM stated) x
             WHERE brand_id IS NOT NULL GROUP BY brand_id ORDER BY n DESC, brand_id LIMIT 3) t
       JOIN brands b ON b.id = t.brand_id) AS brands,
      (SELECT coalesce(json_agg(size ORDER BY n DESC, size), '[]')
       FROM (SELECT size, count(*) AS n FROM (SELECT size FROM seen UNION ALL SELECT unnest(sizes) FROM stated) x
             WHERE size IS NOT NULL GROUP BY size ORDER BY n DESC, size LIMIT 2) t) AS sizes,
      (SELECT coalesce(json_agg(DISTINCT c.slug), '[]')
       FROM (SELECT category_id FROM seen UNION ALL SELECT unnest(category_ids) FROM stated) x
       JOIN categories c ON c.id = x.category_id) AS categories,
      coalesce((SELECT min_price FROM stated),
               (SELECT percentile_disc(0.1) WITHIN GROUP (ORDER BY price) FROM seen))::text AS "minPrice",
      coalesce((SELECT max_price FROM stated),
               (SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY price) FROM seen))::text AS "maxPrice"`;
  if (!row || (row.bought === 0 && row.saved === 0 && row.browsed === 0 && !row.stated)) return null;
  return {
    brands: row.brands.map((b) => b.name),
    brandIds: row.brands.map((b) => b.id),
    categories: row.categories,
    sizes: row.sizes,
    minPrice: row.minPrice,
    maxPrice: row.maxPrice,
    sources: [
      ...(row.stated ? (['preferences'] as const) : []),
      ...(row.bought > 0 ? (['orders'] as const) : []),
      ...(row.saved > 0 ? (['wishlist'] as const) : []),
      ...(row.browsed > 0 ? (['browsing'] as const) : []),
    ],
  };
}

/** What the shopper stated in this search: a stated constraint is never overridden by a preference. */
export interface Stated {
  brand: boolean;
  size: boolean;
  price: boolean;
  category: boolean;
}

/** Which preferences a product meets (those the shopper did not state themselves). */
export interface Fit {
  brand: boolean;
  size: boolean;
  price: boolean;
  category: boolean;
}

/** How far the band stretches around what they usually pay: a little cheaper or dearer still fits. */
const BAND_SLACK = 0.2;
/** Only the best matches are reordered: a preference never lifts a poor match over good ones. */
export const PERSONALIZED_WINDOW = 10;

/**
 * Reorders search results for the customer: within the first {@link PERSONALIZED_WINDOW} results,
 * in-stock products first as before, then by how many of their preferences a product meets (brand
 * counts most, then size in stock, price band, category), ties keeping the search's order.
 * Returns the products with what each met.
 */
export async function rankForCustomer<T extends QuotedProduct>(
  db: Db,
  products: T[],
  prefs: Preferences,
  stated: Stated,
): Promise<{ products: T[]; fits: Map<number, Fit> }> {
  const head = products.slice(0, PERSONALIZED_WINDOW);
  const sizesInStock =
    stated.size || prefs.sizes.length === 0
      ? new Set<number>()
      : await productsInSizes(
          db,
          head.map((p) => p.productId),
          prefs.sizes,
        );
  const lo = prefs.minPrice == null ? null : Number(prefs.minPrice) * (1 - BAND_SLACK);
  const hi = prefs.maxPrice == null ? null : Number(prefs.maxPrice) * (1 + BAND_SLACK);
  const fits = new Map<number, Fit>();
  for (const p of head) {
    const price = Number(p.price);
    fits.set(p.productId, {
      brand: !stated.brand && p.brand != null && prefs.brands.includes(p.brand),
      size: sizesInStock.has(p.productId),
      price:
        !stated.price &&
        (lo != null || hi != null) &&
        (lo == null || price >= lo) &&
        (hi == null || price <= hi),
      category: !stated.category && p.category != null && prefs.categories.includes(p.category),
    });
  }
  const score = (p: QuotedProduct) => {
    const f = fits.get(p.productId)!;
    return (f.brand ? 4 : 0) + (f.size ? 2 : 0) + (f.price ? 1.5 : 0) + (f.category ? 0.5 : 0);
  };
  const ranked = head
    .map((p, i) => ({ p, i, stock: p.stock > 0 ? 1 : 0, s: score(p) }))
    .sort((a, b) => b.stock - a.stock || b.s - a.s || a.i - b.i)
    .map((x) => x.p);
  return { products: [...ranked, ...products.slice(PERSONALIZED_WINDOW)], fits };
}

/** Products with an active variant in stock in one of the sizes. */
async function productsInSizes(db: Db, ids: number[], sizes: string[]): Promise<Set<number>> {
  const fitting = await Promise.all(sizes.map((size) => quoteProducts(db, ids, { color: null, size })));
  return new Set(
    fitting
      .flat()
      .filter((q) => q.fits && q.stock > 0)
      .map((q) => q.productId),
  );
}
