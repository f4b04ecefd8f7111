-- Checkout and orders (issue 8): payments through built-in providers, stock reservations of
-- unpaid orders with a deadline, shipments with carrier tracking events, checkout notes.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.
-- CreateEnum
CREATE TYPE "payment_provider" AS ENUM ('manual', 'test');

-- CreateEnum
CREATE TYPE "tracking_event_status" AS ENUM ('info_received', 'in_transit', 'out_for_delivery', 'delivered', 'exception');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "notes" TEXT,
ADD COLUMN     "reservation_expires_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "payments" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'pending',
    "provider_transaction_id" TEXT,
    "authorized_at" TIMESTAMPTZ(6),
    "paid_at" TIMESTAMPTZ(6),
    "failed_at" TIMESTAMPTZ(6),
    "refunded_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipments" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "carrier" TEXT NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "tracking_url" TEXT,
    "shipped_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipment_tracking_events" (
    "id" SERIAL NOT NULL,
    "shipment_id" INTEGER NOT NULL,
    "status" "tracking_event_status" NOT NULL,
    "description" TEXT,
    "location" TEXT,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipment_tracking_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payments_order_id_idx" ON "payments"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_provider_transaction_id_key" ON "payments"("provider", "provider_transaction_id");

-- CreateIndex
CREATE INDEX "shipments_order_id_idx" ON "shipments"("order_id");

-- CreateIndex
CREATE INDEX "shipment_tracking_events_shipment_id_occurred_at_idx" ON "shipment_tracking_events"("shipment_id", "occurred_at");

-- CreateIndex
CREATE INDEX "orders_reservation_expiry_idx" ON "orders"("reservation_expires_at") WHERE (reservation_expires_at IS NOT NULL);

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment_tracking_events" ADD CONSTRAINT "shipment_tracking_events_shipment_id_fkey" FOREIGN KEY ("shipment_id") REFERENCES "shipments"("id") ON DELETE CASCADE ON UPDATE CASCADE;


COMMENT ON TYPE "payment_provider" IS 'Built-in payment providers: manual (paid outside the shop, e.g. bank transfer, confirmed by an admin, units held until then) and test (authorizes at once, for development and tests). No real gateway.';
COMMENT ON TYPE "tracking_event_status" IS 'What a carrier reported about a shipment: info_received, in_transit, out_for_delivery, delivered, exception.';

COMMENT ON COLUMN "orders"."notes" IS 'Notes the customer left at checkout (at most 1000 characters). NULL when none.';
COMMENT ON COLUMN "orders"."reservation_expires_at" IS 'Set while the order''s units are held in product_variants.stock_reserved awaiting payment (manual payments): the orders.unpaid.cancel job cancels the order and releases them after this time. NULL once paid (units taken from stock), cancelled, or when nothing is held.';
COMMENT ON INDEX "orders_reservation_expiry_idx" IS 'Unpaid orders holding stock, by deadline, for the job that cancels them.';

COMMENT ON TABLE "payments" IS 'Payments of orders through a provider (one per checkout). Amounts in currency. Order history: never deleted.';
COMMENT ON COLUMN "payments"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "payments"."order_id" IS 'Order paid.';
COMMENT ON COLUMN "payments"."provider" IS 'Provider that handles the payment (see type payment_provider).';
COMMENT ON COLUMN "payments"."amount" IS 'Amount to collect, in currency (the order total).';
COMMENT ON COLUMN "payments"."currency" IS 'ISO 4217 currency of amount.';
COMMENT ON COLUMN "payments"."status" IS 'pending (awaiting money), authorized, paid, failed, refunded or partially_refunded (type payment_status).';
COMMENT ON COLUMN "payments"."provider_transaction_id" IS 'The provider''s reference (unique per provider). NULL until the provider gives one (manual payments: the reference entered when marked paid, if any).';
COMMENT ON COLUMN "payments"."authorized_at" IS 'When the provider authorized the amount. NULL otherwise.';
COMMENT ON COLUMN "payments"."paid_at" IS 'When the money was collected (captured, or marked paid by an admin). NULL otherwise.';
COMMENT ON COLUMN "payments"."failed_at" IS 'When the payment failed or was given up (order cancelled unpaid). NULL otherwise.';
COMMENT ON COLUMN "payments"."refunded_at" IS 'When the amount was refunded (or an authorization voided). NULL otherwise.';
COMMENT ON COLUMN "payments"."created_at" IS 'When the payment was started (at checkout).';
COMMENT ON COLUMN "payments"."updated_at" IS 'When the payment last changed.';

COMMENT ON TABLE "shipments" IS 'Parcels of an order handed to a carrier (created when an admin marks the order shipped).';
COMMENT ON COLUMN "shipments"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "shipments"."order_id" IS 'Order shipped.';
COMMENT ON COLUMN "shipments"."carrier" IS 'Carrier name, e.g. UPS, DHL.';
COMMENT ON COLUMN "shipments"."tracking_number" IS 'The carrier''s tracking number.';
COMMENT ON COLUMN "shipments"."tracking_url" IS 'Tracking page at the carrier. NULL when unknown.';
COMMENT ON COLUMN "shipments"."shipped_at" IS 'When the parcel left.';
COMMENT ON COLUMN "shipments"."delivered_at" IS 'When it was delivered. NULL until then.';
COMMENT ON COLUMN "shipments"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "shipments"."updated_at" IS 'When the row last changed.';

COMMENT ON TABLE "shipment_tracking_events" IS 'Tracking events of a shipment as the carrier reported them (at most 100 per shipment).';
COMMENT ON COLUMN "shipment_tracking_events"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "shipment_tracking_events"."shipment_id" IS 'Shipment (events are deleted with it).';
COMMENT ON COLUMN "shipment_tracking_events"."status" IS 'What happened (type tracking_event_status). delivered also marks the order delivered.';
COMMENT ON COLUMN "shipment_tracking_events"."description" IS 'The carrier''s text, e.g. Arrived at facility. NULL when none.';
COMMENT ON COLUMN "shipment_tracking_events"."location" IS 'Where it happened, e.g. Memphis, TN. NULL when unknown.';
COMMENT ON COLUMN "shipment_tracking_events"."occurred_at" IS 'When it happened (carrier time).';
COMMENT ON COLUMN "shipment_tracking_events"."created_at" IS 'When it was recorded here.';

CREATE FUNCTION "payments_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."amount" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''payments_amount_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''payments_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "payments_enforce_checks"() IS
    'Row checks of payments: payments_amount_check, payments_currency_check.';
CREATE TRIGGER "payments_checks_biu"
    BEFORE INSERT OR UPDATE ON "payments"
    FOR EACH ROW EXECUTE FUNCTION "payments_enforce_checks"();
COMMENT ON TRIGGER "payments_checks_biu" ON "payments" IS
    'Enforces the CHECK rules of payments (payments_amount_check, payments_currency_check).';

CREATE FUNCTION "orders_notes_check"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (length(NEW."notes") <= 1000) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_notes_length_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "orders_notes_check"() IS 'Row check of orders: orders_notes_length_check (notes at most 1000 characters).';
CREATE TRIGGER "orders_notes_check_biu"
    BEFORE INSERT OR UPDATE OF "notes" ON "orders"
    FOR EACH ROW EXECUTE FUNCTION "orders_notes_check"();
COMMENT ON TRIGGER "orders_notes_check_biu" ON "orders" IS 'Enforces orders_notes_length_check.';

-- The analysts' role reads the new tables (nothing secret in them), granted explicitly, table by table.
DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON payments, shipments, shipment_tracking_events TO bazaar_analyst''\073
  END IF\073
END';
