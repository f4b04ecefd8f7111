-- notifications_attempts_check (migration notification_delivery) was a CHECK constraint: the
-- offline schema engine's describer panics on any CHECK constraint (see the row checks section of
-- migration search_checks_comments), which broke `prisma migrate diff` for everyone. The worker
-- only ever adds one to attempts, so the rule needs no enforcement: drop it.
ALTER TABLE "notifications" DROP CONSTRAINT IF EXISTS "notifications_attempts_check";
