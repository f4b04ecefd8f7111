-- Bazaar: search, integrity and documentation layer (hand-written, forward-only).
--
-- Everything here is either invisible to Prisma's schema diff (generated-column expressions,
-- triggers, functions, CHECK constraints, NULLS NOT DISTINCT, comments, rows) or recreates an
-- object under exactly the name/shape the Prisma schema declares, so
-- `prisma migrate diff --from-migrations prisma/migrations --to-schema prisma/schema.prisma`
-- reports no drift.

-- ═════════════════════════════════════════════════════════════════════════════
-- 1. Generated tsvector columns (schema declares them Unsupported("tsvector") @default(dbgenerated()))
--    PostgreSQL 15 cannot turn an existing column into a generated one, so drop and re-add,
--    then recreate the GIN index under the name Prisma expects.
-- ═════════════════════════════════════════════════════════════════════════════

ALTER TABLE "products" DROP COLUMN "search_vector";
ALTER TABLE "products" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, "name"), 'A')
 || setweight(to_tsvector('english'::regconfig, "search_text"), 'B')
 || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C')
) STORED;
CREATE INDEX "products_search_vector_idx" ON "products" USING GIN ("search_vector");

ALTER TABLE "categories" DROP COLUMN "search_vector";
ALTER TABLE "categories" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, "name"), 'A')
 || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'B')
) STORED;
CREATE INDEX "categories_search_vector_idx" ON "categories" USING GIN ("search_vector");

ALTER TABLE "messages" DROP COLUMN "search_vector";
ALTER TABLE "messages" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
    to_tsvector('english'::regconfig, "content")
) STORED;
CREATE INDEX "messages_search_vector_idx" ON "messages" USING GIN ("search_vector");

-- ═════════════════════════════════════════════════════════════════════════════
-- 2. products.search_text = brand name + category name + tag names, kept current by triggers.
--
-- NOTE on quoting: the migration runner used with driver adapters (@prisma/adapter-pg
-- executeScript) splits a migration on EVERY semicolon, dollar quotes included. So this file
-- contains semicolons only as statement terminators: PL/pgSQL bodies are E'...' literals in which
-- \073 (octal escape) stands for the semicolon between PL/pgSQL statements.
-- ═════════════════════════════════════════════════════════════════════════════

CREATE FUNCTION "product_search_text"(p_product_id integer, p_brand_id integer, p_category_id integer)
RETURNS text
LANGUAGE sql
STABLE
AS $$
    SELECT concat_ws(' ',
        (SELECT b.name FROM brands b WHERE b.id = p_brand_id),
        (SELECT c.name FROM categories c WHERE c.id = p_category_id),
        (SELECT string_agg(t.tag, ' ' ORDER BY t.tag) FROM product_tags t WHERE t.product_id = p_product_id)
    )
$$;
COMMENT ON FUNCTION "product_search_text"(integer, integer, integer) IS
    'Builds products.search_text: brand name, category name and all tag names of one product, space separated ('''' when none).';

-- Row trigger on products: (re)computes search_text on insert and whenever brand_id, category_id
-- or search_text itself is written (so a manual write can never leave it stale).
CREATE FUNCTION "products_set_search_text"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    NEW.search_text := product_search_text(NEW.id, NEW.brand_id, NEW.category_id)\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "products_set_search_text"() IS
    'BEFORE INSERT/UPDATE trigger function on products: recomputes search_text from brand, category and tags.';

CREATE TRIGGER "products_search_text_biu"
    BEFORE INSERT OR UPDATE OF "brand_id", "category_id", "search_text" ON "products"
    FOR EACH ROW EXECUTE FUNCTION "products_set_search_text"();

-- Brand renamed → refresh its products (statement level: one UPDATE per statement, bulk friendly).
CREATE FUNCTION "brands_refresh_product_search_text"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    UPDATE products p
       SET search_text = product_search_text(p.id, p.brand_id, p.category_id)
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
     WHERE p.brand_id = n.id
       AND n.name IS DISTINCT FROM o.name\073
    RETURN NULL\073
END\073
';
COMMENT ON FUNCTION "brands_refresh_product_search_text"() IS
    'AFTER UPDATE statement trigger function on brands: refreshes products.search_text of products whose brand was renamed.';

CREATE TRIGGER "brands_search_text_au"
    AFTER UPDATE ON "brands"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "brands_refresh_product_search_text"();

-- Category renamed → refresh its products.
CREATE FUNCTION "categories_refresh_product_search_text"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    UPDATE products p
       SET search_text = product_search_text(p.id, p.brand_id, p.category_id)
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
     WHERE p.category_id = n.id
       AND n.name IS DISTINCT FROM o.name\073
    RETURN NULL\073
END\073
';
COMMENT ON FUNCTION "categories_refresh_product_search_text"() IS
    'AFTER UPDATE statement trigger function on categories: refreshes products.search_text of products whose category was renamed.';

CREATE TRIGGER "categories_search_text_au"
    AFTER UPDATE ON "categories"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "categories_refresh_product_search_text"();

-- Tags added / removed / changed → refresh the affected products.
-- (A trigger with transition tables may have only one event, hence three triggers.)
CREATE FUNCTION "product_tags_refresh_product_search_text"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF TG_OP = ''INSERT'' THEN
        UPDATE products p
           SET search_text = product_search_text(p.id, p.brand_id, p.category_id)
         WHERE p.id IN (SELECT product_id FROM new_rows)\073
    ELSIF TG_OP = ''DELETE'' THEN
        UPDATE products p
           SET search_text = product_search_text(p.id, p.brand_id, p.category_id)
         WHERE p.id IN (SELECT product_id FROM old_rows)\073
    ELSE
        UPDATE products p
           SET search_text = product_search_text(p.id, p.brand_id, p.category_id)
         WHERE p.id IN (SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows)\073
    END IF\073
    RETURN NULL\073
END\073
';
COMMENT ON FUNCTION "product_tags_refresh_product_search_text"() IS
    'AFTER INSERT/UPDATE/DELETE statement trigger function on product_tags: refreshes products.search_text of the affected products.';

CREATE TRIGGER "product_tags_search_text_ai"
    AFTER INSERT ON "product_tags"
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "product_tags_refresh_product_search_text"();
CREATE TRIGGER "product_tags_search_text_au"
    AFTER UPDATE ON "product_tags"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "product_tags_refresh_product_search_text"();
CREATE TRIGGER "product_tags_search_text_ad"
    AFTER DELETE ON "product_tags"
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "product_tags_refresh_product_search_text"();

-- ═════════════════════════════════════════════════════════════════════════════
-- 3. Unique keys over nullable columns: NULLS NOT DISTINCT (PostgreSQL 15+).
--    Prisma declares the same index name/columns, it does not read the NULLS option.
-- ═════════════════════════════════════════════════════════════════════════════

DROP INDEX "llm_usage_stats_hour_provider_model_customer_key";
CREATE UNIQUE INDEX "llm_usage_stats_hour_provider_model_customer_key"
    ON "llm_usage_stats" ("hour", "provider", "model", "customer_id") NULLS NOT DISTINCT;

DROP INDEX "wishlist_items_wishlist_product_variant_key";
CREATE UNIQUE INDEX "wishlist_items_wishlist_product_variant_key"
    ON "wishlist_items" ("wishlist_id", "product_id", "variant_id") NULLS NOT DISTINCT;

-- ═════════════════════════════════════════════════════════════════════════════
-- 4. Row checks (CHECK-constraint semantics, implemented as BEFORE INSERT/UPDATE triggers)
--
-- Why triggers and not ALTER TABLE ... ADD CONSTRAINT ... CHECK: with the offline schema engine
-- used here (prisma-offline, schema-engine-wasm over @prisma/adapter-pg) any CHECK constraint makes
-- the schema describer panic (pg_constraint.contype is a "char" column it cannot read), which
-- breaks `prisma migrate diff` / `migrate dev` for everyone. Triggers are invisible to Prisma.
-- Semantics match a CHECK constraint exactly: the condition is evaluated on every inserted or
-- updated row, NULL counts as passing, and a failure raises SQLSTATE 23514 (check_violation) with
-- the constraint name in the error's CONSTRAINT field and the usual message
--   new row for relation "<table>" violates check constraint "<name>"
-- ═════════════════════════════════════════════════════════════════════════════

CREATE FUNCTION "raise_check_violation"(p_table text, p_constraint text) RETURNS void
LANGUAGE plpgsql
AS E'
BEGIN
    RAISE EXCEPTION ''new row for relation "%" violates check constraint "%"'', p_table, p_constraint
        USING ERRCODE = ''check_violation'', CONSTRAINT = p_constraint, TABLE = p_table\073
END\073
';
COMMENT ON FUNCTION "raise_check_violation"(text, text) IS
    'Raises SQLSTATE 23514 check_violation for constraint p_constraint on table p_table (used by the *_enforce_checks triggers).';

CREATE FUNCTION "categories_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."parent_id" IS NULL OR NEW."parent_id" <> NEW."id") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''categories_not_own_parent_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "categories_enforce_checks"() IS
    'Row checks of categories: categories_not_own_parent_check.';
CREATE TRIGGER "categories_checks_biu"
    BEFORE INSERT OR UPDATE ON "categories"
    FOR EACH ROW EXECUTE FUNCTION "categories_enforce_checks"();
COMMENT ON TRIGGER "categories_checks_biu" ON "categories" IS
    'Enforces the CHECK rules of categories (categories_not_own_parent_check).';

-- Category tree must stay a tree: re-parenting may not create a cycle (A -> B -> A).
CREATE FUNCTION "categories_prevent_cycle"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NEW.parent_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE ancestors(id, parent_id) AS (
            SELECT c.id, c.parent_id FROM categories c WHERE c.id = NEW.parent_id
            UNION
            SELECT c.id, c.parent_id FROM categories c JOIN ancestors a ON c.id = a.parent_id
        )
        SELECT 1 FROM ancestors WHERE ancestors.id = NEW.id
    ) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''categories_no_cycle_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "categories_prevent_cycle"() IS
    'Row check categories_no_cycle_check: a category may not become a descendant of itself.';
CREATE TRIGGER "categories_no_cycle_bu"
    BEFORE UPDATE OF "parent_id" ON "categories"
    FOR EACH ROW EXECUTE FUNCTION "categories_prevent_cycle"();
COMMENT ON TRIGGER "categories_no_cycle_bu" ON "categories" IS
    'Enforces categories_no_cycle_check (no cycles in the category tree).';

CREATE FUNCTION "products_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_price_check'')\073
    END IF\073
    IF NOT (NEW."compare_at_price" IS NULL OR NEW."compare_at_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_compare_at_price_check'')\073
    END IF\073
    IF NOT (NEW."sale_price" IS NULL OR NEW."sale_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_sale_price_check'')\073
    END IF\073
    IF NOT (NEW."sale_starts_at" IS NULL OR NEW."sale_ends_at" IS NULL OR NEW."sale_ends_at" > NEW."sale_starts_at") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_sale_window_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_currency_check'')\073
    END IF\073
    IF NOT (NEW."rating_average" BETWEEN 0 AND 5) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_rating_average_check'')\073
    END IF\073
    IF NOT (NEW."rating_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_rating_count_check'')\073
    END IF\073
    IF NOT (NEW."sold_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_sold_count_check'')\073
    END IF\073
    IF NOT (NEW."weight_grams" IS NULL OR NEW."weight_grams" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_weight_grams_check'')\073
    END IF\073
    IF NOT (NEW."external_id" IS NULL OR NEW."marketplace" IS NOT NULL) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''products_external_ref_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "products_enforce_checks"() IS
    'Row checks of products: products_price_check, products_compare_at_price_check, products_sale_price_check, products_sale_window_check, products_currency_check, products_rating_average_check, products_rating_count_check, products_sold_count_check, products_weight_grams_check, products_external_ref_check.';
CREATE TRIGGER "products_checks_biu"
    BEFORE INSERT OR UPDATE ON "products"
    FOR EACH ROW EXECUTE FUNCTION "products_enforce_checks"();
COMMENT ON TRIGGER "products_checks_biu" ON "products" IS
    'Enforces the CHECK rules of products (products_price_check, products_compare_at_price_check, products_sale_price_check, products_sale_window_check, products_currency_check, products_rating_average_check, products_rating_count_check, products_sold_count_check, products_weight_grams_check, products_external_ref_check).';

CREATE FUNCTION "product_images_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."position" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_images_position_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "product_images_enforce_checks"() IS
    'Row checks of product_images: product_images_position_check.';
CREATE TRIGGER "product_images_checks_biu"
    BEFORE INSERT OR UPDATE ON "product_images"
    FOR EACH ROW EXECUTE FUNCTION "product_images_enforce_checks"();
COMMENT ON TRIGGER "product_images_checks_biu" ON "product_images" IS
    'Enforces the CHECK rules of product_images (product_images_position_check).';

CREATE FUNCTION "product_tags_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (length(btrim(NEW."tag")) BETWEEN 1 AND 100) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_tags_tag_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "product_tags_enforce_checks"() IS
    'Row checks of product_tags: product_tags_tag_check.';
CREATE TRIGGER "product_tags_checks_biu"
    BEFORE INSERT OR UPDATE ON "product_tags"
    FOR EACH ROW EXECUTE FUNCTION "product_tags_enforce_checks"();
COMMENT ON TRIGGER "product_tags_checks_biu" ON "product_tags" IS
    'Enforces the CHECK rules of product_tags (product_tags_tag_check).';

CREATE FUNCTION "product_variants_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."price" IS NULL OR NEW."price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_variants_price_check'')\073
    END IF\073
    IF NOT (NEW."stock_on_hand" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_variants_stock_on_hand_check'')\073
    END IF\073
    IF NOT (NEW."stock_reserved" >= 0 AND NEW."stock_reserved" <= NEW."stock_on_hand") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_variants_stock_reserved_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "product_variants_enforce_checks"() IS
    'Row checks of product_variants: product_variants_price_check, product_variants_stock_on_hand_check, product_variants_stock_reserved_check.';
CREATE TRIGGER "product_variants_checks_biu"
    BEFORE INSERT OR UPDATE ON "product_variants"
    FOR EACH ROW EXECUTE FUNCTION "product_variants_enforce_checks"();
COMMENT ON TRIGGER "product_variants_checks_biu" ON "product_variants" IS
    'Enforces the CHECK rules of product_variants (product_variants_price_check, product_variants_stock_on_hand_check, product_variants_stock_reserved_check).';

CREATE FUNCTION "inventory_movements_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."stock_after" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''inventory_movements_stock_after_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "inventory_movements_enforce_checks"() IS
    'Row checks of inventory_movements: inventory_movements_stock_after_check.';
CREATE TRIGGER "inventory_movements_checks_biu"
    BEFORE INSERT OR UPDATE ON "inventory_movements"
    FOR EACH ROW EXECUTE FUNCTION "inventory_movements_enforce_checks"();
COMMENT ON TRIGGER "inventory_movements_checks_biu" ON "inventory_movements" IS
    'Enforces the CHECK rules of inventory_movements (inventory_movements_stock_after_check).';

CREATE FUNCTION "product_reviews_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."rating" BETWEEN 1 AND 5) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_reviews_rating_check'')\073
    END IF\073
    IF NOT (NEW."body" IS NULL OR char_length(NEW."body") <= 2000) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_reviews_body_length_check'')\073
    END IF\073
    IF NOT (NEW."title" IS NULL OR char_length(NEW."title") <= 200) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''product_reviews_title_length_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "product_reviews_enforce_checks"() IS
    'Row checks of product_reviews: product_reviews_rating_check, product_reviews_body_length_check, product_reviews_title_length_check.';
CREATE TRIGGER "product_reviews_checks_biu"
    BEFORE INSERT OR UPDATE ON "product_reviews"
    FOR EACH ROW EXECUTE FUNCTION "product_reviews_enforce_checks"();
COMMENT ON TRIGGER "product_reviews_checks_biu" ON "product_reviews" IS
    'Enforces the CHECK rules of product_reviews (product_reviews_rating_check, product_reviews_body_length_check, product_reviews_title_length_check).';

CREATE FUNCTION "customers_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."email" ~ ''^[^@[:space:]]+@[^@[:space:]]+$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customers_email_check'')\073
    END IF\073
    IF NOT (NEW."failed_login_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customers_failed_login_count_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "customers_enforce_checks"() IS
    'Row checks of customers: customers_email_check, customers_failed_login_count_check.';
CREATE TRIGGER "customers_checks_biu"
    BEFORE INSERT OR UPDATE ON "customers"
    FOR EACH ROW EXECUTE FUNCTION "customers_enforce_checks"();
COMMENT ON TRIGGER "customers_checks_biu" ON "customers" IS
    'Enforces the CHECK rules of customers (customers_email_check, customers_failed_login_count_check).';

CREATE FUNCTION "customer_addresses_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."country" ~ ''^[A-Z]{2}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customer_addresses_country_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "customer_addresses_enforce_checks"() IS
    'Row checks of customer_addresses: customer_addresses_country_check.';
CREATE TRIGGER "customer_addresses_checks_biu"
    BEFORE INSERT OR UPDATE ON "customer_addresses"
    FOR EACH ROW EXECUTE FUNCTION "customer_addresses_enforce_checks"();
COMMENT ON TRIGGER "customer_addresses_checks_biu" ON "customer_addresses" IS
    'Enforces the CHECK rules of customer_addresses (customer_addresses_country_check).';

CREATE FUNCTION "customer_preferences_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."min_price" IS NULL OR NEW."min_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customer_preferences_min_price_check'')\073
    END IF\073
    IF NOT (NEW."max_price" IS NULL OR NEW."max_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customer_preferences_max_price_check'')\073
    END IF\073
    IF NOT (NEW."min_price" IS NULL OR NEW."max_price" IS NULL OR NEW."max_price" >= NEW."min_price") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customer_preferences_price_range_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''customer_preferences_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "customer_preferences_enforce_checks"() IS
    'Row checks of customer_preferences: customer_preferences_min_price_check, customer_preferences_max_price_check, customer_preferences_price_range_check, customer_preferences_currency_check.';
CREATE TRIGGER "customer_preferences_checks_biu"
    BEFORE INSERT OR UPDATE ON "customer_preferences"
    FOR EACH ROW EXECUTE FUNCTION "customer_preferences_enforce_checks"();
COMMENT ON TRIGGER "customer_preferences_checks_biu" ON "customer_preferences" IS
    'Enforces the CHECK rules of customer_preferences (customer_preferences_min_price_check, customer_preferences_max_price_check, customer_preferences_price_range_check, customer_preferences_currency_check).';

CREATE FUNCTION "auth_sessions_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."token_hash" ~ ''^[0-9a-f]{64}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''auth_sessions_token_hash_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "auth_sessions_enforce_checks"() IS
    'Row checks of auth_sessions: auth_sessions_token_hash_check.';
CREATE TRIGGER "auth_sessions_checks_biu"
    BEFORE INSERT OR UPDATE ON "auth_sessions"
    FOR EACH ROW EXECUTE FUNCTION "auth_sessions_enforce_checks"();
COMMENT ON TRIGGER "auth_sessions_checks_biu" ON "auth_sessions" IS
    'Enforces the CHECK rules of auth_sessions (auth_sessions_token_hash_check).';

CREATE FUNCTION "password_reset_tokens_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."token_hash" ~ ''^[0-9a-f]{64}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''password_reset_tokens_token_hash_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "password_reset_tokens_enforce_checks"() IS
    'Row checks of password_reset_tokens: password_reset_tokens_token_hash_check.';
CREATE TRIGGER "password_reset_tokens_checks_biu"
    BEFORE INSERT OR UPDATE ON "password_reset_tokens"
    FOR EACH ROW EXECUTE FUNCTION "password_reset_tokens_enforce_checks"();
COMMENT ON TRIGGER "password_reset_tokens_checks_biu" ON "password_reset_tokens" IS
    'Enforces the CHECK rules of password_reset_tokens (password_reset_tokens_token_hash_check).';

CREATE FUNCTION "carts_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''carts_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "carts_enforce_checks"() IS
    'Row checks of carts: carts_currency_check.';
CREATE TRIGGER "carts_checks_biu"
    BEFORE INSERT OR UPDATE ON "carts"
    FOR EACH ROW EXECUTE FUNCTION "carts_enforce_checks"();
COMMENT ON TRIGGER "carts_checks_biu" ON "carts" IS
    'Enforces the CHECK rules of carts (carts_currency_check).';

CREATE FUNCTION "cart_items_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."quantity" > 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''cart_items_quantity_check'')\073
    END IF\073
    IF NOT (NEW."unit_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''cart_items_unit_price_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "cart_items_enforce_checks"() IS
    'Row checks of cart_items: cart_items_quantity_check, cart_items_unit_price_check.';
CREATE TRIGGER "cart_items_checks_biu"
    BEFORE INSERT OR UPDATE ON "cart_items"
    FOR EACH ROW EXECUTE FUNCTION "cart_items_enforce_checks"();
COMMENT ON TRIGGER "cart_items_checks_biu" ON "cart_items" IS
    'Enforces the CHECK rules of cart_items (cart_items_quantity_check, cart_items_unit_price_check).';

CREATE FUNCTION "discount_codes_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."value" > 0 AND (NEW."kind" <> ''percentage'' OR NEW."value" <= 100)) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''discount_codes_value_check'')\073
    END IF\073
    IF NOT (NEW."min_subtotal" IS NULL OR NEW."min_subtotal" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''discount_codes_min_subtotal_check'')\073
    END IF\073
    IF NOT (NEW."starts_at" IS NULL OR NEW."ends_at" IS NULL OR NEW."ends_at" > NEW."starts_at") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''discount_codes_window_check'')\073
    END IF\073
    IF NOT (NEW."usage_limit" IS NULL OR NEW."usage_limit" > 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''discount_codes_usage_limit_check'')\073
    END IF\073
    IF NOT (NEW."used_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''discount_codes_used_count_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''discount_codes_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "discount_codes_enforce_checks"() IS
    'Row checks of discount_codes: discount_codes_value_check, discount_codes_min_subtotal_check, discount_codes_window_check, discount_codes_usage_limit_check, discount_codes_used_count_check, discount_codes_currency_check.';
CREATE TRIGGER "discount_codes_checks_biu"
    BEFORE INSERT OR UPDATE ON "discount_codes"
    FOR EACH ROW EXECUTE FUNCTION "discount_codes_enforce_checks"();
COMMENT ON TRIGGER "discount_codes_checks_biu" ON "discount_codes" IS
    'Enforces the CHECK rules of discount_codes (discount_codes_value_check, discount_codes_min_subtotal_check, discount_codes_window_check, discount_codes_usage_limit_check, discount_codes_used_count_check, discount_codes_currency_check).';

CREATE FUNCTION "wishlist_items_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."saved_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''wishlist_items_saved_price_check'')\073
    END IF\073
    IF NOT (NEW."target_price" IS NULL OR NEW."target_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''wishlist_items_target_price_check'')\073
    END IF\073
    IF NOT (NEW."notes" IS NULL OR char_length(NEW."notes") <= 500) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''wishlist_items_notes_length_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''wishlist_items_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "wishlist_items_enforce_checks"() IS
    'Row checks of wishlist_items: wishlist_items_saved_price_check, wishlist_items_target_price_check, wishlist_items_notes_length_check, wishlist_items_currency_check.';
CREATE TRIGGER "wishlist_items_checks_biu"
    BEFORE INSERT OR UPDATE ON "wishlist_items"
    FOR EACH ROW EXECUTE FUNCTION "wishlist_items_enforce_checks"();
COMMENT ON TRIGGER "wishlist_items_checks_biu" ON "wishlist_items" IS
    'Enforces the CHECK rules of wishlist_items (wishlist_items_saved_price_check, wishlist_items_target_price_check, wishlist_items_notes_length_check, wishlist_items_currency_check).';

CREATE FUNCTION "orders_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."subtotal" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_subtotal_check'')\073
    END IF\073
    IF NOT (NEW."tax_total" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_tax_total_check'')\073
    END IF\073
    IF NOT (NEW."shipping_total" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_shipping_total_check'')\073
    END IF\073
    IF NOT (NEW."discount_total" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_discount_total_check'')\073
    END IF\073
    IF NOT (NEW."total" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_total_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''orders_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "orders_enforce_checks"() IS
    'Row checks of orders: orders_subtotal_check, orders_tax_total_check, orders_shipping_total_check, orders_discount_total_check, orders_total_check, orders_currency_check.';
CREATE TRIGGER "orders_checks_biu"
    BEFORE INSERT OR UPDATE ON "orders"
    FOR EACH ROW EXECUTE FUNCTION "orders_enforce_checks"();
COMMENT ON TRIGGER "orders_checks_biu" ON "orders" IS
    'Enforces the CHECK rules of orders (orders_subtotal_check, orders_tax_total_check, orders_shipping_total_check, orders_discount_total_check, orders_total_check, orders_currency_check).';

CREATE FUNCTION "order_items_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."quantity" > 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''order_items_quantity_check'')\073
    END IF\073
    IF NOT (NEW."unit_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''order_items_unit_price_check'')\073
    END IF\073
    IF NOT (NEW."line_total" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''order_items_line_total_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "order_items_enforce_checks"() IS
    'Row checks of order_items: order_items_quantity_check, order_items_unit_price_check, order_items_line_total_check.';
CREATE TRIGGER "order_items_checks_biu"
    BEFORE INSERT OR UPDATE ON "order_items"
    FOR EACH ROW EXECUTE FUNCTION "order_items_enforce_checks"();
COMMENT ON TRIGGER "order_items_checks_biu" ON "order_items" IS
    'Enforces the CHECK rules of order_items (order_items_quantity_check, order_items_unit_price_check, order_items_line_total_check).';

CREATE FUNCTION "conversations_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."message_count" >= 0 AND NEW."prompt_tokens" >= 0 AND NEW."completion_tokens" >= 0 AND NEW."total_tokens" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversations_counts_check'')\073
    END IF\073
    IF NOT (NEW."total_cost" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversations_total_cost_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "conversations_enforce_checks"() IS
    'Row checks of conversations: conversations_counts_check, conversations_total_cost_check.';
CREATE TRIGGER "conversations_checks_biu"
    BEFORE INSERT OR UPDATE ON "conversations"
    FOR EACH ROW EXECUTE FUNCTION "conversations_enforce_checks"();
COMMENT ON TRIGGER "conversations_checks_biu" ON "conversations" IS
    'Enforces the CHECK rules of conversations (conversations_counts_check, conversations_total_cost_check).';

CREATE FUNCTION "messages_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."sequence" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''messages_sequence_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "messages_enforce_checks"() IS
    'Row checks of messages: messages_sequence_check.';
CREATE TRIGGER "messages_checks_biu"
    BEFORE INSERT OR UPDATE ON "messages"
    FOR EACH ROW EXECUTE FUNCTION "messages_enforce_checks"();
COMMENT ON TRIGGER "messages_checks_biu" ON "messages" IS
    'Enforces the CHECK rules of messages (messages_sequence_check).';

CREATE FUNCTION "message_products_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."position" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''message_products_position_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "message_products_enforce_checks"() IS
    'Row checks of message_products: message_products_position_check.';
CREATE TRIGGER "message_products_checks_biu"
    BEFORE INSERT OR UPDATE ON "message_products"
    FOR EACH ROW EXECUTE FUNCTION "message_products_enforce_checks"();
COMMENT ON TRIGGER "message_products_checks_biu" ON "message_products" IS
    'Enforces the CHECK rules of message_products (message_products_position_check).';

CREATE FUNCTION "chat_modes_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."max_tokens" > 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_max_tokens_check'')\073
    END IF\073
    IF NOT (NEW."temperature" >= 0 AND NEW."temperature" <= 2) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_temperature_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "chat_modes_enforce_checks"() IS
    'Row checks of chat_modes: chat_modes_max_tokens_check, chat_modes_temperature_check.';
CREATE TRIGGER "chat_modes_checks_biu"
    BEFORE INSERT OR UPDATE ON "chat_modes"
    FOR EACH ROW EXECUTE FUNCTION "chat_modes_enforce_checks"();
COMMENT ON TRIGGER "chat_modes_checks_biu" ON "chat_modes" IS
    'Enforces the CHECK rules of chat_modes (chat_modes_max_tokens_check, chat_modes_temperature_check).';

CREATE FUNCTION "purchase_intents_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."confidence" BETWEEN 0 AND 100) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''purchase_intents_confidence_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "purchase_intents_enforce_checks"() IS
    'Row checks of purchase_intents: purchase_intents_confidence_check.';
CREATE TRIGGER "purchase_intents_checks_biu"
    BEFORE INSERT OR UPDATE ON "purchase_intents"
    FOR EACH ROW EXECUTE FUNCTION "purchase_intents_enforce_checks"();
COMMENT ON TRIGGER "purchase_intents_checks_biu" ON "purchase_intents" IS
    'Enforces the CHECK rules of purchase_intents (purchase_intents_confidence_check).';

CREATE FUNCTION "llm_requests_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."retry_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_requests_retry_count_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "llm_requests_enforce_checks"() IS
    'Row checks of llm_requests: llm_requests_retry_count_check.';
CREATE TRIGGER "llm_requests_checks_biu"
    BEFORE INSERT OR UPDATE ON "llm_requests"
    FOR EACH ROW EXECUTE FUNCTION "llm_requests_enforce_checks"();
COMMENT ON TRIGGER "llm_requests_checks_biu" ON "llm_requests" IS
    'Enforces the CHECK rules of llm_requests (llm_requests_retry_count_check).';

CREATE FUNCTION "llm_responses_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."prompt_tokens" >= 0 AND NEW."completion_tokens" >= 0 AND NEW."total_tokens" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_responses_tokens_check'')\073
    END IF\073
    IF NOT (NEW."latency_ms" >= 0 AND (NEW."queue_time_ms" IS NULL OR NEW."queue_time_ms" >= 0) AND (NEW."time_to_first_token_ms" IS NULL OR NEW."time_to_first_token_ms" >= 0)) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_responses_timings_check'')\073
    END IF\073
    IF NOT (NEW."cost" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_responses_cost_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_responses_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "llm_responses_enforce_checks"() IS
    'Row checks of llm_responses: llm_responses_tokens_check, llm_responses_timings_check, llm_responses_cost_check, llm_responses_currency_check.';
CREATE TRIGGER "llm_responses_checks_biu"
    BEFORE INSERT OR UPDATE ON "llm_responses"
    FOR EACH ROW EXECUTE FUNCTION "llm_responses_enforce_checks"();
COMMENT ON TRIGGER "llm_responses_checks_biu" ON "llm_responses" IS
    'Enforces the CHECK rules of llm_responses (llm_responses_tokens_check, llm_responses_timings_check, llm_responses_cost_check, llm_responses_currency_check).';

CREATE FUNCTION "llm_model_prices_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."input_price_per_million_tokens" >= 0 AND NEW."output_price_per_million_tokens" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_model_prices_prices_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_model_prices_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "llm_model_prices_enforce_checks"() IS
    'Row checks of llm_model_prices: llm_model_prices_prices_check, llm_model_prices_currency_check.';
CREATE TRIGGER "llm_model_prices_checks_biu"
    BEFORE INSERT OR UPDATE ON "llm_model_prices"
    FOR EACH ROW EXECUTE FUNCTION "llm_model_prices_enforce_checks"();
COMMENT ON TRIGGER "llm_model_prices_checks_biu" ON "llm_model_prices" IS
    'Enforces the CHECK rules of llm_model_prices (llm_model_prices_prices_check, llm_model_prices_currency_check).';

CREATE FUNCTION "llm_usage_stats_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (date_trunc(''hour'', NEW."hour" AT TIME ZONE ''UTC'') = (NEW."hour" AT TIME ZONE ''UTC'')) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_usage_stats_hour_check'')\073
    END IF\073
    IF NOT (NEW."request_count" >= 0 AND NEW."error_count" >= 0 AND NEW."error_count" <= NEW."request_count") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_usage_stats_counts_check'')\073
    END IF\073
    IF NOT (NEW."prompt_tokens" >= 0 AND NEW."completion_tokens" >= 0 AND NEW."total_tokens" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_usage_stats_tokens_check'')\073
    END IF\073
    IF NOT (NEW."total_cost" >= 0 AND NEW."avg_latency_ms" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_usage_stats_cost_check'')\073
    END IF\073
    IF NOT (NEW."currency" ~ ''^[A-Z]{3}$'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_usage_stats_currency_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "llm_usage_stats_enforce_checks"() IS
    'Row checks of llm_usage_stats: llm_usage_stats_hour_check, llm_usage_stats_counts_check, llm_usage_stats_tokens_check, llm_usage_stats_cost_check, llm_usage_stats_currency_check.';
CREATE TRIGGER "llm_usage_stats_checks_biu"
    BEFORE INSERT OR UPDATE ON "llm_usage_stats"
    FOR EACH ROW EXECUTE FUNCTION "llm_usage_stats_enforce_checks"();
COMMENT ON TRIGGER "llm_usage_stats_checks_biu" ON "llm_usage_stats" IS
    'Enforces the CHECK rules of llm_usage_stats (llm_usage_stats_hour_check, llm_usage_stats_counts_check, llm_usage_stats_tokens_check, llm_usage_stats_cost_check, llm_usage_stats_currency_check).';

CREATE FUNCTION "llm_provider_status_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."success_rate" >= 0 AND NEW."success_rate" <= 1) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_provider_status_success_rate_check'')\073
    END IF\073
    IF NOT (NEW."consecutive_failures" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''llm_provider_status_consecutive_failures_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "llm_provider_status_enforce_checks"() IS
    'Row checks of llm_provider_status: llm_provider_status_success_rate_check, llm_provider_status_consecutive_failures_check.';
CREATE TRIGGER "llm_provider_status_checks_biu"
    BEFORE INSERT OR UPDATE ON "llm_provider_status"
    FOR EACH ROW EXECUTE FUNCTION "llm_provider_status_enforce_checks"();
COMMENT ON TRIGGER "llm_provider_status_checks_biu" ON "llm_provider_status" IS
    'Enforces the CHECK rules of llm_provider_status (llm_provider_status_success_rate_check, llm_provider_status_consecutive_failures_check).';

CREATE FUNCTION "search_logs_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."result_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''search_logs_result_count_check'')\073
    END IF\073
    IF NOT (NEW."latency_ms" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''search_logs_latency_ms_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "search_logs_enforce_checks"() IS
    'Row checks of search_logs: search_logs_result_count_check, search_logs_latency_ms_check.';
CREATE TRIGGER "search_logs_checks_biu"
    BEFORE INSERT OR UPDATE ON "search_logs"
    FOR EACH ROW EXECUTE FUNCTION "search_logs_enforce_checks"();
COMMENT ON TRIGGER "search_logs_checks_biu" ON "search_logs" IS
    'Enforces the CHECK rules of search_logs (search_logs_result_count_check, search_logs_latency_ms_check).';

-- ═════════════════════════════════════════════════════════════════════════════
-- 5. Reference rows the application needs to exist
-- ═════════════════════════════════════════════════════════════════════════════

INSERT INTO "chat_modes" ("slug", "name", "description", "prompt_template", "model", "provider", "tools", "max_tokens", "temperature", "is_default", "is_active")
VALUES (
    'default',
    'Shopping assistant',
    'Default offline assistant: intent and entity extraction plus catalog, cart and order tools.',
    'You are Bazaar''s shopping assistant. Help the customer find products, compare them, manage the cart and check orders. Only recommend products returned by the tools. Be concise.',
    'bazaar-local-1',
    'local',
    ARRAY['search_products', 'get_product_details', 'add_to_cart', 'get_cart_summary', 'get_order_status'],
    1024,
    0,
    true,
    true
);

INSERT INTO "llm_model_prices" ("provider", "model", "input_price_per_million_tokens", "output_price_per_million_tokens", "currency", "effective_from")
VALUES
    ('local',  'bazaar-local-1', 0.000000,  0.000000, 'USD', '2024-01-01T00:00:00Z'),
    ('openai', 'gpt-4o-mini',    0.150000,  0.600000, 'USD', '2024-07-18T00:00:00Z'),
    ('openai', 'gpt-4o',         2.500000, 10.000000, 'USD', '2024-10-01T00:00:00Z'),
    ('openai', 'gpt-4.1',        2.000000,  8.000000, 'USD', '2025-04-14T00:00:00Z'),
    ('openai', 'gpt-4.1-mini',   0.400000,  1.600000, 'USD', '2025-04-14T00:00:00Z'),
    ('openai', 'gpt-4.1-nano',   0.100000,  0.400000, 'USD', '2025-04-14T00:00:00Z');

-- ═════════════════════════════════════════════════════════════════════════════
-- 6. Documentation: every enum, table and column carries a comment.
-- ═════════════════════════════════════════════════════════════════════════════

-- Enums
COMMENT ON TYPE "product_status" IS 'Catalog lifecycle of a product: draft (not visible), active (sold in the storefront), archived (hidden, kept for order history).';
COMMENT ON TYPE "inventory_movement_reason" IS 'Why stock changed: restock, sale (checkout), return, adjustment (manual count), reservation / release (stock_reserved held or freed), import (catalog import), cancellation (order cancelled, stock put back).';
COMMENT ON TYPE "customer_role" IS 'Authorization role: customer (storefront user) or admin (may use admin queries and mutations).';
COMMENT ON TYPE "customer_status" IS 'Account state: active, suspended (cannot log in), deleted (soft-deleted, personal data scrubbed).';
COMMENT ON TYPE "client_channel" IS 'Client surface a session, conversation or order came from: web, websocket, mobile, api, partner.';
COMMENT ON TYPE "cart_status" IS 'Cart lifecycle: active (open, at most one per customer), converted (became an order), abandoned (expired or merged away).';
COMMENT ON TYPE "discount_kind" IS 'How a discount code is applied: percentage of the subtotal (value 0-100) or fixed amount (value in the code currency).';
COMMENT ON TYPE "wishlist_priority" IS 'Customer-chosen priority of a wishlist item: low, medium, high.';
COMMENT ON TYPE "order_status" IS 'Fulfilment status of an order: pending, confirmed, processing, shipped, delivered, cancelled, refunded.';
COMMENT ON TYPE "payment_status" IS 'Payment status of an order: pending, authorized, paid, failed, refunded, partially_refunded.';
COMMENT ON TYPE "notification_kind" IS 'What a notification is about: price_alert, back_in_stock, order_update, password_reset, email_verification, welcome, marketing.';
COMMENT ON TYPE "notification_channel" IS 'Delivery channel of a notification: email, sms, push, in_app.';
COMMENT ON TYPE "notification_status" IS 'Delivery state of a notification: pending (queued), sent, failed.';
COMMENT ON TYPE "conversation_status" IS 'Conversation lifecycle: active or archived (read-only).';
COMMENT ON TYPE "message_role" IS 'Author of a chat message: user, assistant, system (instructions), tool (tool call result).';
COMMENT ON TYPE "message_status" IS 'State of a chat message: pending (assistant reply queued), streaming (tokens arriving), complete, failed.';
COMMENT ON TYPE "purchase_signal_type" IS 'Kind of buying signal detected in a conversation: browsing, product_interest, price_inquiry, availability_inquiry, comparison, add_to_cart, checkout_intent, order_inquiry.';
COMMENT ON TYPE "llm_request_status" IS 'State of an LLM call: queued, running, succeeded, failed.';
COMMENT ON TYPE "circuit_state" IS 'Circuit breaker state of an LLM provider/model: closed (healthy, calls flow), open (calls skipped, fallback to local), half_open (probing with trial calls).';

-- categories
COMMENT ON TABLE "categories" IS 'Product category tree (self-referencing through parent_id). Roots have parent_id NULL.';
COMMENT ON COLUMN "categories"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "categories"."parent_id" IS 'Parent category. NULL for a root category. A parent with children cannot be deleted.';
COMMENT ON COLUMN "categories"."slug" IS 'URL identifier, unique across all categories.';
COMMENT ON COLUMN "categories"."name" IS 'Display name. Renaming refreshes products.search_text of the category''s products (trigger).';
COMMENT ON COLUMN "categories"."description" IS 'Optional long description. NULL when none.';
COMMENT ON COLUMN "categories"."sort_order" IS 'Position among siblings, ascending.';
COMMENT ON COLUMN "categories"."is_active" IS 'False hides the category from the storefront.';
COMMENT ON COLUMN "categories"."search_vector" IS 'Generated (stored) english tsvector: name (weight A) + description (weight B). GIN indexed.';
COMMENT ON COLUMN "categories"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "categories"."updated_at" IS 'When the row was last updated by the application.';

-- brands
COMMENT ON TABLE "brands" IS 'Product brands / manufacturers.';
COMMENT ON COLUMN "brands"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "brands"."slug" IS 'URL identifier, unique.';
COMMENT ON COLUMN "brands"."name" IS 'Display name. Renaming refreshes products.search_text of the brand''s products (trigger).';
COMMENT ON COLUMN "brands"."description" IS 'Optional description. NULL when none.';
COMMENT ON COLUMN "brands"."logo_url" IS 'Optional logo image URL. NULL when none.';
COMMENT ON COLUMN "brands"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "brands"."updated_at" IS 'When the row was last updated by the application.';

-- products
COMMENT ON TABLE "products" IS 'Sellable products (the parent of variants). Prices are in products.currency. Variants may override the price.';
COMMENT ON COLUMN "products"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "products"."slug" IS 'URL identifier, unique.';
COMMENT ON COLUMN "products"."sku" IS 'Stock keeping unit of the product, unique (variants have their own SKUs).';
COMMENT ON COLUMN "products"."name" IS 'Display name. Full-text weight A and trigram-indexed for typo-tolerant search.';
COMMENT ON COLUMN "products"."description" IS 'Long description (full-text weight C). NULL when none.';
COMMENT ON COLUMN "products"."short_description" IS 'One-line summary for listings. NULL when none.';
COMMENT ON COLUMN "products"."brand_id" IS 'Brand. NULL when unbranded (set to NULL if the brand is deleted).';
COMMENT ON COLUMN "products"."category_id" IS 'Category. NULL when uncategorised. A category with products cannot be deleted.';
COMMENT ON COLUMN "products"."price" IS 'Regular unit price in products.currency, >= 0.';
COMMENT ON COLUMN "products"."compare_at_price" IS 'Reference ("was") price shown struck through, in products.currency. NULL when none.';
COMMENT ON COLUMN "products"."sale_price" IS 'Sale unit price in products.currency, effective between sale_starts_at and sale_ends_at. NULL when not on sale.';
COMMENT ON COLUMN "products"."sale_starts_at" IS 'Start of the sale window. NULL means the sale has no start bound.';
COMMENT ON COLUMN "products"."sale_ends_at" IS 'End of the sale window (must be after sale_starts_at). NULL means open-ended.';
COMMENT ON COLUMN "products"."currency" IS 'ISO 4217 currency code of all prices of this product and its variants.';
COMMENT ON COLUMN "products"."status" IS 'draft / active / archived. Only active products are sold.';
COMMENT ON COLUMN "products"."featured" IS 'True when merchandised on the home page.';
COMMENT ON COLUMN "products"."specifications" IS 'Free-form technical specifications as a JSON object (key -> value).';
COMMENT ON COLUMN "products"."weight_grams" IS 'Shipping weight in grams. NULL when unknown.';
COMMENT ON COLUMN "products"."dimensions" IS 'Package dimensions as JSON, e.g. {"length_cm":..,"width_cm":..,"height_cm":..}. NULL when unknown.';
COMMENT ON COLUMN "products"."warranty" IS 'Warranty terms as text. NULL when none stated.';
COMMENT ON COLUMN "products"."return_policy" IS 'Return policy text. NULL means the store default applies.';
COMMENT ON COLUMN "products"."rating_average" IS 'Average review rating 0.00-5.00 (0 when no reviews), maintained by the application.';
COMMENT ON COLUMN "products"."rating_count" IS 'Number of reviews behind rating_average.';
COMMENT ON COLUMN "products"."sold_count" IS 'Units sold to date (drives the BEST_SELLING sort).';
COMMENT ON COLUMN "products"."marketplace" IS 'External marketplace the product was imported/scraped from. NULL for products created in Bazaar.';
COMMENT ON COLUMN "products"."external_id" IS 'Product id on the external marketplace. Unique together with marketplace. NULL for local products.';
COMMENT ON COLUMN "products"."external_url" IS 'Product page on the external marketplace. NULL for local products.';
COMMENT ON COLUMN "products"."scraped_at" IS 'When the external data was last fetched. NULL for local products.';
COMMENT ON COLUMN "products"."search_text" IS 'Denormalized brand name + category name + tag names, maintained by triggers (do not write).';
COMMENT ON COLUMN "products"."search_vector" IS 'Generated (stored) english tsvector: name (A) + search_text (B) + description (C). GIN indexed.';
COMMENT ON COLUMN "products"."created_at" IS 'When the product was created (drives the NEWEST sort).';
COMMENT ON COLUMN "products"."updated_at" IS 'When the row was last updated by the application.';

-- product_images
COMMENT ON TABLE "product_images" IS 'Images of a product, ordered by position. At most one primary image per product.';
COMMENT ON COLUMN "product_images"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "product_images"."product_id" IS 'Product the image belongs to (deleted with it).';
COMMENT ON COLUMN "product_images"."url" IS 'Image URL.';
COMMENT ON COLUMN "product_images"."alt_text" IS 'Accessibility text. NULL when none.';
COMMENT ON COLUMN "product_images"."position" IS 'Display order, ascending, >= 0.';
COMMENT ON COLUMN "product_images"."is_primary" IS 'True for the main image (unique per product).';
COMMENT ON COLUMN "product_images"."created_at" IS 'When the row was created.';

-- product_tags
COMMENT ON TABLE "product_tags" IS 'Free-form tags of products, one row per (product, tag). Adding/removing a tag refreshes products.search_text (trigger).';
COMMENT ON COLUMN "product_tags"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "product_tags"."product_id" IS 'Tagged product (deleted with it).';
COMMENT ON COLUMN "product_tags"."tag" IS 'Tag text, 1-100 characters. Unique per product.';
COMMENT ON COLUMN "product_tags"."created_at" IS 'When the tag was added.';

-- product_variants
COMMENT ON TABLE "product_variants" IS 'Purchasable variants of a product (size/color/material), each with its own SKU and stock.';
COMMENT ON COLUMN "product_variants"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "product_variants"."product_id" IS 'Parent product (deleted with it unless ordered).';
COMMENT ON COLUMN "product_variants"."sku" IS 'Variant SKU, unique.';
COMMENT ON COLUMN "product_variants"."name" IS 'Display name, e.g. "Red / M".';
COMMENT ON COLUMN "product_variants"."attributes" IS 'Variant attributes as JSON, e.g. {"size":"M","color":"red","material":"cotton"}.';
COMMENT ON COLUMN "product_variants"."price" IS 'Price override in the product currency. NULL means the product price (and sale price) applies.';
COMMENT ON COLUMN "product_variants"."stock_on_hand" IS 'Physical units in stock, >= 0.';
COMMENT ON COLUMN "product_variants"."stock_reserved" IS 'Units held for unpaid orders, 0..stock_on_hand. Available = stock_on_hand - stock_reserved.';
COMMENT ON COLUMN "product_variants"."is_active" IS 'False hides the variant from sale.';
COMMENT ON COLUMN "product_variants"."position" IS 'Display order among the product''s variants, ascending.';
COMMENT ON COLUMN "product_variants"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "product_variants"."updated_at" IS 'When the row was last updated by the application.';

-- inventory_movements
COMMENT ON TABLE "inventory_movements" IS 'Stock ledger: one row per change of a variant''s stock, with the reason and resulting stock.';
COMMENT ON COLUMN "inventory_movements"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "inventory_movements"."variant_id" IS 'Variant whose stock changed.';
COMMENT ON COLUMN "inventory_movements"."delta" IS 'Signed change in units (positive adds stock, negative removes. For reservation/release the change of stock_reserved).';
COMMENT ON COLUMN "inventory_movements"."reason" IS 'Why the stock changed (see type inventory_movement_reason).';
COMMENT ON COLUMN "inventory_movements"."note" IS 'Free-text explanation. NULL when none.';
COMMENT ON COLUMN "inventory_movements"."actor_id" IS 'Customer/admin who caused the change. NULL for system jobs (or if that account was removed).';
COMMENT ON COLUMN "inventory_movements"."order_id" IS 'Order that caused the change (sale, cancellation). NULL otherwise.';
COMMENT ON COLUMN "inventory_movements"."stock_after" IS 'stock_on_hand of the variant right after this movement, >= 0.';
COMMENT ON COLUMN "inventory_movements"."created_at" IS 'When the movement happened.';

-- product_reviews
COMMENT ON TABLE "product_reviews" IS 'Customer reviews. One review per customer and product.';
COMMENT ON COLUMN "product_reviews"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "product_reviews"."product_id" IS 'Reviewed product.';
COMMENT ON COLUMN "product_reviews"."customer_id" IS 'Author.';
COMMENT ON COLUMN "product_reviews"."rating" IS 'Star rating 1-5.';
COMMENT ON COLUMN "product_reviews"."title" IS 'Optional headline, at most 200 characters.';
COMMENT ON COLUMN "product_reviews"."body" IS 'Optional review text, at most 2000 characters.';
COMMENT ON COLUMN "product_reviews"."verified_purchase" IS 'True when the author bought the product.';
COMMENT ON COLUMN "product_reviews"."created_at" IS 'When the review was written.';
COMMENT ON COLUMN "product_reviews"."updated_at" IS 'When the review was last edited.';

-- search_synonyms
COMMENT ON TABLE "search_synonyms" IS 'Admin-editable search synonyms: a query term expands to the listed synonyms.';
COMMENT ON COLUMN "search_synonyms"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "search_synonyms"."term" IS 'Search term, unique case-insensitively (citext).';
COMMENT ON COLUMN "search_synonyms"."synonyms" IS 'Words/phrases treated as equivalent to term.';
COMMENT ON COLUMN "search_synonyms"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "search_synonyms"."updated_at" IS 'When the row was last updated.';

-- customers
COMMENT ON TABLE "customers" IS 'Registered accounts (shoppers and admins). Accounts are soft-deleted (deleted_at), never hard-deleted once they have orders.';
COMMENT ON COLUMN "customers"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "customers"."email" IS 'Login email, unique case-insensitively (citext).';
COMMENT ON COLUMN "customers"."password_hash" IS 'argon2id hash (PHC string) of the password. Secret: not granted to analysts.';
COMMENT ON COLUMN "customers"."first_name" IS 'Given name. NULL when not provided.';
COMMENT ON COLUMN "customers"."last_name" IS 'Family name. NULL when not provided.';
COMMENT ON COLUMN "customers"."phone" IS 'Phone number as entered (E.164 preferred). NULL when not provided.';
COMMENT ON COLUMN "customers"."date_of_birth" IS 'Date of birth. NULL when not provided.';
COMMENT ON COLUMN "customers"."role" IS 'customer or admin.';
COMMENT ON COLUMN "customers"."status" IS 'active, suspended or deleted.';
COMMENT ON COLUMN "customers"."email_verified_at" IS 'When the email address was verified. NULL when unverified.';
COMMENT ON COLUMN "customers"."accepts_marketing_email" IS 'Consent to marketing email.';
COMMENT ON COLUMN "customers"."accepts_marketing_sms" IS 'Consent to marketing SMS.';
COMMENT ON COLUMN "customers"."last_login_at" IS 'Last successful login. NULL if never logged in.';
COMMENT ON COLUMN "customers"."failed_login_count" IS 'Consecutive failed logins since the last success (reset on success).';
COMMENT ON COLUMN "customers"."locked_until" IS 'Login is refused until this time. NULL when not locked.';
COMMENT ON COLUMN "customers"."deleted_at" IS 'Soft-delete time. NULL for live accounts.';
COMMENT ON COLUMN "customers"."created_at" IS 'Registration time.';
COMMENT ON COLUMN "customers"."updated_at" IS 'When the row was last updated by the application.';

-- customer_addresses
COMMENT ON TABLE "customer_addresses" IS 'Saved addresses of a customer (same fields as the GraphQL AddressInput).';
COMMENT ON COLUMN "customer_addresses"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "customer_addresses"."customer_id" IS 'Owner (addresses are deleted with the customer).';
COMMENT ON COLUMN "customer_addresses"."first_name" IS 'Recipient given name.';
COMMENT ON COLUMN "customer_addresses"."last_name" IS 'Recipient family name.';
COMMENT ON COLUMN "customer_addresses"."line1" IS 'Street address, first line.';
COMMENT ON COLUMN "customer_addresses"."line2" IS 'Street address, second line. NULL when none.';
COMMENT ON COLUMN "customer_addresses"."city" IS 'City.';
COMMENT ON COLUMN "customer_addresses"."state" IS 'State / province / region. NULL where not used.';
COMMENT ON COLUMN "customer_addresses"."postal_code" IS 'Postal / ZIP code.';
COMMENT ON COLUMN "customer_addresses"."country" IS 'ISO 3166-1 alpha-2 country code (upper case).';
COMMENT ON COLUMN "customer_addresses"."phone" IS 'Contact phone for delivery. NULL when none.';
COMMENT ON COLUMN "customer_addresses"."is_default_shipping" IS 'True for the customer''s default shipping address.';
COMMENT ON COLUMN "customer_addresses"."is_default_billing" IS 'True for the customer''s default billing address.';
COMMENT ON COLUMN "customer_addresses"."created_at" IS 'When the address was added.';
COMMENT ON COLUMN "customer_addresses"."updated_at" IS 'When the address was last changed.';

-- customer_preferences
COMMENT ON TABLE "customer_preferences" IS 'Shopping preferences, one row per customer. Used to personalise search and the assistant.';
COMMENT ON COLUMN "customer_preferences"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "customer_preferences"."customer_id" IS 'Owner, unique (one row per customer).';
COMMENT ON COLUMN "customer_preferences"."sizes" IS 'Preferred sizes, e.g. {M,42}. Empty when none.';
COMMENT ON COLUMN "customer_preferences"."brand_ids" IS 'Favourite brands (brands.id values, not FK-enforced: stale ids are ignored). Empty when none.';
COMMENT ON COLUMN "customer_preferences"."category_ids" IS 'Favourite categories (categories.id values, not FK-enforced: stale ids are ignored). Empty when none.';
COMMENT ON COLUMN "customer_preferences"."min_price" IS 'Lower bound of the preferred price range in currency. NULL = no lower bound.';
COMMENT ON COLUMN "customer_preferences"."max_price" IS 'Upper bound of the preferred price range in currency. NULL = no upper bound.';
COMMENT ON COLUMN "customer_preferences"."currency" IS 'ISO 4217 currency of min_price/max_price.';
COMMENT ON COLUMN "customer_preferences"."notification_channels" IS 'Channels the customer wants notifications on (email, sms, push, in_app). Empty = none.';
COMMENT ON COLUMN "customer_preferences"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "customer_preferences"."updated_at" IS 'When the preferences were last changed.';

-- customer_identities
COMMENT ON TABLE "customer_identities" IS 'External identities linked to a customer (e.g. a messaging channel or partner account). The pair (provider, external_id) is unique.';
COMMENT ON COLUMN "customer_identities"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "customer_identities"."customer_id" IS 'Linked customer.';
COMMENT ON COLUMN "customer_identities"."provider" IS 'Identity provider / channel name, e.g. whatsapp, telegram, partner name.';
COMMENT ON COLUMN "customer_identities"."external_id" IS 'User id at the provider.';
COMMENT ON COLUMN "customer_identities"."display_name" IS 'Name shown by the provider. NULL when unknown.';
COMMENT ON COLUMN "customer_identities"."metadata" IS 'Provider-specific attributes (JSON object).';
COMMENT ON COLUMN "customer_identities"."created_at" IS 'When the identity was linked.';
COMMENT ON COLUMN "customer_identities"."last_used_at" IS 'Last time the identity was used. NULL if never.';

-- auth_sessions
COMMENT ON TABLE "auth_sessions" IS 'Login sessions (bearer tokens). Only the SHA-256 of the token is stored.';
COMMENT ON COLUMN "auth_sessions"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "auth_sessions"."customer_id" IS 'Logged-in customer.';
COMMENT ON COLUMN "auth_sessions"."token_hash" IS 'Lower-case hex SHA-256 of the bearer token, unique. Secret: not granted to analysts.';
COMMENT ON COLUMN "auth_sessions"."channel" IS 'Client surface the session was created from.';
COMMENT ON COLUMN "auth_sessions"."user_agent" IS 'User-Agent at login. NULL when absent.';
COMMENT ON COLUMN "auth_sessions"."ip" IS 'Client IP at login. NULL when unknown.';
COMMENT ON COLUMN "auth_sessions"."created_at" IS 'Login time.';
COMMENT ON COLUMN "auth_sessions"."last_seen_at" IS 'Last authenticated request on this session.';
COMMENT ON COLUMN "auth_sessions"."expires_at" IS 'Token is invalid after this time.';
COMMENT ON COLUMN "auth_sessions"."revoked_at" IS 'When the session was revoked (logout, password change). NULL while valid.';
COMMENT ON COLUMN "auth_sessions"."revoked_reason" IS 'Why it was revoked (logout, password_change, admin...). NULL while valid.';

-- password_reset_tokens
COMMENT ON TABLE "password_reset_tokens" IS 'Single-use, expiring password reset tokens (hashed). Secret: not granted to analysts.';
COMMENT ON COLUMN "password_reset_tokens"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "password_reset_tokens"."customer_id" IS 'Account being reset.';
COMMENT ON COLUMN "password_reset_tokens"."token_hash" IS 'Lower-case hex SHA-256 of the emailed token, unique.';
COMMENT ON COLUMN "password_reset_tokens"."requested_ip" IS 'IP that requested the reset. NULL when unknown.';
COMMENT ON COLUMN "password_reset_tokens"."created_at" IS 'When the reset was requested.';
COMMENT ON COLUMN "password_reset_tokens"."expires_at" IS 'Token is invalid after this time.';
COMMENT ON COLUMN "password_reset_tokens"."used_at" IS 'When the token was consumed. NULL while unused (single use).';

-- login_attempts
COMMENT ON TABLE "login_attempts" IS 'Every login attempt, for per-account and per-IP throttling windows and security analysis.';
COMMENT ON COLUMN "login_attempts"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "login_attempts"."email" IS 'Email as submitted (citext. May not belong to any account).';
COMMENT ON COLUMN "login_attempts"."ip" IS 'Client IP. NULL when unknown.';
COMMENT ON COLUMN "login_attempts"."succeeded" IS 'True when the login succeeded.';
COMMENT ON COLUMN "login_attempts"."failure_reason" IS 'Why it failed (bad_credentials, locked, suspended, rate_limited...). NULL on success.';
COMMENT ON COLUMN "login_attempts"."created_at" IS 'Attempt time.';

-- carts
COMMENT ON TABLE "carts" IS 'Shopping carts (uuid ids, unguessable). Guest carts have no customer. A customer has at most one active cart (partial unique index).';
COMMENT ON COLUMN "carts"."id" IS 'Cart id (random uuid), also the guest''s handle on the cart.';
COMMENT ON COLUMN "carts"."customer_id" IS 'Owner. NULL for a guest cart.';
COMMENT ON COLUMN "carts"."status" IS 'active, converted (checked out) or abandoned.';
COMMENT ON COLUMN "carts"."currency" IS 'ISO 4217 currency of the cart amounts.';
COMMENT ON COLUMN "carts"."discount_code_id" IS 'Applied discount code. NULL when none.';
COMMENT ON COLUMN "carts"."expires_at" IS 'When an idle cart may be abandoned. NULL = no expiry.';
COMMENT ON COLUMN "carts"."converted_at" IS 'When the cart became an order. NULL otherwise.';
COMMENT ON COLUMN "carts"."created_at" IS 'When the cart was created.';
COMMENT ON COLUMN "carts"."updated_at" IS 'Last change (used to detect abandonment).';

-- cart_items
COMMENT ON TABLE "cart_items" IS 'Lines of a cart. One line per (cart, variant).';
COMMENT ON COLUMN "cart_items"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "cart_items"."cart_id" IS 'Cart (lines are deleted with it).';
COMMENT ON COLUMN "cart_items"."variant_id" IS 'Variant being bought.';
COMMENT ON COLUMN "cart_items"."quantity" IS 'Units, > 0 (setting 0 removes the line).';
COMMENT ON COLUMN "cart_items"."unit_price" IS 'Unit price snapshot in the cart currency when the line was added/updated.';
COMMENT ON COLUMN "cart_items"."created_at" IS 'When the line was added.';
COMMENT ON COLUMN "cart_items"."updated_at" IS 'When the line was last changed.';

-- discount_codes
COMMENT ON TABLE "discount_codes" IS 'Discount codes customers can apply to a cart. Codes are unique case-insensitively.';
COMMENT ON COLUMN "discount_codes"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "discount_codes"."code" IS 'Code typed by the customer (citext, unique ignoring case).';
COMMENT ON COLUMN "discount_codes"."description" IS 'Internal description. NULL when none.';
COMMENT ON COLUMN "discount_codes"."kind" IS 'percentage or fixed.';
COMMENT ON COLUMN "discount_codes"."value" IS 'Percent off (0 < value <= 100) for percentage codes, amount off in currency for fixed codes.';
COMMENT ON COLUMN "discount_codes"."currency" IS 'ISO 4217 currency of value (fixed codes) and min_subtotal.';
COMMENT ON COLUMN "discount_codes"."min_subtotal" IS 'Minimum cart subtotal required. NULL = no minimum.';
COMMENT ON COLUMN "discount_codes"."starts_at" IS 'Valid from. NULL = immediately.';
COMMENT ON COLUMN "discount_codes"."ends_at" IS 'Valid until (after starts_at). NULL = no end.';
COMMENT ON COLUMN "discount_codes"."usage_limit" IS 'Maximum number of orders that may use the code. NULL = unlimited.';
COMMENT ON COLUMN "discount_codes"."used_count" IS 'Number of orders that used the code.';
COMMENT ON COLUMN "discount_codes"."is_active" IS 'False disables the code regardless of dates.';
COMMENT ON COLUMN "discount_codes"."created_at" IS 'When the code was created.';
COMMENT ON COLUMN "discount_codes"."updated_at" IS 'When the code was last changed.';

-- wishlists
COMMENT ON TABLE "wishlists" IS 'Wishlist of a customer (exactly one per customer).';
COMMENT ON COLUMN "wishlists"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "wishlists"."customer_id" IS 'Owner, unique.';
COMMENT ON COLUMN "wishlists"."created_at" IS 'When the wishlist was created.';
COMMENT ON COLUMN "wishlists"."updated_at" IS 'When the wishlist was last changed.';

-- wishlist_items
COMMENT ON TABLE "wishlist_items" IS 'Saved products with optional price alerts. Unique per (wishlist, product, variant) with NULL variant counted as a value (NULLS NOT DISTINCT).';
COMMENT ON COLUMN "wishlist_items"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "wishlist_items"."wishlist_id" IS 'Wishlist (items are deleted with it).';
COMMENT ON COLUMN "wishlist_items"."product_id" IS 'Saved product.';
COMMENT ON COLUMN "wishlist_items"."variant_id" IS 'Specific variant. NULL when the whole product was saved.';
COMMENT ON COLUMN "wishlist_items"."saved_price" IS 'Price when saved, in currency (baseline for price-drop alerts).';
COMMENT ON COLUMN "wishlist_items"."target_price" IS 'Alert when the price falls to or below this, in currency. NULL = alert on any drop below saved_price.';
COMMENT ON COLUMN "wishlist_items"."currency" IS 'ISO 4217 currency of saved_price and target_price.';
COMMENT ON COLUMN "wishlist_items"."alert_enabled" IS 'True when the customer wants price alerts for this item.';
COMMENT ON COLUMN "wishlist_items"."last_alerted_at" IS 'When the last price alert was sent. NULL if never.';
COMMENT ON COLUMN "wishlist_items"."priority" IS 'low, medium or high.';
COMMENT ON COLUMN "wishlist_items"."notes" IS 'Customer notes, at most 500 characters. NULL when none.';
COMMENT ON COLUMN "wishlist_items"."collection_name" IS 'Customer-defined grouping (e.g. "Birthday"). NULL = ungrouped.';
COMMENT ON COLUMN "wishlist_items"."created_at" IS 'When the item was saved.';
COMMENT ON COLUMN "wishlist_items"."updated_at" IS 'When the item was last changed.';

-- orders
COMMENT ON TABLE "orders" IS 'Placed orders (history: never cascaded away). All amounts are in orders.currency. Total = subtotal + tax_total + shipping_total - discount_total.';
COMMENT ON COLUMN "orders"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "orders"."number" IS 'Human-readable order number shown to the customer, unique.';
COMMENT ON COLUMN "orders"."customer_id" IS 'Buyer (a customer with orders cannot be hard-deleted).';
COMMENT ON COLUMN "orders"."status" IS 'Fulfilment status (see type order_status). Changes are logged in order_status_events.';
COMMENT ON COLUMN "orders"."payment_status" IS 'Payment status (see type payment_status).';
COMMENT ON COLUMN "orders"."subtotal" IS 'Sum of order_items.line_total, in currency.';
COMMENT ON COLUMN "orders"."tax_total" IS 'Tax amount, in currency.';
COMMENT ON COLUMN "orders"."shipping_total" IS 'Shipping charge, in currency.';
COMMENT ON COLUMN "orders"."discount_total" IS 'Discount granted (positive number), in currency.';
COMMENT ON COLUMN "orders"."total" IS 'Amount charged, in currency.';
COMMENT ON COLUMN "orders"."currency" IS 'ISO 4217 currency of all amounts of the order.';
COMMENT ON COLUMN "orders"."shipping_address" IS 'Snapshot of the shipping address (AddressInput fields as JSON) at checkout.';
COMMENT ON COLUMN "orders"."billing_address" IS 'Snapshot of the billing address. NULL = same as shipping.';
COMMENT ON COLUMN "orders"."payment_method" IS 'Payment method label (e.g. card, paypal, test). NULL when not captured.';
COMMENT ON COLUMN "orders"."payment_transaction_id" IS 'Payment provider transaction reference. NULL until payment is attempted.';
COMMENT ON COLUMN "orders"."idempotency_key" IS 'Client key making checkout retries safe. Unique per customer. NULL when not supplied.';
COMMENT ON COLUMN "orders"."channel" IS 'Client surface the order was placed from.';
COMMENT ON COLUMN "orders"."cart_id" IS 'Cart that was checked out. NULL if unknown or the cart was purged.';
COMMENT ON COLUMN "orders"."discount_code_id" IS 'Discount code used. NULL when none.';
COMMENT ON COLUMN "orders"."conversation_id" IS 'Chat conversation the order is attributed to. NULL when not chat-assisted.';
COMMENT ON COLUMN "orders"."cancelled_at" IS 'When the order was cancelled. NULL otherwise.';
COMMENT ON COLUMN "orders"."created_at" IS 'When the order was placed.';
COMMENT ON COLUMN "orders"."updated_at" IS 'When the order was last changed.';

-- order_items
COMMENT ON TABLE "order_items" IS 'Lines of an order with name/SKU/price snapshots taken at checkout (amounts in the order currency).';
COMMENT ON COLUMN "order_items"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "order_items"."order_id" IS 'Order.';
COMMENT ON COLUMN "order_items"."product_id" IS 'Product bought (products that were ordered cannot be deleted. Archive them).';
COMMENT ON COLUMN "order_items"."variant_id" IS 'Variant bought.';
COMMENT ON COLUMN "order_items"."product_name" IS 'Product name at checkout.';
COMMENT ON COLUMN "order_items"."variant_name" IS 'Variant name at checkout. NULL when none.';
COMMENT ON COLUMN "order_items"."sku" IS 'Variant SKU at checkout.';
COMMENT ON COLUMN "order_items"."unit_price" IS 'Unit price charged, in the order currency.';
COMMENT ON COLUMN "order_items"."quantity" IS 'Units, > 0.';
COMMENT ON COLUMN "order_items"."line_total" IS 'unit_price * quantity (after line-level discounts), in the order currency.';
COMMENT ON COLUMN "order_items"."created_at" IS 'When the line was created.';

-- order_status_events
COMMENT ON TABLE "order_status_events" IS 'Order timeline: one row per status transition.';
COMMENT ON COLUMN "order_status_events"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "order_status_events"."order_id" IS 'Order.';
COMMENT ON COLUMN "order_status_events"."from_status" IS 'Status before the change. NULL for the initial event.';
COMMENT ON COLUMN "order_status_events"."to_status" IS 'Status after the change.';
COMMENT ON COLUMN "order_status_events"."note" IS 'Free-text note (e.g. tracking number, cancellation reason). NULL when none.';
COMMENT ON COLUMN "order_status_events"."actor_id" IS 'Customer/admin who made the change. NULL for system changes.';
COMMENT ON COLUMN "order_status_events"."created_at" IS 'When the transition happened.';

-- notifications
COMMENT ON TABLE "notifications" IS 'Notifications to customers (price alerts, order updates, password reset delivery...).';
COMMENT ON COLUMN "notifications"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "notifications"."customer_id" IS 'Recipient.';
COMMENT ON COLUMN "notifications"."kind" IS 'What the notification is about (see type notification_kind).';
COMMENT ON COLUMN "notifications"."channel" IS 'Delivery channel.';
COMMENT ON COLUMN "notifications"."payload" IS 'Template data as JSON (e.g. product id, old/new price, order number).';
COMMENT ON COLUMN "notifications"."status" IS 'pending, sent or failed.';
COMMENT ON COLUMN "notifications"."error" IS 'Last delivery error. NULL when none.';
COMMENT ON COLUMN "notifications"."sent_at" IS 'When it was delivered. NULL until sent.';
COMMENT ON COLUMN "notifications"."read_at" IS 'When the customer read it. NULL while unread.';
COMMENT ON COLUMN "notifications"."created_at" IS 'When it was created.';

-- conversations
COMMENT ON TABLE "conversations" IS 'Chat conversations with the shopping assistant (uuid ids). Token and cost totals are running sums over llm_responses.';
COMMENT ON COLUMN "conversations"."id" IS 'Conversation id (random uuid).';
COMMENT ON COLUMN "conversations"."customer_id" IS 'Customer. NULL for a guest or partner conversation.';
COMMENT ON COLUMN "conversations"."guest_token_hash" IS 'Hex SHA-256 of the guest access token. NULL for customer conversations. Secret.';
COMMENT ON COLUMN "conversations"."channel" IS 'Client surface the conversation runs on.';
COMMENT ON COLUMN "conversations"."external_thread_id" IS 'Thread id in an external/partner system, unique per channel. NULL otherwise.';
COMMENT ON COLUMN "conversations"."title" IS 'Title (set by user or derived from the first message). NULL until set.';
COMMENT ON COLUMN "conversations"."status" IS 'active or archived.';
COMMENT ON COLUMN "conversations"."detected_intent" IS 'Latest intent detected (e.g. product_search, order_status). NULL until detected.';
COMMENT ON COLUMN "conversations"."context" IS 'Assistant working memory as JSON (last filters, products shown, cart id...).';
COMMENT ON COLUMN "conversations"."chat_mode_id" IS 'Chat mode (prompt/model/tools). NULL = the default mode.';
COMMENT ON COLUMN "conversations"."message_count" IS 'Number of messages in the conversation.';
COMMENT ON COLUMN "conversations"."prompt_tokens" IS 'Sum of prompt (input) tokens of all LLM calls.';
COMMENT ON COLUMN "conversations"."completion_tokens" IS 'Sum of completion (output) tokens of all LLM calls.';
COMMENT ON COLUMN "conversations"."total_tokens" IS 'Sum of total tokens of all LLM calls.';
COMMENT ON COLUMN "conversations"."total_cost" IS 'Sum of LLM cost in USD (6 decimals).';
COMMENT ON COLUMN "conversations"."last_message_at" IS 'Time of the latest message. NULL when empty.';
COMMENT ON COLUMN "conversations"."created_at" IS 'When the conversation started.';
COMMENT ON COLUMN "conversations"."updated_at" IS 'When the row was last changed.';

-- messages
COMMENT ON TABLE "messages" IS 'Chat messages. Sequence numbers are gap-free per conversation and drive subscription replay.';
COMMENT ON COLUMN "messages"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "messages"."conversation_id" IS 'Conversation (messages are deleted with it).';
COMMENT ON COLUMN "messages"."role" IS 'user, assistant, system or tool.';
COMMENT ON COLUMN "messages"."content" IS 'Message text (assistant messages grow while streaming). Full-text indexed.';
COMMENT ON COLUMN "messages"."sequence" IS 'Position in the conversation, unique per conversation, >= 0.';
COMMENT ON COLUMN "messages"."client_message_id" IS 'Client-supplied id making messageSend retries idempotent, unique per conversation. NULL when not supplied.';
COMMENT ON COLUMN "messages"."intent" IS 'Intent detected for a user message (e.g. product_search). NULL otherwise.';
COMMENT ON COLUMN "messages"."entities" IS 'Extracted entities as JSON (price range, brands, categories...). NULL when none.';
COMMENT ON COLUMN "messages"."status" IS 'pending, streaming, complete or failed.';
COMMENT ON COLUMN "messages"."llm_request_id" IS 'LLM call that produced this assistant message. NULL for user messages.';
COMMENT ON COLUMN "messages"."search_vector" IS 'Generated (stored) english tsvector over content. GIN indexed.';
COMMENT ON COLUMN "messages"."created_at" IS 'When the message was created.';
COMMENT ON COLUMN "messages"."updated_at" IS 'When the message was last changed (e.g. streaming finished).';

-- message_products
COMMENT ON TABLE "message_products" IS 'Products the assistant suggested in a message, in display order.';
COMMENT ON COLUMN "message_products"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "message_products"."message_id" IS 'Assistant message.';
COMMENT ON COLUMN "message_products"."product_id" IS 'Suggested product (unique per message).';
COMMENT ON COLUMN "message_products"."position" IS 'Display order within the message, ascending.';
COMMENT ON COLUMN "message_products"."reason" IS 'Why it was suggested (e.g. matches price range). NULL when not given.';
COMMENT ON COLUMN "message_products"."created_at" IS 'When the suggestion was made.';

-- chat_modes
COMMENT ON TABLE "chat_modes" IS 'Assistant configurations (prompt, provider/model, tools, limits). Exactly one may be the default.';
COMMENT ON COLUMN "chat_modes"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "chat_modes"."slug" IS 'Identifier, unique (''default'' is seeded).';
COMMENT ON COLUMN "chat_modes"."name" IS 'Display name.';
COMMENT ON COLUMN "chat_modes"."description" IS 'What the mode is for. NULL when none.';
COMMENT ON COLUMN "chat_modes"."prompt_template" IS 'System prompt template given to the model.';
COMMENT ON COLUMN "chat_modes"."model" IS 'Model name (matches llm_model_prices.model).';
COMMENT ON COLUMN "chat_modes"."provider" IS 'Provider: local or openai (OpenAI-compatible).';
COMMENT ON COLUMN "chat_modes"."tools" IS 'Names of the tools the assistant may call in this mode.';
COMMENT ON COLUMN "chat_modes"."max_tokens" IS 'Maximum completion tokens per reply, > 0.';
COMMENT ON COLUMN "chat_modes"."temperature" IS 'Sampling temperature 0-2.';
COMMENT ON COLUMN "chat_modes"."is_default" IS 'True for the default mode (at most one row).';
COMMENT ON COLUMN "chat_modes"."is_active" IS 'False disables the mode.';
COMMENT ON COLUMN "chat_modes"."created_at" IS 'When the mode was created.';
COMMENT ON COLUMN "chat_modes"."updated_at" IS 'When the mode was last changed.';

-- purchase_intents
COMMENT ON TABLE "purchase_intents" IS 'Buying signals detected in conversations, with a 0-100 confidence (for chat-to-order attribution).';
COMMENT ON COLUMN "purchase_intents"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "purchase_intents"."conversation_id" IS 'Conversation where the signal was detected.';
COMMENT ON COLUMN "purchase_intents"."message_id" IS 'Message that carried the signal. NULL when conversation-level.';
COMMENT ON COLUMN "purchase_intents"."customer_id" IS 'Customer. NULL for guests.';
COMMENT ON COLUMN "purchase_intents"."product_id" IS 'Product the signal is about. NULL when not product-specific.';
COMMENT ON COLUMN "purchase_intents"."signal_type" IS 'Kind of signal (see type purchase_signal_type).';
COMMENT ON COLUMN "purchase_intents"."confidence" IS 'Detector confidence, 0-100.';
COMMENT ON COLUMN "purchase_intents"."details" IS 'Extra detector output as JSON.';
COMMENT ON COLUMN "purchase_intents"."created_at" IS 'When the signal was detected.';

-- llm_requests
COMMENT ON TABLE "llm_requests" IS 'Every LLM call (one per assistant turn and retry chain), with timings. The result is in llm_responses.';
COMMENT ON COLUMN "llm_requests"."id" IS 'Request id (random uuid).';
COMMENT ON COLUMN "llm_requests"."provider" IS 'Provider actually called: local or openai (OpenAI-compatible).';
COMMENT ON COLUMN "llm_requests"."model" IS 'Model name (matches llm_model_prices.model).';
COMMENT ON COLUMN "llm_requests"."prompt" IS 'Prompt / rendered message list sent to the model.';
COMMENT ON COLUMN "llm_requests"."system_prompt" IS 'System prompt. NULL when none.';
COMMENT ON COLUMN "llm_requests"."parameters" IS 'Call parameters as JSON (temperature, max_tokens, tools...).';
COMMENT ON COLUMN "llm_requests"."status" IS 'queued, running, succeeded or failed.';
COMMENT ON COLUMN "llm_requests"."queued_at" IS 'When the request was enqueued.';
COMMENT ON COLUMN "llm_requests"."started_at" IS 'When a worker started it. NULL while queued.';
COMMENT ON COLUMN "llm_requests"."completed_at" IS 'When it finished (success or failure). NULL while in flight.';
COMMENT ON COLUMN "llm_requests"."error" IS 'Error message of the last failure. NULL on success.';
COMMENT ON COLUMN "llm_requests"."retry_count" IS 'Retries performed, >= 0.';
COMMENT ON COLUMN "llm_requests"."conversation_id" IS 'Conversation. NULL for calls outside chat.';
COMMENT ON COLUMN "llm_requests"."customer_id" IS 'Customer billed/attributed. NULL for guests and system calls.';
COMMENT ON COLUMN "llm_requests"."message_id" IS 'User message that triggered the call. NULL otherwise.';

-- llm_responses
COMMENT ON TABLE "llm_responses" IS 'Result of an LLM request (1:1): content, token counts, latency and cost.';
COMMENT ON COLUMN "llm_responses"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "llm_responses"."request_id" IS 'The request, unique (one response per request).';
COMMENT ON COLUMN "llm_responses"."content" IS 'Generated text.';
COMMENT ON COLUMN "llm_responses"."finish_reason" IS 'Why generation stopped (stop, length, tool_calls...). NULL when unknown.';
COMMENT ON COLUMN "llm_responses"."prompt_tokens" IS 'Input tokens (real tokenizer count).';
COMMENT ON COLUMN "llm_responses"."completion_tokens" IS 'Output tokens.';
COMMENT ON COLUMN "llm_responses"."total_tokens" IS 'Total tokens as reported/counted.';
COMMENT ON COLUMN "llm_responses"."latency_ms" IS 'Milliseconds from start of the call to the last token.';
COMMENT ON COLUMN "llm_responses"."queue_time_ms" IS 'Milliseconds the request waited in the queue. NULL when unknown.';
COMMENT ON COLUMN "llm_responses"."time_to_first_token_ms" IS 'Milliseconds from start to the first streamed token. NULL when not streamed.';
COMMENT ON COLUMN "llm_responses"."cost" IS 'Cost in currency (6 decimals) from llm_model_prices.';
COMMENT ON COLUMN "llm_responses"."currency" IS 'ISO 4217 currency of cost (USD).';
COMMENT ON COLUMN "llm_responses"."cached" IS 'True when served from the response cache (no provider call).';
COMMENT ON COLUMN "llm_responses"."cache_key" IS 'Cache key of the response. NULL when not cacheable.';
COMMENT ON COLUMN "llm_responses"."created_at" IS 'When the response was stored.';

-- llm_model_prices
COMMENT ON TABLE "llm_model_prices" IS 'Price list per provider/model, effective from a date. Cost = tokens / 1e6 * price of the latest row with effective_from <= call time.';
COMMENT ON COLUMN "llm_model_prices"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "llm_model_prices"."provider" IS 'Provider name (local, openai).';
COMMENT ON COLUMN "llm_model_prices"."model" IS 'Model name.';
COMMENT ON COLUMN "llm_model_prices"."input_price_per_million_tokens" IS 'Price of 1,000,000 prompt tokens, in currency.';
COMMENT ON COLUMN "llm_model_prices"."output_price_per_million_tokens" IS 'Price of 1,000,000 completion tokens, in currency.';
COMMENT ON COLUMN "llm_model_prices"."currency" IS 'ISO 4217 currency of the prices.';
COMMENT ON COLUMN "llm_model_prices"."effective_from" IS 'Price applies from this time on (unique per provider+model).';
COMMENT ON COLUMN "llm_model_prices"."created_at" IS 'When the row was created.';

-- llm_usage_stats
COMMENT ON TABLE "llm_usage_stats" IS 'Hourly LLM usage rollup per provider, model and customer. Unique on (hour, provider, model, customer_id) with NULL customer treated as one value (NULLS NOT DISTINCT).';
COMMENT ON COLUMN "llm_usage_stats"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "llm_usage_stats"."hour" IS 'Start of the UTC hour (whole hour enforced by a check).';
COMMENT ON COLUMN "llm_usage_stats"."provider" IS 'Provider name.';
COMMENT ON COLUMN "llm_usage_stats"."model" IS 'Model name.';
COMMENT ON COLUMN "llm_usage_stats"."customer_id" IS 'Customer. NULL aggregates guest and system calls.';
COMMENT ON COLUMN "llm_usage_stats"."request_count" IS 'Requests in the hour.';
COMMENT ON COLUMN "llm_usage_stats"."error_count" IS 'Failed requests in the hour (<= request_count).';
COMMENT ON COLUMN "llm_usage_stats"."prompt_tokens" IS 'Sum of prompt tokens.';
COMMENT ON COLUMN "llm_usage_stats"."completion_tokens" IS 'Sum of completion tokens.';
COMMENT ON COLUMN "llm_usage_stats"."total_tokens" IS 'Sum of total tokens.';
COMMENT ON COLUMN "llm_usage_stats"."total_cost" IS 'Sum of cost in currency (6 decimals).';
COMMENT ON COLUMN "llm_usage_stats"."currency" IS 'ISO 4217 currency of total_cost (USD).';
COMMENT ON COLUMN "llm_usage_stats"."avg_latency_ms" IS 'Mean latency in milliseconds over the hour''s requests.';
COMMENT ON COLUMN "llm_usage_stats"."created_at" IS 'When the row was created.';
COMMENT ON COLUMN "llm_usage_stats"."updated_at" IS 'When the rollup was last updated.';

-- llm_provider_status
COMMENT ON TABLE "llm_provider_status" IS 'Health and circuit-breaker state per provider/model. An open circuit makes the assistant fall back to local.';
COMMENT ON COLUMN "llm_provider_status"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "llm_provider_status"."provider" IS 'Provider name (unique with model).';
COMMENT ON COLUMN "llm_provider_status"."model" IS 'Model name.';
COMMENT ON COLUMN "llm_provider_status"."healthy" IS 'Current health verdict.';
COMMENT ON COLUMN "llm_provider_status"."success_rate" IS 'Recent success ratio 0-1 (rolling window).';
COMMENT ON COLUMN "llm_provider_status"."consecutive_failures" IS 'Failures in a row since the last success.';
COMMENT ON COLUMN "llm_provider_status"."circuit_state" IS 'closed, open or half_open.';
COMMENT ON COLUMN "llm_provider_status"."opened_at" IS 'When the circuit last opened. NULL if never.';
COMMENT ON COLUMN "llm_provider_status"."last_error" IS 'Most recent error message. NULL when none.';
COMMENT ON COLUMN "llm_provider_status"."last_checked_at" IS 'Last call or probe. NULL if never.';
COMMENT ON COLUMN "llm_provider_status"."updated_at" IS 'When the row was last changed.';

-- analytics_events
COMMENT ON TABLE "analytics_events" IS 'Product analytics events (page views, add to cart, ...), append-only.';
COMMENT ON COLUMN "analytics_events"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "analytics_events"."name" IS 'Event name, e.g. product_viewed, cart_line_added.';
COMMENT ON COLUMN "analytics_events"."customer_id" IS 'Customer. NULL for anonymous visitors.';
COMMENT ON COLUMN "analytics_events"."session_id" IS 'Client/session identifier. NULL when unknown.';
COMMENT ON COLUMN "analytics_events"."anonymous_id" IS 'Anonymous visitor id (e.g. guest cart or cookie id). NULL when unknown.';
COMMENT ON COLUMN "analytics_events"."properties" IS 'Event properties as JSON.';
COMMENT ON COLUMN "analytics_events"."created_at" IS 'When the event happened.';

-- search_logs
COMMENT ON TABLE "search_logs" IS 'One row per product search, for search-term and zero-result analysis.';
COMMENT ON COLUMN "search_logs"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "search_logs"."query" IS 'Query as typed.';
COMMENT ON COLUMN "search_logs"."normalized_query" IS 'Lower-cased, trimmed, whitespace-collapsed query (group by this).';
COMMENT ON COLUMN "search_logs"."filters" IS 'ProductFilter applied, as JSON ({} when none).';
COMMENT ON COLUMN "search_logs"."sort" IS 'ProductSort used (RELEVANCE, PRICE_ASC...). NULL = default.';
COMMENT ON COLUMN "search_logs"."result_count" IS 'Total matching products.';
COMMENT ON COLUMN "search_logs"."latency_ms" IS 'Server time to answer, in milliseconds.';
COMMENT ON COLUMN "search_logs"."zero_result" IS 'True when result_count = 0.';
COMMENT ON COLUMN "search_logs"."corrected_query" IS 'Spelling-corrected query suggested/used. NULL when none.';
COMMENT ON COLUMN "search_logs"."customer_id" IS 'Searching customer. NULL for guests.';
COMMENT ON COLUMN "search_logs"."created_at" IS 'When the search ran.';

-- admin_audit_log
COMMENT ON TABLE "admin_audit_log" IS 'Audit trail of admin actions with before/after snapshots. Append-only.';
COMMENT ON COLUMN "admin_audit_log"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "admin_audit_log"."actor_id" IS 'Admin who acted. NULL for CLI/system actions. Actors with audit entries cannot be hard-deleted.';
COMMENT ON COLUMN "admin_audit_log"."action" IS 'Action name, e.g. product.update, order.status_change.';
COMMENT ON COLUMN "admin_audit_log"."resource_type" IS 'Kind of object acted on, e.g. product, order, customer.';
COMMENT ON COLUMN "admin_audit_log"."resource_id" IS 'Id of the object acted on (text). NULL for collection-level actions.';
COMMENT ON COLUMN "admin_audit_log"."before" IS 'Object state before the action as JSON. NULL for creations.';
COMMENT ON COLUMN "admin_audit_log"."after" IS 'Object state after the action as JSON. NULL for deletions.';
COMMENT ON COLUMN "admin_audit_log"."ip" IS 'Admin IP. NULL when unknown.';
COMMENT ON COLUMN "admin_audit_log"."user_agent" IS 'Admin User-Agent. NULL when unknown.';
COMMENT ON COLUMN "admin_audit_log"."created_at" IS 'When the action happened.';
