-- Retention (issue 14): what the retention jobs need to age data as our sources ask without
-- breaking a foreign key or a total.
-- - Message text is purged, never the row (usage, cost and attribution point at it): markers
--   messages.content_purged_at and llm_requests.text_purged_at, with partial indexes on the rows
--   still to purge so each daily run reads only those.
-- - Orders are anonymized, never deleted: orders.anonymized_at, a partial index likewise.
-- - Removed abandoned guest carts leave their counts in cart_abandonment_archive, which
--   analytics.cart_abandonment adds back, so its history does not change when carts go. That view
--   is materialized here (it had become slow).
-- No semicolons inside string literals, function bodies or comments: Prisma's offline engine splits on them.

ALTER TABLE "messages" ADD COLUMN "content_purged_at" TIMESTAMPTZ(6);
CREATE INDEX "messages_unpurged_created_at_idx" ON "messages"("created_at") WHERE content_purged_at IS NULL;
COMMENT ON COLUMN "messages"."content_purged_at" IS 'When the retention job emptied content (MESSAGE_TEXT_RETENTION_DAYS after the message). NULL while the text is kept. The row, its sequence, ledger and costs stay.';

ALTER TABLE "llm_requests" ADD COLUMN "text_purged_at" TIMESTAMPTZ(6);
CREATE INDEX "llm_requests_unpurged_queued_at_idx" ON "llm_requests"("queued_at") WHERE text_purged_at IS NULL;
COMMENT ON COLUMN "llm_requests"."text_purged_at" IS 'When the retention job emptied prompt and system_prompt, the reply content in llm_responses and the tool arguments in chat_activities. NULL while kept. Tokens, cost and timings stay.';

ALTER TABLE "orders" ADD COLUMN "anonymized_at" TIMESTAMPTZ(6);
CREATE INDEX "orders_not_anonymized_created_at_idx" ON "orders"("created_at") WHERE anonymized_at IS NULL;
COMMENT ON COLUMN "orders"."anonymized_at" IS 'When the retention job anonymized the order (ORDER_ANONYMIZE_AFTER_DAYS after it was placed): addresses cut to their country, notes and idempotency key removed. Money, lines and status stay. NULL while not.';

CREATE TABLE "cart_abandonment_archive" (
    "day" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "carts" INTEGER NOT NULL,
    "abandoned_value" DECIMAL(14,2) NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cart_abandonment_archive_pkey" PRIMARY KEY ("day","currency")
);
COMMENT ON TABLE "cart_abandonment_archive" IS 'Abandoned guest carts with items that the retention job removed, counted per creation day and currency before they went, so analytics.cart_abandonment keeps its history.';
COMMENT ON COLUMN "cart_abandonment_archive"."day" IS 'UTC day the removed carts were created (as analytics.cart_abandonment.day).';
COMMENT ON COLUMN "cart_abandonment_archive"."currency" IS 'ISO-4217 currency of abandoned_value.';
COMMENT ON COLUMN "cart_abandonment_archive"."carts" IS 'Removed abandoned carts that had items.';
COMMENT ON COLUMN "cart_abandonment_archive"."abandoned_value" IS 'Sum of quantity x unit price of their lines.';
COMMENT ON COLUMN "cart_abandonment_archive"."updated_at" IS 'When carts of this day were last added.';

-- analytics.cart_abandonment reads every cart and line: 1.6 s on the 100k/200k seed (218k carts,
-- 490k lines). Materialized like the other slow views (refreshed by analytics.refresh), with the
-- same columns, and its idle-over-24-hours rule evaluated at each refresh.
DROP VIEW analytics.cart_abandonment;
CREATE MATERIALIZED VIEW analytics.cart_abandonment AS
WITH cart_values AS (
  SELECT ca.id, ca.status, ca.currency, ca.created_at, ca.updated_at,
         coalesce(sum(ci.quantity * ci.unit_price), 0) AS value,
         count(ci.id) AS lines
  FROM carts ca LEFT JOIN cart_items ci ON ci.cart_id = ca.id
  GROUP BY ca.id
), live AS (
  SELECT date_trunc('day', created_at)::date AS day,
         currency,
         count(*) FILTER (WHERE lines > 0) AS with_items,
         count(*) FILTER (WHERE status = 'converted') AS converted,
         count(*) FILTER (WHERE lines > 0 AND (status = 'abandoned' OR (status = 'active' AND updated_at < now() - interval '24 hours'))) AS abandoned,
         sum(value) FILTER (WHERE lines > 0 AND (status = 'abandoned' OR (status = 'active' AND updated_at < now() - interval '24 hours'))) AS value
  FROM cart_values
  GROUP BY 1, 2
), everything AS (
  SELECT day, currency, with_items, converted, abandoned, value FROM live
  UNION ALL
  SELECT day, currency, carts, 0, carts, abandoned_value FROM cart_abandonment_archive
)
SELECT day,
       currency,
       sum(with_items)::int AS carts_with_items,
       sum(converted)::int AS carts_converted,
       sum(abandoned)::int AS carts_abandoned,
       round(sum(abandoned)::numeric / nullif(sum(with_items), 0), 4) AS abandonment_rate,
       coalesce(sum(value), 0)::numeric(14, 2) AS abandoned_value
FROM everything
GROUP BY 1, 2;
CREATE UNIQUE INDEX cart_abandonment_day_currency_key ON analytics.cart_abandonment (day, currency);
COMMENT ON MATERIALIZED VIEW analytics.cart_abandonment IS 'One row per UTC day (cart creation) and currency. A cart counts as abandoned when it has items and is marked abandoned or had been idle for over 24 hours without converting when the view was refreshed (every 15 minutes, see analytics_refreshes). Abandoned guest carts removed by retention still count (cart_abandonment_archive).';
COMMENT ON COLUMN analytics.cart_abandonment.day IS 'UTC day the carts were created.';
COMMENT ON COLUMN analytics.cart_abandonment.currency IS 'ISO-4217 currency of abandoned_value.';
COMMENT ON COLUMN analytics.cart_abandonment.carts_with_items IS 'Carts that ever held at least one line (and still do, or were removed abandoned).';
COMMENT ON COLUMN analytics.cart_abandonment.carts_converted IS 'Carts turned into an order.';
COMMENT ON COLUMN analytics.cart_abandonment.carts_abandoned IS 'Carts with items, abandoned or idle over 24 hours.';
COMMENT ON COLUMN analytics.cart_abandonment.abandonment_rate IS 'carts_abandoned / carts_with_items (0..1), NULL when no cart had items.';
COMMENT ON COLUMN analytics.cart_abandonment.abandoned_value IS 'Sum of quantity x unit price snapshot of the abandoned carts.';

DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON cart_abandonment_archive, analytics.cart_abandonment TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (text_purged_at) ON llm_requests TO bazaar_analyst''\073
  END IF\073
END';
