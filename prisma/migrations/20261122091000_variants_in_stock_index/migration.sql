-- The storefront's inStock filter asks "does this product have a buyable variant?" for every
-- matched product. Without this partial index PostgreSQL hashes the whole variants table
-- (≈ 120 ms for a 1.7k-match search on 250k variants), with it an index-only scan (≈ 30 ms).
CREATE INDEX "product_variants_in_stock_idx" ON "product_variants"("product_id") WHERE is_active AND stock_on_hand > stock_reserved;
