-- analytics_events and search_logs partitioned by month of created_at (UTC), so retention drops a
-- whole month at once (no DELETE, no bloat, no vacuum debt) and the partitions.maintain job creates
-- the months ahead. Forward-only: each table is renamed aside, recreated partitioned under its old
-- name with the same columns, indexes, foreign key, trigger and comments, refilled with every row
-- (ids kept, the same sequence continues) and the old table dropped.
-- The primary key becomes (id, created_at): a partitioned table's unique keys must contain the
-- partition key. Nothing references these tables by foreign key.
-- A DEFAULT partition takes rows outside every monthly partition (a clock far off, or the job not
-- running for months), so an insert never fails, and create_month_partition moves such rows into the
-- month when it is created.
-- No semicolons inside string literals, function bodies or comments: Prisma's offline engine splits on them.

CREATE FUNCTION month_partition_name(parent text, month date) RETURNS text
LANGUAGE sql IMMUTABLE
AS E'SELECT parent || ''_'' || to_char(month, ''YYYY_MM'')';
COMMENT ON FUNCTION month_partition_name(text, date) IS
    'Name of the monthly partition of parent holding month, e.g. search_logs_2026_12.';

CREATE FUNCTION create_month_partition(parent text, month date) RETURNS text
LANGUAGE plpgsql
AS E'
DECLARE
    m date := date_trunc(''month'', month)::date\073
    part text := month_partition_name(parent, m)\073
    lo timestamptz := m::timestamp AT TIME ZONE ''UTC''\073
    hi timestamptz := (m + interval ''1 month'')::timestamp AT TIME ZONE ''UTC''\073
    moved bigint\073
BEGIN
    IF to_regclass(format(''public.%I'', part)) IS NOT NULL THEN
        RETURN NULL\073
    END IF\073
    EXECUTE format(''CREATE TABLE public.%I (LIKE public.%I INCLUDING DEFAULTS)'', part, parent)\073
    EXECUTE format(''WITH moved AS (DELETE FROM public.%I WHERE created_at >= %L AND created_at < %L RETURNING *)
                    INSERT INTO public.%I SELECT * FROM moved'', parent || ''_default'', lo, hi, part)\073
    GET DIAGNOSTICS moved = ROW_COUNT\073
    EXECUTE format(''ALTER TABLE public.%I ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)'', parent, part, lo, hi)\073
    EXECUTE format(''COMMENT ON TABLE public.%I IS %L'', part,
                   format(''Partition of %s for %s (UTC). Query %s, not this table.'', parent, to_char(m, ''YYYY-MM''), parent))\073
    IF moved > 0 THEN
        RAISE NOTICE ''% rows moved from %_default into %'', moved, parent, part\073
    END IF\073
    RETURN part\073
END\073
';
COMMENT ON FUNCTION create_month_partition(text, date) IS
    'Creates the monthly partition of parent (analytics_events or search_logs) holding month, moving rows of that month out of the DEFAULT partition. Returns its name, or NULL when it already existed.';

-- ─── search_logs ─────────────────────────────────────────────────────────────
ALTER TABLE "search_logs" RENAME TO "search_logs_unpartitioned";
ALTER INDEX "search_logs_pkey" RENAME TO "search_logs_unpartitioned_pkey";
ALTER INDEX "search_logs_normalized_query_idx" RENAME TO "search_logs_unpartitioned_normalized_query_idx";
ALTER INDEX "search_logs_created_at_idx" RENAME TO "search_logs_unpartitioned_created_at_idx";
ALTER INDEX "search_logs_zero_result_created_at_idx" RENAME TO "search_logs_unpartitioned_zero_result_created_at_idx";
ALTER INDEX "search_logs_customer_id_idx" RENAME TO "search_logs_unpartitioned_customer_id_idx";
ALTER TABLE "search_logs_unpartitioned" RENAME CONSTRAINT "search_logs_customer_id_fkey" TO "search_logs_unpartitioned_customer_id_fkey";

CREATE TABLE "search_logs" (
    "id" INTEGER NOT NULL DEFAULT nextval('search_logs_id_seq'),
    "query" TEXT NOT NULL,
    "normalized_query" TEXT NOT NULL,
    "filters" JSONB NOT NULL DEFAULT '{}',
    "sort" TEXT,
    "result_count" INTEGER NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    "zero_result" BOOLEAN NOT NULL,
    "corrected_query" TEXT,
    "customer_id" INTEGER,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "search_logs_pkey" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");
ALTER SEQUENCE "search_logs_id_seq" OWNED BY "search_logs"."id";
CREATE INDEX "search_logs_normalized_query_idx" ON "search_logs"("normalized_query");
CREATE INDEX "search_logs_created_at_idx" ON "search_logs"("created_at");
CREATE INDEX "search_logs_zero_result_created_at_idx" ON "search_logs"("zero_result", "created_at");
CREATE INDEX "search_logs_customer_id_idx" ON "search_logs"("customer_id");
ALTER TABLE "search_logs" ADD CONSTRAINT "search_logs_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
DROP TRIGGER "search_logs_checks_biu" ON "search_logs_unpartitioned";
CREATE TRIGGER "search_logs_checks_biu"
    BEFORE INSERT OR UPDATE ON "search_logs"
    FOR EACH ROW EXECUTE FUNCTION "search_logs_enforce_checks"();
COMMENT ON TRIGGER "search_logs_checks_biu" ON "search_logs" IS
    'Enforces the CHECK rules of search_logs (search_logs_result_count_check, search_logs_latency_ms_check).';
CREATE TABLE "search_logs_default" PARTITION OF "search_logs" DEFAULT;
COMMENT ON TABLE "search_logs_default" IS 'Partition of search_logs for rows outside every monthly partition (normally empty). Query search_logs, not this table.';

-- ─── analytics_events ────────────────────────────────────────────────────────
ALTER TABLE "analytics_events" RENAME TO "analytics_events_unpartitioned";
ALTER INDEX "analytics_events_pkey" RENAME TO "analytics_events_unpartitioned_pkey";
ALTER INDEX "analytics_events_name_created_at_idx" RENAME TO "analytics_events_unpartitioned_name_created_at_idx";
ALTER INDEX "analytics_events_customer_id_idx" RENAME TO "analytics_events_unpartitioned_customer_id_idx";
ALTER INDEX "analytics_events_created_at_idx" RENAME TO "analytics_events_unpartitioned_created_at_idx";
ALTER TABLE "analytics_events_unpartitioned" RENAME CONSTRAINT "analytics_events_customer_id_fkey" TO "analytics_events_unpartitioned_customer_id_fkey";

CREATE TABLE "analytics_events" (
    "id" INTEGER NOT NULL DEFAULT nextval('analytics_events_id_seq'),
    "name" TEXT NOT NULL,
    "customer_id" INTEGER,
    "session_id" TEXT,
    "anonymous_id" TEXT,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_events_pkey" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");
ALTER SEQUENCE "analytics_events_id_seq" OWNED BY "analytics_events"."id";
CREATE INDEX "analytics_events_name_created_at_idx" ON "analytics_events"("name", "created_at");
CREATE INDEX "analytics_events_customer_id_idx" ON "analytics_events"("customer_id");
CREATE INDEX "analytics_events_created_at_idx" ON "analytics_events"("created_at");
ALTER TABLE "analytics_events" ADD CONSTRAINT "analytics_events_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE TABLE "analytics_events_default" PARTITION OF "analytics_events" DEFAULT;
COMMENT ON TABLE "analytics_events_default" IS 'Partition of analytics_events for rows outside every monthly partition (normally empty). Query analytics_events, not this table.';

-- Monthly partitions from the oldest existing row to three months ahead, then the rows.
DO E'
DECLARE
    t text\073
    first_month date\073
    m date\073
BEGIN
    FOREACH t IN ARRAY ARRAY[''search_logs'', ''analytics_events''] LOOP
        EXECUTE format(''SELECT date_trunc(''''month'''', min(created_at) AT TIME ZONE ''''UTC'''')::date FROM %I'', t || ''_unpartitioned'') INTO first_month\073
        m := least(coalesce(first_month, current_date), date_trunc(''month'', now() AT TIME ZONE ''UTC'')::date)\073
        WHILE m <= (date_trunc(''month'', now() AT TIME ZONE ''UTC'') + interval ''3 months'')::date LOOP
            PERFORM create_month_partition(t, m)\073
            m := (m + interval ''1 month'')::date\073
        END LOOP\073
    END LOOP\073
END';
INSERT INTO "search_logs" SELECT * FROM "search_logs_unpartitioned";
-- analytics.search_terms followed the rename: point it at the new table (same definition).
CREATE OR REPLACE VIEW analytics.search_terms AS
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
INSERT INTO "analytics_events" SELECT * FROM "analytics_events_unpartitioned";
DROP TABLE "search_logs_unpartitioned";
DROP TABLE "analytics_events_unpartitioned";

-- Comments (a new table starts without them).
COMMENT ON TABLE "analytics_events" IS 'Product analytics events (page views, add to cart, ...), append-only. Partitioned by month of created_at (UTC): the partitions.maintain job creates months ahead and drops months past ANALYTICS_EVENTS_RETENTION_MONTHS whole.';
COMMENT ON COLUMN "analytics_events"."id" IS 'Surrogate key (unique with created_at, the partition key).';
COMMENT ON COLUMN "analytics_events"."name" IS 'Event name, e.g. product_viewed, cart_line_added.';
COMMENT ON COLUMN "analytics_events"."customer_id" IS 'Customer. NULL for anonymous visitors.';
COMMENT ON COLUMN "analytics_events"."session_id" IS 'Client/session identifier. NULL when unknown.';
COMMENT ON COLUMN "analytics_events"."anonymous_id" IS 'Anonymous visitor id (e.g. guest cart or cookie id). NULL when unknown.';
COMMENT ON COLUMN "analytics_events"."properties" IS 'Event properties as JSON.';
COMMENT ON COLUMN "analytics_events"."created_at" IS 'When the event happened (partition key).';
COMMENT ON TABLE "search_logs" IS 'One row per product search, for search-term and zero-result analysis. Partitioned by month of created_at (UTC): the partitions.maintain job creates months ahead and drops months past SEARCH_LOGS_RETENTION_MONTHS whole.';
COMMENT ON COLUMN "search_logs"."id" IS 'Surrogate key (unique with created_at, the partition key).';
COMMENT ON COLUMN "search_logs"."query" IS 'Query as typed.';
COMMENT ON COLUMN "search_logs"."normalized_query" IS 'Lower-cased, trimmed, whitespace-collapsed query (group by this).';
COMMENT ON COLUMN "search_logs"."filters" IS 'ProductFilter applied, as JSON ({} when none).';
COMMENT ON COLUMN "search_logs"."sort" IS 'ProductSort used (RELEVANCE, PRICE_ASC...). NULL = default.';
COMMENT ON COLUMN "search_logs"."result_count" IS 'Total matching products.';
COMMENT ON COLUMN "search_logs"."latency_ms" IS 'Server time to answer, in milliseconds.';
COMMENT ON COLUMN "search_logs"."zero_result" IS 'True when result_count = 0.';
COMMENT ON COLUMN "search_logs"."corrected_query" IS 'Spelling-corrected query suggested/used. NULL when none.';
COMMENT ON COLUMN "search_logs"."customer_id" IS 'Searching customer. NULL for guests.';
COMMENT ON COLUMN "search_logs"."created_at" IS 'When the search ran (partition key).';

DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON search_logs, analytics_events TO bazaar_analyst''\073
  END IF\073
END';
