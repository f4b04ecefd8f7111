-- Sign-in links a visitor's anonymous storefront events to the customer (customerLogin and
-- customerRegister take the storefront's anonymousId): this partial index finds the events still
-- unlinked of one anonymous id without reading a month of events. Partitioned table: the index is
-- created on every partition, and on the partitions created later.
-- No semicolons inside string literals, function bodies or comments: Prisma's offline engine splits on them.

CREATE INDEX "analytics_events_unlinked_anonymous_id_idx" ON "analytics_events"("anonymous_id", "created_at") WHERE customer_id IS NULL AND anonymous_id IS NOT NULL;
