-- Notification delivery (issue 14): a worker sends each notifications row (notification.send job,
-- retried with back-off) and records every attempt on the row. Password reset rows never carry the
-- link: the worker makes the token at send time and stores only its hash in password_reset_tokens.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.
-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_attempt_at" TIMESTAMPTZ(6),
ADD COLUMN     "message_id" TEXT,
ADD COLUMN     "recipient" TEXT;

-- Rows written before this migration carried the raw reset token: drop it (the link stops working
-- only if it was never used, and a new request sends a fresh one).
UPDATE "notifications" SET payload = (payload - 'token' - 'resetPath') || '{"redacted": true}'::jsonb
WHERE kind = 'password_reset' AND payload->>'token' IS NOT NULL;

ALTER TABLE "notifications" ADD CONSTRAINT "notifications_attempts_check" CHECK (attempts >= 0);

COMMENT ON COLUMN "notifications"."attempts" IS 'Delivery attempts made so far (0 while queued).';
COMMENT ON COLUMN "notifications"."last_attempt_at" IS 'When delivery was last attempted. NULL before the first attempt.';
COMMENT ON COLUMN "notifications"."message_id" IS 'Message-ID the mail transport gave the delivered mail (to trace it in the mail server''s logs). NULL until sent or for in_app rows.';
COMMENT ON COLUMN "notifications"."recipient" IS 'Address the mail was sent to (the customer''s email at send time). NULL until attempted or for in_app rows.';
COMMENT ON COLUMN "notifications"."status" IS 'pending (queued or being retried), sent (accepted by the mail server, or stored for in_app) or failed (given up: see error).';
COMMENT ON COLUMN "notifications"."payload" IS 'Template data as JSON (e.g. product id, old/new price, order number). Never a secret: reset links are made at send time.';

-- The analysts' role reads the delivery columns too (notifications is granted column by column:
-- payload stays hidden).
DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT (attempts, last_attempt_at, message_id, recipient) ON notifications TO bazaar_analyst''\073
  END IF\073
END';
