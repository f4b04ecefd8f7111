-- Analysts' views, part 2 (issue 14): purchase intents, LLM usage from the hourly rollup,
-- conversation-to-order attribution with a configurable window, and margin after AI cost.
-- What reads every order and took over a second on the 100k/200k seed is materialized (product
-- sales and both attributions, and the margin built on one of them), refreshed CONCURRENTLY by the
-- analytics.refresh job (each has the unique index that needs), which records each refresh in
-- analytics_refreshes. Sorts after 20261202154500_analyst_explicit_grants, so its grants stand.
-- No semicolons inside string literals, function bodies or comments: Prisma's offline engine splits on them.

CREATE TABLE "analytics_settings" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "attribution_window_days" INTEGER NOT NULL DEFAULT 7,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_settings_pkey" PRIMARY KEY ("id")
);
INSERT INTO "analytics_settings" DEFAULT VALUES;
CREATE FUNCTION "analytics_settings_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."id") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''analytics_settings_single_row_check'')\073
    END IF\073
    IF NOT (NEW."attribution_window_days" BETWEEN 1 AND 365) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''analytics_settings_attribution_window_days_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "analytics_settings_enforce_checks"() IS
    'Row checks of analytics_settings: analytics_settings_single_row_check, analytics_settings_attribution_window_days_check.';
CREATE TRIGGER "analytics_settings_checks_biu"
    BEFORE INSERT OR UPDATE ON "analytics_settings"
    FOR EACH ROW EXECUTE FUNCTION "analytics_settings_enforce_checks"();
COMMENT ON TRIGGER "analytics_settings_checks_biu" ON "analytics_settings" IS
    'Enforces the CHECK rules of analytics_settings (one row, window of 1 to 365 days).';
COMMENT ON TABLE "analytics_settings" IS 'The one row of settings the analytics views read. The analytics.refresh job writes ATTRIBUTION_WINDOW_DAYS here from the configuration before it refreshes.';
COMMENT ON COLUMN "analytics_settings"."id" IS 'Always true: the table has one row.';
COMMENT ON COLUMN "analytics_settings"."attribution_window_days" IS 'Days after a conversation suggested a product within which an order of it is credited to the conversation (analytics.conversation_order_attribution).';
COMMENT ON COLUMN "analytics_settings"."updated_at" IS 'When a setting last changed.';

CREATE TABLE "analytics_refreshes" (
    "view_name" TEXT NOT NULL,
    "refreshed_at" TIMESTAMPTZ(6) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "row_count" BIGINT NOT NULL,

    CONSTRAINT "analytics_refreshes_pkey" PRIMARY KEY ("view_name")
);
COMMENT ON TABLE "analytics_refreshes" IS 'The latest refresh of each materialized view of schema analytics (written by the analytics.refresh job): how fresh and how long it took.';
COMMENT ON COLUMN "analytics_refreshes"."view_name" IS 'Materialized view, schema-qualified, e.g. analytics.order_ai_margin.';
COMMENT ON COLUMN "analytics_refreshes"."refreshed_at" IS 'When its latest refresh finished: the data is as of then.';
COMMENT ON COLUMN "analytics_refreshes"."duration_ms" IS 'How long that refresh took, in milliseconds.';
COMMENT ON COLUMN "analytics_refreshes"."row_count" IS 'Rows in the view after that refresh.';

-- ─── the slow views of 20261122065900, materialized ──────────────────────────
-- On the 100k-product / 200k-order seed, SELECT * FROM analytics.product_sales took 3 s and
-- analytics.chat_order_attribution 16 s (a LATERAL probe per order). Same names, same columns, same
-- rows (chat_order_attribution now computed in one pass), refreshed by the analytics.refresh job.
DROP VIEW analytics.product_sales;
CREATE MATERIALIZED VIEW analytics.product_sales AS
SELECT p.id AS product_id,
       p.sku,
       p.name AS product_name,
       b.name AS brand_name,
       c.name AS category_name,
       o.currency,
       sum(oi.quantity)::int AS units_sold,
       sum(oi.line_total)::numeric(14, 2) AS revenue,
       count(DISTINCT o.id)::int AS orders,
       min(o.created_at) AS first_sold_at,
       max(o.created_at) AS last_sold_at
FROM order_items oi
JOIN orders o ON o.id = oi.order_id AND o.status NOT IN ('cancelled', 'refunded')
JOIN products p ON p.id = oi.product_id
LEFT JOIN brands b ON b.id = p.brand_id
LEFT JOIN categories c ON c.id = p.category_id
GROUP BY p.id, p.sku, p.name, b.name, c.name, o.currency;
CREATE UNIQUE INDEX product_sales_product_id_currency_key ON analytics.product_sales (product_id, currency);
COMMENT ON MATERIALIZED VIEW analytics.product_sales IS 'One row per product and currency: units and revenue from orders that are not cancelled or refunded. Materialized (refreshed every 15 minutes, see analytics_refreshes).';
COMMENT ON COLUMN analytics.product_sales.product_id IS 'products.id';
COMMENT ON COLUMN analytics.product_sales.sku IS 'Current product SKU (order_items keeps the SKU at the time of sale).';
COMMENT ON COLUMN analytics.product_sales.product_name IS 'Current product name.';
COMMENT ON COLUMN analytics.product_sales.brand_name IS 'Current brand name, NULL when unbranded.';
COMMENT ON COLUMN analytics.product_sales.category_name IS 'Current category name (not the full path), NULL when uncategorised.';
COMMENT ON COLUMN analytics.product_sales.currency IS 'ISO-4217 currency of revenue.';
COMMENT ON COLUMN analytics.product_sales.units_sold IS 'Units sold.';
COMMENT ON COLUMN analytics.product_sales.revenue IS 'Sum of line totals (before order-level discounts, tax and shipping).';
COMMENT ON COLUMN analytics.product_sales.orders IS 'Distinct orders containing the product.';
COMMENT ON COLUMN analytics.product_sales.first_sold_at IS 'Time of the first such order.';
COMMENT ON COLUMN analytics.product_sales.last_sold_at IS 'Time of the latest such order.';

DROP VIEW analytics.chat_order_attribution;
CREATE MATERIALIZED VIEW analytics.chat_order_attribution AS
WITH suggested AS (
  -- The latest suggestion of an ordered product to the same customer in the 7 days before the order.
  SELECT DISTINCT ON (o.id) o.id AS order_id, m.conversation_id
  FROM orders o
  JOIN order_items oi ON oi.order_id = o.id
  JOIN message_products mp ON mp.product_id = oi.product_id
  JOIN messages m ON m.id = mp.message_id
  JOIN conversations cv ON cv.id = m.conversation_id AND cv.customer_id = o.customer_id
  WHERE o.conversation_id IS NULL
    AND m.created_at BETWEEN o.created_at - interval '7 days' AND o.created_at
  ORDER BY o.id, m.created_at DESC, m.conversation_id
)
SELECT o.id AS order_id,
       o.number AS order_number,
       o.customer_id,
       o.created_at AS ordered_at,
       o.total AS order_total,
       o.currency,
       coalesce(o.conversation_id, s.conversation_id) AS conversation_id,
       CASE WHEN o.conversation_id IS NOT NULL THEN 'direct' ELSE 'suggested' END AS attribution
FROM orders o
LEFT JOIN suggested s ON s.order_id = o.id
WHERE o.conversation_id IS NOT NULL OR s.conversation_id IS NOT NULL;
CREATE UNIQUE INDEX chat_order_attribution_order_id_key ON analytics.chat_order_attribution (order_id);
COMMENT ON MATERIALIZED VIEW analytics.chat_order_attribution IS 'Orders attributed to a chat conversation: direct when placed from the conversation, suggested when the assistant suggested one of its products to the same customer within the 7 days before the order. Materialized (refreshed every 15 minutes, see analytics_refreshes). analytics.conversation_order_attribution does the same with a configurable window and more detail.';
COMMENT ON COLUMN analytics.chat_order_attribution.order_id IS 'orders.id';
COMMENT ON COLUMN analytics.chat_order_attribution.order_number IS 'Human-readable order number.';
COMMENT ON COLUMN analytics.chat_order_attribution.customer_id IS 'customers.id';
COMMENT ON COLUMN analytics.chat_order_attribution.ordered_at IS 'When the order was placed.';
COMMENT ON COLUMN analytics.chat_order_attribution.order_total IS 'Order total.';
COMMENT ON COLUMN analytics.chat_order_attribution.currency IS 'ISO-4217 currency of order_total.';
COMMENT ON COLUMN analytics.chat_order_attribution.conversation_id IS 'The conversation credited with the order.';
COMMENT ON COLUMN analytics.chat_order_attribution.attribution IS 'direct or suggested (see the view comment).';

-- ─── purchase intents ────────────────────────────────────────────────────────
CREATE VIEW analytics.purchase_intents AS
WITH signals AS (
  SELECT pi.customer_id,
         CASE WHEN pi.customer_id IS NULL THEN pi.conversation_id END AS guest_conversation_id,
         pi.signal_type::text AS signal_type,
         count(*)::int AS signals,
         count(*) FILTER (WHERE pi.confidence >= 70)::int AS high_confidence_signals,
         max(pi.confidence)::int AS max_confidence,
         round(avg(pi.confidence), 1) AS average_confidence,
         count(DISTINCT pi.product_id)::int AS products,
         min(pi.created_at) AS first_signal_at,
         max(pi.created_at) AS last_signal_at
  FROM purchase_intents pi
  GROUP BY 1, 2, 3
)
SELECT s.customer_id, s.guest_conversation_id, s.signal_type,
       CASE WHEN s.max_confidence >= 70 THEN 'high' WHEN s.max_confidence >= 40 THEN 'medium' ELSE 'low' END AS intent_level,
       s.signals, s.high_confidence_signals, s.max_confidence, s.average_confidence, s.products,
       s.first_signal_at, s.last_signal_at,
       EXISTS (SELECT 1 FROM orders o
               WHERE o.customer_id = s.customer_id AND o.created_at >= s.last_signal_at
                 AND o.status NOT IN ('cancelled', 'refunded')) AS ordered_since
FROM signals s;
COMMENT ON VIEW analytics.purchase_intents IS 'One row per shopper (customer, or guest conversation) and purchase signal type the assistant detected: how often, how confident (0-100), and whether the customer ordered since. High-intent shoppers to follow up: intent_level = high AND NOT ordered_since.';
COMMENT ON COLUMN analytics.purchase_intents.customer_id IS 'customers.id, NULL for a guest.';
COMMENT ON COLUMN analytics.purchase_intents.guest_conversation_id IS 'For a guest: the conversation the signals came from (a guest is known only by it). NULL for customers.';
COMMENT ON COLUMN analytics.purchase_intents.signal_type IS 'browsing, product_interest, price_inquiry, availability_inquiry, comparison, add_to_cart, checkout_intent or order_inquiry.';
COMMENT ON COLUMN analytics.purchase_intents.intent_level IS 'high (max_confidence >= 70), medium (>= 40) or low.';
COMMENT ON COLUMN analytics.purchase_intents.signals IS 'Signals of this type.';
COMMENT ON COLUMN analytics.purchase_intents.high_confidence_signals IS 'Of them, those with confidence >= 70.';
COMMENT ON COLUMN analytics.purchase_intents.max_confidence IS 'Highest confidence (0-100).';
COMMENT ON COLUMN analytics.purchase_intents.average_confidence IS 'Average confidence (0-100).';
COMMENT ON COLUMN analytics.purchase_intents.products IS 'Distinct products the signals were about.';
COMMENT ON COLUMN analytics.purchase_intents.first_signal_at IS 'First such signal.';
COMMENT ON COLUMN analytics.purchase_intents.last_signal_at IS 'Latest such signal.';
COMMENT ON COLUMN analytics.purchase_intents.ordered_since IS 'True when the customer placed an order (not cancelled or refunded) at or after last_signal_at. Always false for guests.';

-- ─── LLM usage from the hourly rollup ────────────────────────────────────────
CREATE VIEW analytics.llm_usage AS
SELECT (u.hour AT TIME ZONE 'UTC')::date AS day,
       u.provider,
       u.model,
       u.currency,
       sum(u.request_count)::int AS requests,
       sum(u.error_count)::int AS failed_requests,
       round(sum(u.error_count)::numeric / nullif(sum(u.request_count), 0), 4) AS failure_rate,
       count(DISTINCT u.customer_id)::int AS customers,
       sum(u.prompt_tokens)::bigint AS prompt_tokens,
       sum(u.completion_tokens)::bigint AS completion_tokens,
       sum(u.total_tokens)::bigint AS total_tokens,
       sum(u.total_cost)::numeric(14, 6) AS cost,
       round(sum(u.total_cost) / nullif(sum(u.request_count), 0), 6) AS cost_per_request,
       round(sum(u.avg_latency_ms::numeric * (u.request_count - u.error_count))
             / nullif(sum(u.request_count - u.error_count), 0), 1) AS average_latency_ms
FROM llm_usage_stats u
GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW analytics.llm_usage IS 'One row per UTC day, provider, model and currency from the hourly rollup llm_usage_stats (kept current by the llm.usage.rollup job every five minutes): requests, failures, customers, tokens and cost. Cheap at any size. For latency percentiles use analytics.llm_usage_daily.';
COMMENT ON COLUMN analytics.llm_usage.day IS 'UTC day.';
COMMENT ON COLUMN analytics.llm_usage.provider IS 'Provider that answered (local when it stood in for a failing one).';
COMMENT ON COLUMN analytics.llm_usage.model IS 'Model that answered.';
COMMENT ON COLUMN analytics.llm_usage.currency IS 'Currency of cost (USD for every seeded price).';
COMMENT ON COLUMN analytics.llm_usage.requests IS 'Finished requests (succeeded or failed).';
COMMENT ON COLUMN analytics.llm_usage.failed_requests IS 'Requests that failed.';
COMMENT ON COLUMN analytics.llm_usage.failure_rate IS 'failed_requests / requests (0..1).';
COMMENT ON COLUMN analytics.llm_usage.customers IS 'Distinct signed-in customers (guests and system use not counted).';
COMMENT ON COLUMN analytics.llm_usage.prompt_tokens IS 'Input tokens.';
COMMENT ON COLUMN analytics.llm_usage.completion_tokens IS 'Output tokens.';
COMMENT ON COLUMN analytics.llm_usage.total_tokens IS 'prompt_tokens + completion_tokens.';
COMMENT ON COLUMN analytics.llm_usage.cost IS 'Cost priced from llm_model_prices.';
COMMENT ON COLUMN analytics.llm_usage.cost_per_request IS 'cost / requests.';
COMMENT ON COLUMN analytics.llm_usage.average_latency_ms IS 'Average latency of answered requests, in milliseconds (weighted from the hourly averages, which are rounded to whole milliseconds).';

-- ─── conversation-to-order attribution ───────────────────────────────────────
CREATE MATERIALIZED VIEW analytics.conversation_order_attribution AS
WITH settings AS (
  SELECT attribution_window_days, make_interval(days => attribution_window_days) AS win
  FROM analytics_settings WHERE id
), suggested_lines AS (
  -- Each order line whose product a conversation of the same customer suggested within the window before the order.
  SELECT oi.order_id, oi.id AS order_item_id, oi.line_total, m.conversation_id, max(m.created_at) AS suggested_at
  FROM orders o
  JOIN order_items oi ON oi.order_id = o.id
  JOIN message_products mp ON mp.product_id = oi.product_id
  JOIN messages m ON m.id = mp.message_id
  JOIN conversations cv ON cv.id = m.conversation_id AND cv.customer_id = o.customer_id
  CROSS JOIN settings s
  WHERE m.created_at <= o.created_at AND m.created_at >= o.created_at - s.win
  GROUP BY oi.order_id, oi.id, oi.line_total, m.conversation_id
), per_conversation AS (
  SELECT order_id, conversation_id, max(suggested_at) AS suggested_at,
         count(*)::int AS suggested_lines, sum(line_total) AS suggested_revenue
  FROM suggested_lines GROUP BY 1, 2
), credited AS (
  -- Last touch: the conversation whose suggestion came latest before the order.
  SELECT DISTINCT ON (order_id) * FROM per_conversation ORDER BY order_id, suggested_at DESC, conversation_id
)
SELECT o.id AS order_id,
       o.number AS order_number,
       o.customer_id,
       o.status::text AS order_status,
       o.created_at AS ordered_at,
       o.total AS order_total,
       o.currency,
       coalesce(o.conversation_id, c.conversation_id) AS conversation_id,
       CASE WHEN o.conversation_id IS NOT NULL THEN 'direct' ELSE 'suggested' END AS attribution,
       c.suggested_at,
       round(extract(epoch FROM o.created_at - c.suggested_at) / 3600, 1) AS hours_to_order,
       coalesce(c.suggested_lines, 0) AS suggested_lines,
       coalesce(c.suggested_revenue, 0)::numeric(14, 2) AS suggested_revenue,
       s.attribution_window_days AS window_days
FROM orders o
CROSS JOIN settings s
LEFT JOIN credited c ON c.order_id = o.id AND (o.conversation_id IS NULL OR c.conversation_id = o.conversation_id)
WHERE o.conversation_id IS NOT NULL OR c.order_id IS NOT NULL;
CREATE UNIQUE INDEX conversation_order_attribution_order_id_key ON analytics.conversation_order_attribution (order_id);
CREATE INDEX conversation_order_attribution_conversation_id_idx ON analytics.conversation_order_attribution (conversation_id);
COMMENT ON MATERIALIZED VIEW analytics.conversation_order_attribution IS 'Orders credited to a chat conversation (materialized, see analytics_refreshes for its freshness): direct when placed from the conversation, suggested when a conversation of the same customer suggested one of the ordered products within analytics_settings.attribution_window_days before the order (the latest such conversation is credited). Every order status is listed.';
COMMENT ON COLUMN analytics.conversation_order_attribution.order_id IS 'orders.id';
COMMENT ON COLUMN analytics.conversation_order_attribution.order_number IS 'Human-readable order number.';
COMMENT ON COLUMN analytics.conversation_order_attribution.customer_id IS 'customers.id';
COMMENT ON COLUMN analytics.conversation_order_attribution.order_status IS 'Current order status (filter out cancelled and refunded for revenue).';
COMMENT ON COLUMN analytics.conversation_order_attribution.ordered_at IS 'When the order was placed.';
COMMENT ON COLUMN analytics.conversation_order_attribution.order_total IS 'Order total.';
COMMENT ON COLUMN analytics.conversation_order_attribution.currency IS 'ISO-4217 currency of order_total and suggested_revenue.';
COMMENT ON COLUMN analytics.conversation_order_attribution.conversation_id IS 'The conversation credited with the order.';
COMMENT ON COLUMN analytics.conversation_order_attribution.attribution IS 'direct or suggested (see the view comment).';
COMMENT ON COLUMN analytics.conversation_order_attribution.suggested_at IS 'Latest suggestion of an ordered product by the credited conversation within the window. NULL for a direct order without one.';
COMMENT ON COLUMN analytics.conversation_order_attribution.hours_to_order IS 'Hours from suggested_at to the order.';
COMMENT ON COLUMN analytics.conversation_order_attribution.suggested_lines IS 'Order lines whose product the credited conversation suggested within the window.';
COMMENT ON COLUMN analytics.conversation_order_attribution.suggested_revenue IS 'Sum of those lines'' totals (before order discounts, tax and shipping).';
COMMENT ON COLUMN analytics.conversation_order_attribution.window_days IS 'The attribution window used (analytics_settings.attribution_window_days at the refresh).';

-- ─── margin after AI cost ────────────────────────────────────────────────────
CREATE MATERIALIZED VIEW analytics.order_ai_margin AS
WITH credited AS (
  SELECT a.order_id, a.conversation_id, a.ordered_at,
         lag(a.ordered_at) OVER (PARTITION BY a.conversation_id ORDER BY a.ordered_at, a.order_id) AS previous_order_at
  FROM analytics.conversation_order_attribution a
  WHERE a.order_status NOT IN ('cancelled', 'refunded')
), costs AS (
  -- Each LLM request of a credited conversation counts for the first counted order after it.
  SELECT c.order_id, count(r.id)::int AS llm_requests,
         coalesce(sum(s.total_tokens), 0)::bigint AS llm_tokens, coalesce(sum(s.cost), 0) AS ai_cost
  FROM credited c
  JOIN llm_requests r ON r.conversation_id = c.conversation_id AND r.queued_at <= c.ordered_at
                      AND (c.previous_order_at IS NULL OR r.queued_at > c.previous_order_at)
  LEFT JOIN llm_responses s ON s.request_id = r.id
  GROUP BY c.order_id
)
SELECT o.id AS order_id,
       o.number AS order_number,
       o.customer_id,
       o.created_at AS ordered_at,
       o.currency,
       o.total AS revenue,
       c.conversation_id,
       coalesce(k.llm_requests, 0) AS llm_requests,
       coalesce(k.llm_tokens, 0) AS llm_tokens,
       coalesce(k.ai_cost, 0)::numeric(14, 6) AS ai_cost_usd,
       CASE WHEN o.currency = 'USD' THEN (o.total - coalesce(k.ai_cost, 0))::numeric(14, 6) END AS margin_after_ai_cost
FROM orders o
LEFT JOIN credited c ON c.order_id = o.id
LEFT JOIN costs k ON k.order_id = o.id
WHERE o.status NOT IN ('cancelled', 'refunded');
CREATE UNIQUE INDEX order_ai_margin_order_id_key ON analytics.order_ai_margin (order_id);
CREATE INDEX order_ai_margin_ordered_at_idx ON analytics.order_ai_margin (ordered_at);
COMMENT ON MATERIALIZED VIEW analytics.order_ai_margin IS 'One row per order that is not cancelled or refunded (materialized, see analytics_refreshes): its revenue, the LLM cost attributed to it and the margin after that cost. An order credited to a conversation (analytics.conversation_order_attribution) carries the cost of that conversation''s LLM requests made up to the order and after the conversation''s previous counted order, so no request is counted twice and the sum of ai_cost_usd never exceeds the LLM spend. Orders without a conversation carry 0.';
COMMENT ON COLUMN analytics.order_ai_margin.order_id IS 'orders.id';
COMMENT ON COLUMN analytics.order_ai_margin.order_number IS 'Human-readable order number.';
COMMENT ON COLUMN analytics.order_ai_margin.customer_id IS 'customers.id';
COMMENT ON COLUMN analytics.order_ai_margin.ordered_at IS 'When the order was placed.';
COMMENT ON COLUMN analytics.order_ai_margin.currency IS 'ISO-4217 currency of revenue.';
COMMENT ON COLUMN analytics.order_ai_margin.revenue IS 'Order total (as analytics.daily_sales.revenue).';
COMMENT ON COLUMN analytics.order_ai_margin.conversation_id IS 'Conversation credited with the order, NULL when none.';
COMMENT ON COLUMN analytics.order_ai_margin.llm_requests IS 'LLM requests attributed to the order.';
COMMENT ON COLUMN analytics.order_ai_margin.llm_tokens IS 'Tokens of those requests.';
COMMENT ON COLUMN analytics.order_ai_margin.ai_cost_usd IS 'Cost of those requests in USD (the currency of every LLM price).';
COMMENT ON COLUMN analytics.order_ai_margin.margin_after_ai_cost IS 'revenue - ai_cost_usd for USD orders. NULL for orders in another currency (no exchange rates here).';

DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON analytics.product_sales, analytics.chat_order_attribution, analytics.purchase_intents, analytics.llm_usage, analytics.conversation_order_attribution, analytics.order_ai_margin, analytics_settings, analytics_refreshes TO bazaar_analyst''\073
  END IF\073
END';
