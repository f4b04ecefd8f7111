-- Analysts' stable interface (SPEC §4): views in schema `analytics` over the normalized tables,
-- and a read-only role `bazaar_analyst` that cannot read password hashes, session token hashes
-- or reset tokens (which also travel in notifications.payload until the mail is sent).
-- Views are plain (not materialized) so they are always current.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.

CREATE SCHEMA IF NOT EXISTS analytics;
COMMENT ON SCHEMA analytics IS 'Stable read-only views for analysts (daily sales, product sales, customer value, cart abandonment, search terms, LLM usage and cost, chat attribution). Column names here do not change without notice.';

CREATE VIEW analytics.daily_sales AS
SELECT date_trunc('day', o.created_at)::date AS day,
       o.currency,
       count(*) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded'))::int AS orders,
       count(*) FILTER (WHERE o.status IN ('cancelled', 'refunded'))::int AS cancelled_or_refunded_orders,
       count(DISTINCT o.customer_id)::int AS customers,
       coalesce(sum(o.subtotal) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')), 0)::numeric(14, 2) AS subtotal,
       coalesce(sum(o.discount_total) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')), 0)::numeric(14, 2) AS discounts,
       coalesce(sum(o.tax_total) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')), 0)::numeric(14, 2) AS tax,
       coalesce(sum(o.shipping_total) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')), 0)::numeric(14, 2) AS shipping,
       coalesce(sum(o.total) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')), 0)::numeric(14, 2) AS revenue,
       (avg(o.total) FILTER (WHERE o.status NOT IN ('cancelled', 'refunded')))::numeric(14, 2) AS average_order_value
FROM orders o
GROUP BY 1, 2;
COMMENT ON VIEW analytics.daily_sales IS 'One row per UTC day and currency: orders placed and money taken. Cancelled and refunded orders are counted separately and excluded from the money columns.';
COMMENT ON COLUMN analytics.daily_sales.day IS 'UTC calendar day the orders were placed.';
COMMENT ON COLUMN analytics.daily_sales.currency IS 'ISO-4217 currency of the money columns, never add across currencies.';
COMMENT ON COLUMN analytics.daily_sales.orders IS 'Orders placed that day and not cancelled or refunded.';
COMMENT ON COLUMN analytics.daily_sales.cancelled_or_refunded_orders IS 'Orders placed that day that are now cancelled or refunded.';
COMMENT ON COLUMN analytics.daily_sales.customers IS 'Distinct customers who placed any order that day.';
COMMENT ON COLUMN analytics.daily_sales.subtotal IS 'Sum of line totals before discounts, tax and shipping.';
COMMENT ON COLUMN analytics.daily_sales.discounts IS 'Sum of order discounts.';
COMMENT ON COLUMN analytics.daily_sales.tax IS 'Sum of tax charged.';
COMMENT ON COLUMN analytics.daily_sales.shipping IS 'Sum of shipping charged.';
COMMENT ON COLUMN analytics.daily_sales.revenue IS 'Sum of order totals (subtotal - discounts + tax + shipping).';
COMMENT ON COLUMN analytics.daily_sales.average_order_value IS 'revenue / orders, NULL when there were none.';

CREATE VIEW analytics.product_sales AS
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
COMMENT ON VIEW analytics.product_sales IS 'One row per product and currency: units and revenue from orders that are not cancelled or refunded.';
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

CREATE VIEW analytics.customer_lifetime_value AS
SELECT cu.id AS customer_id,
       cu.created_at AS signed_up_at,
       o.currency,
       count(o.id)::int AS orders,
       coalesce(sum(o.total), 0)::numeric(14, 2) AS lifetime_revenue,
       (avg(o.total))::numeric(14, 2) AS average_order_value,
       min(o.created_at) AS first_order_at,
       max(o.created_at) AS last_order_at
FROM customers cu
LEFT JOIN orders o ON o.customer_id = cu.id AND o.status NOT IN ('cancelled', 'refunded')
WHERE cu.deleted_at IS NULL
GROUP BY cu.id, cu.created_at, o.currency;
COMMENT ON VIEW analytics.customer_lifetime_value IS 'One row per customer and currency (one row with NULL currency for customers who never ordered): orders and revenue to date, excluding cancelled and refunded orders and deleted customers.';
COMMENT ON COLUMN analytics.customer_lifetime_value.customer_id IS 'customers.id';
COMMENT ON COLUMN analytics.customer_lifetime_value.signed_up_at IS 'When the account was created.';
COMMENT ON COLUMN analytics.customer_lifetime_value.currency IS 'ISO-4217 currency, NULL for customers without orders.';
COMMENT ON COLUMN analytics.customer_lifetime_value.orders IS 'Orders counted.';
COMMENT ON COLUMN analytics.customer_lifetime_value.lifetime_revenue IS 'Sum of order totals.';
COMMENT ON COLUMN analytics.customer_lifetime_value.average_order_value IS 'lifetime_revenue / orders, NULL without orders.';
COMMENT ON COLUMN analytics.customer_lifetime_value.first_order_at IS 'First counted order.';
COMMENT ON COLUMN analytics.customer_lifetime_value.last_order_at IS 'Latest counted order.';

CREATE VIEW analytics.cart_abandonment AS
WITH cart_values AS (
  SELECT ca.id, ca.status, ca.currency, ca.created_at, ca.updated_at,
         coalesce(sum(ci.quantity * ci.unit_price), 0) AS value,
         count(ci.id) AS lines
  FROM carts ca LEFT JOIN cart_items ci ON ci.cart_id = ca.id
  GROUP BY ca.id
)
SELECT date_trunc('day', created_at)::date AS day,
       currency,
       count(*) FILTER (WHERE lines > 0)::int AS carts_with_items,
       count(*) FILTER (WHERE status = 'converted')::int AS carts_converted,
       count(*) FILTER (WHERE lines > 0 AND (status = 'abandoned' OR (status = 'active' AND updated_at < now() - interval '24 hours')))::int AS carts_abandoned,
       round(count(*) FILTER (WHERE lines > 0 AND (status = 'abandoned' OR (status = 'active' AND updated_at < now() - interval '24 hours')))::numeric
             / nullif(count(*) FILTER (WHERE lines > 0), 0), 4) AS abandonment_rate,
       coalesce(sum(value) FILTER (WHERE lines > 0 AND (status = 'abandoned' OR (status = 'active' AND updated_at < now() - interval '24 hours'))), 0)::numeric(14, 2) AS abandoned_value
FROM cart_values
GROUP BY 1, 2;
COMMENT ON VIEW analytics.cart_abandonment IS 'One row per UTC day (cart creation) and currency. A cart counts as abandoned when it has items and is marked abandoned or has been idle for over 24 hours without converting.';
COMMENT ON COLUMN analytics.cart_abandonment.day IS 'UTC day the carts were created.';
COMMENT ON COLUMN analytics.cart_abandonment.currency IS 'ISO-4217 currency of abandoned_value.';
COMMENT ON COLUMN analytics.cart_abandonment.carts_with_items IS 'Carts that ever held at least one line (and still do).';
COMMENT ON COLUMN analytics.cart_abandonment.carts_converted IS 'Carts turned into an order.';
COMMENT ON COLUMN analytics.cart_abandonment.carts_abandoned IS 'Carts with items, abandoned or idle over 24 hours.';
COMMENT ON COLUMN analytics.cart_abandonment.abandonment_rate IS 'carts_abandoned / carts_with_items (0..1), NULL when no cart had items.';
COMMENT ON COLUMN analytics.cart_abandonment.abandoned_value IS 'Sum of quantity x unit price snapshot of the abandoned carts.';

CREATE VIEW analytics.search_terms AS
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
GROUP BY normalized_query;
COMMENT ON VIEW analytics.search_terms IS 'One row per normalized search query: how often it is searched, how often it finds nothing, and how fast. Sort by zero_result_searches to find catalog gaps.';
COMMENT ON COLUMN analytics.search_terms.normalized_query IS 'The query lower-cased with whitespace collapsed.';
COMMENT ON COLUMN analytics.search_terms.searches IS 'Times searched.';
COMMENT ON COLUMN analytics.search_terms.zero_result_searches IS 'Times it found nothing.';
COMMENT ON COLUMN analytics.search_terms.zero_result_rate IS 'zero_result_searches / searches (0..1).';
COMMENT ON COLUMN analytics.search_terms.average_results IS 'Average number of matching products.';
COMMENT ON COLUMN analytics.search_terms.average_latency_ms IS 'Average server-side search time in milliseconds.';
COMMENT ON COLUMN analytics.search_terms.distinct_corrections IS 'Distinct spelling corrections suggested for it.';
COMMENT ON COLUMN analytics.search_terms.first_searched_at IS 'First time searched.';
COMMENT ON COLUMN analytics.search_terms.last_searched_at IS 'Latest time searched.';

CREATE VIEW analytics.llm_usage_daily AS
SELECT date_trunc('day', r.queued_at)::date AS day,
       r.provider,
       r.model,
       count(*)::int AS requests,
       count(*) FILTER (WHERE r.status = 'failed')::int AS failed_requests,
       coalesce(sum(s.prompt_tokens), 0)::bigint AS prompt_tokens,
       coalesce(sum(s.completion_tokens), 0)::bigint AS completion_tokens,
       coalesce(sum(s.total_tokens), 0)::bigint AS total_tokens,
       coalesce(sum(s.cost), 0)::numeric(14, 6) AS cost_usd,
       round(avg(s.latency_ms), 1) AS average_latency_ms,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY s.latency_ms) AS p95_latency_ms
FROM llm_requests r
LEFT JOIN llm_responses s ON s.request_id = r.id
GROUP BY 1, 2, 3;
COMMENT ON VIEW analytics.llm_usage_daily IS 'One row per UTC day, provider and model: LLM requests, tokens, cost and latency (from llm_requests and llm_responses).';
COMMENT ON COLUMN analytics.llm_usage_daily.day IS 'UTC day the requests were queued.';
COMMENT ON COLUMN analytics.llm_usage_daily.provider IS 'LLM provider, e.g. local or openai.';
COMMENT ON COLUMN analytics.llm_usage_daily.model IS 'Model name as sent to the provider.';
COMMENT ON COLUMN analytics.llm_usage_daily.requests IS 'Requests made.';
COMMENT ON COLUMN analytics.llm_usage_daily.failed_requests IS 'Requests that ended failed.';
COMMENT ON COLUMN analytics.llm_usage_daily.prompt_tokens IS 'Input tokens.';
COMMENT ON COLUMN analytics.llm_usage_daily.completion_tokens IS 'Output tokens.';
COMMENT ON COLUMN analytics.llm_usage_daily.total_tokens IS 'prompt_tokens + completion_tokens.';
COMMENT ON COLUMN analytics.llm_usage_daily.cost_usd IS 'Cost from llm_model_prices, in the currency of llm_responses (USD for all seeded prices).';
COMMENT ON COLUMN analytics.llm_usage_daily.average_latency_ms IS 'Average total latency in milliseconds.';
COMMENT ON COLUMN analytics.llm_usage_daily.p95_latency_ms IS '95th percentile of total latency in milliseconds.';

CREATE VIEW analytics.llm_cost_per_conversation AS
SELECT cv.id AS conversation_id,
       cv.customer_id,
       cv.channel::text AS channel,
       cv.message_count AS messages,
       count(r.id)::int AS llm_requests,
       coalesce(sum(s.total_tokens), 0)::bigint AS total_tokens,
       coalesce(sum(s.cost), 0)::numeric(14, 6) AS cost_usd,
       cv.created_at AS started_at,
       cv.last_message_at
FROM conversations cv
LEFT JOIN llm_requests r ON r.conversation_id = cv.id
LEFT JOIN llm_responses s ON s.request_id = r.id
GROUP BY cv.id;
COMMENT ON VIEW analytics.llm_cost_per_conversation IS 'One row per chat conversation: LLM requests, tokens and cost it caused.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.conversation_id IS 'conversations.id';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.customer_id IS 'customers.id, NULL for guests.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.channel IS 'Where the conversation happens: web, websocket, mobile, api, partner.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.messages IS 'Messages in the conversation (all roles).';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.llm_requests IS 'LLM requests made for it.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.total_tokens IS 'Tokens used by those requests.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.cost_usd IS 'Cost of those requests.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.started_at IS 'When the conversation started.';
COMMENT ON COLUMN analytics.llm_cost_per_conversation.last_message_at IS 'Time of its latest message.';

CREATE VIEW analytics.chat_order_attribution AS
SELECT o.id AS order_id,
       o.number AS order_number,
       o.customer_id,
       o.created_at AS ordered_at,
       o.total AS order_total,
       o.currency,
       coalesce(o.conversation_id, s.conversation_id) AS conversation_id,
       CASE WHEN o.conversation_id IS NOT NULL THEN 'direct' ELSE 'suggested' END AS attribution
FROM orders o
LEFT JOIN LATERAL (
  SELECT m.conversation_id
  FROM order_items oi
  JOIN message_products mp ON mp.product_id = oi.product_id
  JOIN messages m ON m.id = mp.message_id
  JOIN conversations cv ON cv.id = m.conversation_id AND cv.customer_id = o.customer_id
  WHERE oi.order_id = o.id AND m.created_at BETWEEN o.created_at - interval '7 days' AND o.created_at
  ORDER BY m.created_at DESC
  LIMIT 1
) s ON o.conversation_id IS NULL
WHERE o.conversation_id IS NOT NULL OR s.conversation_id IS NOT NULL;
COMMENT ON VIEW analytics.chat_order_attribution IS 'Orders attributed to a chat conversation: direct when placed from the conversation, suggested when the assistant suggested one of its products to the same customer within the 7 days before the order.';
COMMENT ON COLUMN analytics.chat_order_attribution.order_id IS 'orders.id';
COMMENT ON COLUMN analytics.chat_order_attribution.order_number IS 'Human-readable order number.';
COMMENT ON COLUMN analytics.chat_order_attribution.customer_id IS 'customers.id';
COMMENT ON COLUMN analytics.chat_order_attribution.ordered_at IS 'When the order was placed.';
COMMENT ON COLUMN analytics.chat_order_attribution.order_total IS 'Order total.';
COMMENT ON COLUMN analytics.chat_order_attribution.currency IS 'ISO-4217 currency of order_total.';
COMMENT ON COLUMN analytics.chat_order_attribution.conversation_id IS 'The conversation credited with the order.';
COMMENT ON COLUMN analytics.chat_order_attribution.attribution IS 'direct or suggested (see the view comment).';

-- The read-only role. Roles are cluster-wide, so create it only once, and skip (with a notice)
-- where the migrating user may not create roles (managed databases): grant it by hand there.
DO E'
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''CREATE ROLE bazaar_analyst NOLOGIN''\073
  END IF\073
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE ''bazaar_analyst not created: no CREATEROLE privilege''\073
END';

DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT USAGE ON SCHEMA public, analytics TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT ON ALL TABLES IN SCHEMA public, analytics TO bazaar_analyst''\073
    EXECUTE ''REVOKE SELECT ON customers, auth_sessions, password_reset_tokens, notifications FROM bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, email, first_name, last_name, phone, date_of_birth, role, status, email_verified_at, accepts_marketing_email, accepts_marketing_sms, last_login_at, failed_login_count, locked_until, deleted_at, created_at, updated_at) ON customers TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, customer_id, channel, user_agent, ip, created_at, last_seen_at, expires_at, revoked_at, revoked_reason) ON auth_sessions TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, customer_id, kind, channel, status, error, sent_at, read_at, created_at) ON notifications TO bazaar_analyst''\073
    EXECUTE ''ALTER DEFAULT PRIVILEGES IN SCHEMA public, analytics GRANT SELECT ON TABLES TO bazaar_analyst''\073
  END IF\073
END';
