-- The analytics.refresh job skips a materialized view whose source tables have not been written
-- since its last refresh (on a quiet or read-only database every 15 minutes it redid seconds of
-- work for nothing, competing with the storefront). It compares the rows inserted, updated and
-- deleted in those tables, summed from pg_stat_user_tables, with the sum it saw last time.
-- No semicolons inside string literals, function bodies or comments: Prisma's offline engine splits on them.

ALTER TABLE "analytics_refreshes" ADD COLUMN "source_writes" BIGINT;
COMMENT ON COLUMN "analytics_refreshes"."source_writes" IS 'Rows inserted, updated and deleted in the tables the view reads (pg_stat_user_tables, partitions and upstream views included) when it was last refreshed: the job skips the view while the sum is unchanged. NULL: refreshed outside the job, always refreshed next time.';
