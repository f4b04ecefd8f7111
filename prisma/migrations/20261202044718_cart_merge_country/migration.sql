-- Carts (issue 8): guest carts merged at sign-in get their own status and point at the cart they
-- went into (so a retried sign-in finds the merge already done), carts remember the country their
-- tax and shipping are estimated for, and expired guest carts are found by a partial index.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.

-- The new value is not used in this migration (PostgreSQL forbids that in the same transaction).
ALTER TYPE "cart_status" ADD VALUE 'merged';
COMMENT ON TYPE "cart_status" IS 'Cart lifecycle: active (open, at most one per customer), converted (became an order), abandoned (guest cart expired), merged (a guest cart whose lines moved into the customer''s cart at sign-in).';

ALTER TABLE "carts" ADD COLUMN     "country" CHAR(2),
ADD COLUMN     "merged_at" TIMESTAMPTZ(6),
ADD COLUMN     "merged_into_id" UUID;

CREATE INDEX "carts_merged_into_id_idx" ON "carts"("merged_into_id");
CREATE INDEX "carts_guest_expiry_idx" ON "carts"("expires_at") WHERE (status = 'active' AND customer_id IS NULL);

ALTER TABLE "carts" ADD CONSTRAINT "carts_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "carts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

COMMENT ON COLUMN "carts"."status" IS 'active, converted (checked out), abandoned (guest cart expired) or merged (guest cart merged into a customer cart at sign-in).';
COMMENT ON COLUMN "carts"."expires_at" IS 'When a guest cart expires (slides forward on every change, GUEST_CART_TTL_DAYS). NULL for customer carts, which do not expire.';
COMMENT ON COLUMN "carts"."country" IS 'ISO 3166-1 alpha-2 country the cart''s tax and shipping are estimated for. NULL = the customer''s default shipping address, else DEFAULT_COUNTRY. Checkout uses the shipping address.';
COMMENT ON COLUMN "carts"."merged_into_id" IS 'For a merged guest cart: the customer cart its lines moved into. NULL otherwise.';
COMMENT ON COLUMN "carts"."merged_at" IS 'When the guest cart was merged at sign-in. NULL otherwise.';
COMMENT ON INDEX "carts_guest_expiry_idx" IS 'Active guest carts by expiry, for the job that abandons expired ones.';

CREATE OR REPLACE FUNCTION "carts_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''carts_currency_check'')\073
    END IF\073
    IF NOT (NEW."country" ~ ''^[A-Z]{2}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''carts_country_check'')\073
    END IF\073
    IF NOT ((NEW."status" = ''merged'') = (NEW."merged_into_id" IS NOT NULL OR NEW."merged_at" IS NOT NULL)) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''carts_merged_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "carts_enforce_checks"() IS
    'Row checks of carts: carts_currency_check, carts_country_check (upper-case alpha-2), carts_merged_check (merged carts, and only they, carry merged_at / merged_into_id).';
COMMENT ON TRIGGER "carts_checks_biu" ON "carts" IS
    'Enforces the CHECK rules of carts (carts_currency_check, carts_country_check, carts_merged_check).';
