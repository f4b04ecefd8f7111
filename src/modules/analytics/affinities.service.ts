import type { PrismaClient } from '../../db/prisma';

/** Signals older than this are forgotten. */
export const AFFINITY_WINDOW_DAYS = 90;
/** A signal counts half after this many days (a quarter after twice as many…). */
export const AFFINITY_HALF_LIFE_DAYS = 30;
/** What each signal is worth before decay: a purchase says more than a cart, a cart more than a look. */
export const AFFINITY_WEIGHTS = {
  product_viewed: 1,
  search_result_clicked: 2,
  cart_line_added: 4,
  purchased: 8,
} as const;

/**
 * `analytics.affinities.refresh`: recomputes customer_product_affinities and
 * customer_category_affinities for the customers with new signals (storefront events or orders
 * since the last refresh; a day of margin for events only, which may be dated up to a day back,
 * while orders are stamped when written; a sign-in, which may have linked earlier anonymous
 * events), over the last
 * AFFINITY_WINDOW_DAYS, and drops rows whose last signal left the window. Every customer's scores
 * decay by the same factor, so a customer not recomputed keeps the order of their affinities. One
 * transaction: readers see the old rows or the new, never a half-made set.
 */
export async function refreshAffinities(
  prisma: PrismaClient,
): Promise<{ customers: number; products: number; categories: number }> {
  const w = AFFINITY_WEIGHTS;
  return prisma.$transaction(
    async (tx) => {
      // A background job over the whole window: not bound by the API's statement_timeout.
      await tx.$executeRawUnsafe('SET LOCAL statement_timeout = 120000');
      const [{ customers }] = await tx.$queryRaw<[{ customers: number[] }]>`
        WITH since AS (
          SELECT coalesce(max(refreshed_at), '-infinity') AS t FROM customer_product_affinities
        )
        SELECT coalesce(array_agg(DISTINCT c), '{}') AS customers FROM (
          SELECT customer_id AS c FROM analytics_events, since
          WHERE customer_id IS NOT NULL AND created_at > since.t - interval '1 day'
          UNION
          SELECT customer_id FROM orders, since WHERE updated_at > since.t
          UNION -- signing in may have linked their anonymous events (analytics/identify.ts)
          SELECT id FROM customers, since WHERE last_login_at > since.t
        ) touched`;
      await tx.$executeRaw`
        DELETE FROM customer_category_affinities
        WHERE customer_id = ANY(${customers}::int[])
           OR last_interaction_at < now() - make_interval(days => ${AFFINITY_WINDOW_DAYS})`;
      await tx.$executeRaw`
        DELETE FROM customer_product_affinities
        WHERE customer_id = ANY(${customers}::int[])
           OR last_interaction_at < now() - make_interval(days => ${AFFINITY_WINDOW_DAYS})`;
      const products = await tx.$executeRaw`
        INSERT INTO customer_product_affinities
          (customer_id, product_id, score, views, search_clicks, cart_adds, purchases, last_interaction_at, refreshed_at)
        WITH signals AS (
          SELECT e.customer_id, (e.properties->>'productId')::int AS product_id, e.name AS kind, e.created_at AS at
          FROM analytics_events e
          WHERE e.customer_id = ANY(${customers}::int[])
            AND e.created_at > now() - make_interval(days => ${AFFINITY_WINDOW_DAYS})
            AND e.name IN ('product_viewed', 'search_result_clicked', 'cart_line_added')
            AND e.properties->>'productId' IS NOT NULL
          UNION ALL
          SELECT o.customer_id, oi.product_id, 'purchased', o.created_at
          FROM orders o JOIN order_items oi ON oi.order_id = o.id
          WHERE o.customer_id = ANY(${customers}::int[])
            AND o.created_at > now() - make_interval(days => ${AFFINITY_WINDOW_DAYS})
            AND o.status NOT IN ('cancelled', 'refunded')
        )
        SELECT s.customer_id, s.product_id,
          round(sum(CASE s.kind WHEN 'product_viewed' THEN ${w.product_viewed}::numeric
                                WHEN 'search_result_clicked' THEN ${w.search_result_clicked}::numeric
                                WHEN 'cart_line_added' THEN ${w.cart_line_added}::numeric
                                ELSE ${w.purchased}::numeric END
                    * power(0.5::numeric, (extract(epoch FROM now() - s.at) / (${AFFINITY_HALF_LIFE_DAYS}::numeric * 86400)))), 4),
          count(*) FILTER (WHERE s.kind = 'product_viewed'),
          count(*) FILTER (WHERE s.kind = 'search_result_clicked'),
          count(*) FILTER (WHERE s.kind = 'cart_line_added'),
          count(*) FILTER (WHERE s.kind = 'purchased'),
          max(s.at), now()
        FROM signals s JOIN products p ON p.id = s.product_id
        GROUP BY s.customer_id, s.product_id`;
      const categories = await tx.$executeRaw`
        INSERT INTO customer_category_affinities (customer_id, category_id, score, products, last_interaction_at, refreshed_at)
        SELECT a.customer_id, p.category_id, sum(a.score), count(*), max(a.last_interaction_at), now()
        FROM customer_product_affinities a JOIN products p ON p.id = a.product_id
        WHERE a.customer_id = ANY(${customers}::int[]) AND p.category_id IS NOT NULL
        GROUP BY a.customer_id, p.category_id`;
      return { customers: customers.length, products, categories };
    },
    { timeout: 120_000 },
  );
}
