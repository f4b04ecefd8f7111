-- Wishlist alerts (issue 14): the wishlist.alerts.evaluate job compares each alert-enabled item
-- with what it last saw and alerted, so an item alerts once per change and never twice for the
-- same price.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.
-- AlterTable
ALTER TABLE "wishlist_items" ADD COLUMN     "last_alerted_price" DECIMAL(12,2),
ADD COLUMN     "last_seen_available" BOOLEAN;

-- Items saved before alerts existed start from what is true now, so the first evaluation does not
-- announce a "back in stock" that nobody saw go out of stock.
UPDATE "wishlist_items" wi SET last_seen_available = (
  p.status = 'active' AND CASE WHEN wi.variant_id IS NULL
    THEN EXISTS (SELECT 1 FROM product_variants x
                 WHERE x.product_id = p.id AND x.is_active AND x.stock_on_hand > x.stock_reserved)
    ELSE EXISTS (SELECT 1 FROM product_variants v
                 WHERE v.id = wi.variant_id AND v.is_active AND v.stock_on_hand > v.stock_reserved) END)
FROM products p WHERE p.id = wi.product_id;

-- CreateIndex
CREATE INDEX "wishlist_items_alerts_idx" ON "wishlist_items"("product_id") WHERE alert_enabled;

COMMENT ON COLUMN "wishlist_items"."last_alerted_price" IS 'Price of the last price alert (the lowest alerted so far: an item alerts again only below it). NULL before the first alert, and again after the target price changes.';
COMMENT ON COLUMN "wishlist_items"."last_seen_available" IS 'Whether the item could be bought when alerts last looked (an alert fires when it goes from false to true). NULL until first seen.';
COMMENT ON COLUMN "wishlist_items"."last_alerted_at" IS 'When the last alert (price or back in stock) was raised. NULL if never.';
COMMENT ON INDEX "wishlist_items_alerts_idx" IS 'Alert-enabled items of the products a catalog change touched (wishlist.alerts.evaluate).';
