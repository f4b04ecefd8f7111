-- Storefront events (issue 14): trackEvents fills analytics_events, search_terms gains click-through
-- rates from search_result_clicked events, and per-customer product and category affinities (the
-- shop's memory of what a customer looks at and buys), recomputed by analytics.affinities.refresh.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.
-- CreateTable
CREATE TABLE "customer_product_affinities" (
    "customer_id" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "score" DECIMAL(12,4) NOT NULL,
    "views" INTEGER NOT NULL DEFAULT 0,
    "search_clicks" INTEGER NOT NULL DEFAULT 0,
    "cart_adds" INTEGER NOT NULL DEFAULT 0,
    "purchases" INTEGER NOT NULL DEFAULT 0,
    "last_interaction_at" TIMESTAMPTZ(6) NOT NULL,
    "refreshed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_product_affinities_pkey" PRIMARY KEY ("customer_id","product_id")
);

-- CreateTable
CREATE TABLE "customer_category_affinities" (
    "customer_id" INTEGER NOT NULL,
    "category_id" INTEGER NOT NULL,
    "score" DECIMAL(12,4) NOT NULL,
    "products" INTEGER NOT NULL,
    "last_interaction_at" TIMESTAMPTZ(6) NOT NULL,
    "refreshed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_category_affinities_pkey" PRIMARY KEY ("customer_id","category_id")
);

-- CreateIndex
CREATE INDEX "customer_product_affinities_product_id_idx" ON "customer_product_affinities"("product_id");

-- CreateIndex
CREATE INDEX "customer_category_affinities_category_id_idx" ON "customer_category_affinities"("category_id");

-- AddForeignKey
ALTER TABLE "customer_product_affinities" ADD CONSTRAINT "customer_product_affinities_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_product_affinities" ADD CONSTRAINT "customer_product_affinities_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_category_affinities" ADD CONSTRAINT "customer_category_affinities_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_category_affinities" ADD CONSTRAINT "customer_category_affinities_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

COMMENT ON TABLE "customer_product_affinities" IS 'How much each customer is drawn to each product, from their storefront events and purchases of the last 90 days (decayed: a signal counts half after 30 days). Recomputed by the analytics.affinities.refresh job for customers with new signals.';
COMMENT ON COLUMN "customer_product_affinities"."customer_id" IS 'The customer.';
COMMENT ON COLUMN "customer_product_affinities"."product_id" IS 'The product.';
COMMENT ON COLUMN "customer_product_affinities"."score" IS 'Sum of signal weights (view 1, search click 2, cart add 4, purchase 8), each halved per 30 days of age. Compare within a customer.';
COMMENT ON COLUMN "customer_product_affinities"."views" IS 'product_viewed events in the window.';
COMMENT ON COLUMN "customer_product_affinities"."search_clicks" IS 'search_result_clicked events in the window.';
COMMENT ON COLUMN "customer_product_affinities"."cart_adds" IS 'cart_line_added events in the window.';
COMMENT ON COLUMN "customer_product_affinities"."purchases" IS 'Order lines of the product in orders placed in the window (cancelled orders excluded).';
COMMENT ON COLUMN "customer_product_affinities"."last_interaction_at" IS 'Latest of those signals.';
COMMENT ON COLUMN "customer_product_affinities"."refreshed_at" IS 'When the row was computed.';
COMMENT ON TABLE "customer_category_affinities" IS 'customer_product_affinities summed per product category (the category a product is filed under, not its ancestors).';
COMMENT ON COLUMN "customer_category_affinities"."customer_id" IS 'The customer.';
COMMENT ON COLUMN "customer_category_affinities"."category_id" IS 'The category.';
COMMENT ON COLUMN "customer_category_affinities"."score" IS 'Sum of the scores of the customer''s products in this category.';
COMMENT ON COLUMN "customer_category_affinities"."products" IS 'Distinct products of the category with a signal.';
COMMENT ON COLUMN "customer_category_affinities"."last_interaction_at" IS 'Latest signal on any of them.';
COMMENT ON COLUMN "customer_category_affinities"."refreshed_at" IS 'When the row was computed.';

-- The view of search terms keeps its columns and adds the clicks on its results (events
-- search_result_clicked with the same normalized query) and the click-through rate.
CREATE OR REPLACE VIEW analytics.search_terms AS
WITH searched AS (
  SELECT normalized_query,
         count(*)::int AS searches,
         count(*) FILTER (WHERE zero_result)::int AS zero_result_searches,
         round(count(*) FILTER (WHERE zero_result)::numeric / count(*), 4) AS zero_result_rate,
         round(avg(result_count), 1) AS average_results,
         round(avg(latency_ms), 1) AS average_latency_ms,
         count(DISTINCT corrected_query)::int AS distinct_corrections,
         min(created_at) AS first_searched_at,
         max(created_at) AS last_searched_at
  FROM search_logs
  GROUP BY normalized_query
), clicked AS (
  SELECT properties->>'normalizedQuery' AS normalized_query,
         count(*)::int AS clicks,
         round(avg((properties->>'position')::int), 1) AS average_click_position
  FROM analytics_events
  WHERE name = 'search_result_clicked'
  GROUP BY 1
)
SELECT s.normalized_query, s.searches, s.zero_result_searches, s.zero_result_rate, s.average_results,
       s.average_latency_ms, s.distinct_corrections, s.first_searched_at, s.last_searched_at,
       coalesce(c.clicks, 0) AS clicks,
       round(coalesce(c.clicks, 0)::numeric / s.searches, 4) AS click_through_rate,
       c.average_click_position
FROM searched s LEFT JOIN clicked c ON c.normalized_query = s.normalized_query;
COMMENT ON COLUMN analytics.search_terms.clicks IS 'Results of this query clicked in the storefront (trackEvents SEARCH_RESULT_CLICKED).';
COMMENT ON COLUMN analytics.search_terms.click_through_rate IS 'clicks / searches (may exceed 1 when shoppers open several results of one search).';
COMMENT ON COLUMN analytics.search_terms.average_click_position IS 'Average 1-based position of the clicked results. NULL without clicks.';

-- The analysts' role reads the new tables (no secrets in them).
DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON customer_product_affinities, customer_category_affinities TO bazaar_analyst''\073
  END IF\073
END';
