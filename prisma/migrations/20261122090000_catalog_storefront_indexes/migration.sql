-- Catalog storefront: the default product ordering (RELEVANCE for plain lists: featured first,
-- then best-selling, then newest id) read straight from an index, so the first page and every
-- keyset page of `products` is an index range scan instead of a sort of all active products.
CREATE INDEX "products_active_relevance_idx" ON "products"("featured", "sold_count", "id") WHERE (status = 'active');
