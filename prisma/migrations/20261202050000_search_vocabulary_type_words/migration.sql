-- Search relevance (issue 11): category ancestors in the search vector (type words) and a
-- vocabulary of every indexed word (typo tolerance, word rarity), both kept current by triggers.
--
-- Hand-written like 20261122063800_search_checks_comments: PL/pgSQL bodies are E'...' literals in
-- which \073 stands for the semicolon (the migration runner splits on every semicolon).

-- ═════════════════════════════════════════════════════════════════════════════
-- 1. products.search_path: the names of the ancestors of the product's category (root first).
--    A query word that names a category then matches the products of its whole subtree.
-- ═════════════════════════════════════════════════════════════════════════════

ALTER TABLE "products" ADD COLUMN "search_path" TEXT NOT NULL DEFAULT '';

CREATE FUNCTION "product_search_path"(p_category_id integer)
RETURNS text
LANGUAGE sql
STABLE
AS $$
    WITH RECURSIVE up(id, parent_id, name, depth) AS (
        SELECT c.id, c.parent_id, c.name, 1
        FROM categories c
        WHERE c.id = (SELECT parent_id FROM categories WHERE id = p_category_id)
        UNION ALL
        SELECT c.id, c.parent_id, c.name, up.depth + 1
        FROM categories c JOIN up ON c.id = up.parent_id
        WHERE up.depth < 32
    )
    SELECT coalesce(string_agg(name, ' ' ORDER BY depth DESC), '') FROM up
$$;
COMMENT ON FUNCTION "product_search_path"(integer) IS
    'Builds products.search_path: the names of the ancestors of a category, root first, space separated ('''' for a root or no category).';

CREATE OR REPLACE FUNCTION "products_set_search_text"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    NEW.search_text := product_search_text(NEW.id, NEW.brand_id, NEW.category_id)\073
    NEW.search_path := product_search_path(NEW.category_id)\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "products_set_search_text"() IS
    'BEFORE INSERT/UPDATE trigger function on products: recomputes search_text (brand, category, tags) and search_path (category ancestors).';

DROP TRIGGER "products_search_text_biu" ON "products";
CREATE TRIGGER "products_search_text_biu"
    BEFORE INSERT OR UPDATE OF "brand_id", "category_id", "search_text", "search_path" ON "products"
    FOR EACH ROW EXECUTE FUNCTION "products_set_search_text"();

-- A renamed or moved category changes the text of every product in its subtree, not only its own.
CREATE OR REPLACE FUNCTION "categories_refresh_product_search_text"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    UPDATE products p
       SET search_text = product_search_text(p.id, p.brand_id, p.category_id)
     WHERE p.category_id IN (
        WITH RECURSIVE subtree(id) AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.name IS DISTINCT FROM o.name OR n.parent_id IS DISTINCT FROM o.parent_id
            UNION
            SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id
        )
        SELECT id FROM subtree)\073
    RETURN NULL\073
END\073
';
COMMENT ON FUNCTION "categories_refresh_product_search_text"() IS
    'AFTER UPDATE statement trigger function on categories: refreshes search_text and search_path of the products in the subtree of every renamed or moved category.';

UPDATE "products" SET "search_path" = product_search_path("category_id") WHERE "category_id" IS NOT NULL;

-- The vector gains the ancestors at the lowest weight (D): a category word matches, but a name,
-- brand, own category or tag match of the same word ranks above it.
ALTER TABLE "products" DROP COLUMN "search_vector";
ALTER TABLE "products" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, "name"), 'A')
 || setweight(to_tsvector('english'::regconfig, "search_text"), 'B')
 || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'C')
 || setweight(to_tsvector('english'::regconfig, "search_path"), 'D')
) STORED;
CREATE INDEX "products_search_vector_idx" ON "products" USING GIN ("search_vector");

COMMENT ON COLUMN "products"."search_path" IS 'Denormalized names of the category''s ancestors (root first), maintained by triggers (do not write).';
COMMENT ON COLUMN "products"."search_vector" IS 'Generated (stored) english tsvector: name (A) + search_text (B) + description (C) + search_path (D). GIN indexed.';

-- ═════════════════════════════════════════════════════════════════════════════
-- 2. search_vocabulary: every word of the searchable text of active products, with the number of
--    products using it. Typo correction looks candidates up here (symmetric-delete and trigram
--    indexes), and relaxation weighs words by rarity from doc_count.
-- ═════════════════════════════════════════════════════════════════════════════

-- The words of a text exactly as the query parser cuts them: lower-cased runs of letters and digits.
CREATE FUNCTION "search_words"(p_text text)
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(DISTINCT w), '{}')
    FROM regexp_split_to_table(lower(p_text), '[^[:alnum:]]+') AS w
    WHERE w <> '' AND length(w) <= 40
$$;
COMMENT ON FUNCTION "search_words"(text) IS
    'The distinct lower-cased words (runs of letters and digits, at most 40 characters) of a text, as the search query parser cuts them.';

-- The word and every string made by deleting one of its letters (symmetric-delete index): a
-- typed word within one edit of a vocabulary word shares at least one of these strings with it.
CREATE FUNCTION "search_deletions"(p_word text)
RETURNS text[]
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT CASE WHEN length(p_word) < 3 THEN ARRAY[p_word]
        ELSE ARRAY[p_word] || ARRAY(
            SELECT DISTINCT left(p_word, i - 1) || substr(p_word, i + 1)
            FROM generate_series(1, length(p_word)) AS i)
    END
$$;
COMMENT ON FUNCTION "search_deletions"(text) IS
    'A word and its one-letter deletions (words under 3 letters: the word only): the keys of the symmetric-delete typo index.';

-- The english lexeme of one word ('''' for a stop word), as to_tsvector stores it.
CREATE FUNCTION "search_lexeme"(p_word text)
RETURNS text
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
AS $$
    SELECT coalesce(string_agg(lexeme, ' '), '') FROM unnest(to_tsvector('english'::regconfig, p_word))
$$;
COMMENT ON FUNCTION "search_lexeme"(text) IS
    'The english full-text lexeme(s) of a word, space separated, or ''''  for a stop word.';

CREATE TABLE "search_vocabulary" (
    "word" TEXT COLLATE "C" NOT NULL,
    "lexeme" TEXT COLLATE "C" NOT NULL GENERATED ALWAYS AS (search_lexeme("word")) STORED,
    "doc_count" INTEGER NOT NULL,
    "deletes" TEXT[] NOT NULL GENERATED ALWAYS AS (search_deletions("word")) STORED,
    CONSTRAINT "search_vocabulary_pkey" PRIMARY KEY ("word")
);
CREATE INDEX "search_vocabulary_lexeme_idx" ON "search_vocabulary" ("lexeme");
CREATE INDEX "search_vocabulary_deletes_idx" ON "search_vocabulary" USING GIN ("deletes");
CREATE INDEX "search_vocabulary_word_trgm_idx" ON "search_vocabulary" USING GIN ("word" gin_trgm_ops);

COMMENT ON TABLE "search_vocabulary" IS 'Every word of the searchable text (name, brand, category path, tags, description) of active products, maintained by triggers on products. Read by typo correction and query relaxation.';
COMMENT ON COLUMN "search_vocabulary"."word" IS 'A lower-cased word (letters and digits), as the query parser cuts words. C collation: prefix scans use the primary key.';
COMMENT ON COLUMN "search_vocabulary"."lexeme" IS 'Generated: the english full-text lexeme of the word ('''' for a stop word), and words sharing a lexeme match the same products.';
COMMENT ON COLUMN "search_vocabulary"."doc_count" IS 'Number of active products whose searchable text contains the word (rows at 0 are removed by the trigger).';
COMMENT ON COLUMN "search_vocabulary"."deletes" IS 'Generated: the word and its one-letter deletions, GIN indexed (symmetric-delete lookup of typo candidates).';

-- Statement-level, with transition tables, so a COPY or a bulk import updates the counts once.
CREATE FUNCTION "products_refresh_search_vocabulary"() RETURNS trigger
LANGUAGE plpgsql
AS E'
DECLARE
    words text[]\073
    deltas int[]\073
    gone text[]\073
BEGIN
    IF TG_OP = ''INSERT'' THEN
        SELECT array_agg(w ORDER BY w), array_agg(d ORDER BY w) INTO words, deltas FROM (
            SELECT w, count(*)::int AS d
            FROM new_rows n, unnest(search_words(concat_ws('' '', n.name, n.search_text, n.search_path, n.description))) AS w
            WHERE n.status = ''active'' GROUP BY w) x\073
    ELSIF TG_OP = ''DELETE'' THEN
        SELECT array_agg(w ORDER BY w), array_agg(d ORDER BY w) INTO words, deltas FROM (
            SELECT w, -count(*)::int AS d
            FROM old_rows o, unnest(search_words(concat_ws('' '', o.name, o.search_text, o.search_path, o.description))) AS w
            WHERE o.status = ''active'' GROUP BY w) x\073
    ELSE
        -- Only rows whose searchable text or status changed (rating or stock updates do not).
        SELECT array_agg(w ORDER BY w), array_agg(d ORDER BY w) INTO words, deltas FROM (
            SELECT w, sum(d)::int AS d FROM (
                SELECT unnest(search_words(concat_ws('' '', o.name, o.search_text, o.search_path, o.description))) AS w,
                       -1 AS d
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE o.status = ''active''
                  AND (n.name, n.search_text, n.search_path, n.description, n.status)
                      IS DISTINCT FROM (o.name, o.search_text, o.search_path, o.description, o.status)
                UNION ALL
                SELECT unnest(search_words(concat_ws('' '', n.name, n.search_text, n.search_path, n.description))), 1
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE n.status = ''active''
                  AND (n.name, n.search_text, n.search_path, n.description, n.status)
                      IS DISTINCT FROM (o.name, o.search_text, o.search_path, o.description, o.status)
            ) y GROUP BY w HAVING sum(d) <> 0) x\073
    END IF\073
    IF words IS NULL THEN
        RETURN NULL\073
    END IF\073
    -- Rows are locked in word order, so concurrent catalog writes cannot deadlock here.
    WITH up AS (
        INSERT INTO search_vocabulary AS v (word, doc_count)
        SELECT w, d FROM unnest(words, deltas) AS u(w, d) ORDER BY w
        ON CONFLICT (word) DO UPDATE SET doc_count = v.doc_count + EXCLUDED.doc_count
        RETURNING v.word, v.doc_count
    )
    SELECT array_agg(word) FILTER (WHERE doc_count <= 0) INTO gone FROM up\073
    -- Only rows this statement has just updated (and so already locks).
    IF gone IS NOT NULL THEN
        DELETE FROM search_vocabulary WHERE word = ANY(gone) AND doc_count <= 0\073
    END IF\073
    RETURN NULL\073
END\073
';
COMMENT ON FUNCTION "products_refresh_search_vocabulary"() IS
    'AFTER INSERT/UPDATE/DELETE statement trigger function on products: adds and removes the words of active products in search_vocabulary.';

-- A TRUNCATE of both tables in one statement (a database reset) already empties the vocabulary:
-- truncating it again from here would fail (object_in_use), and is not needed.
CREATE FUNCTION "products_truncate_search_vocabulary"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    TRUNCATE search_vocabulary\073
    RETURN NULL\073
EXCEPTION WHEN object_in_use THEN
    RETURN NULL\073
END\073
';
COMMENT ON FUNCTION "products_truncate_search_vocabulary"() IS
    'AFTER TRUNCATE trigger function on products: empties search_vocabulary with it.';

-- (A trigger with transition tables may have only one event, hence three triggers.)
CREATE TRIGGER "products_search_vocabulary_ai"
    AFTER INSERT ON "products"
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "products_refresh_search_vocabulary"();
CREATE TRIGGER "products_search_vocabulary_au"
    AFTER UPDATE ON "products"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "products_refresh_search_vocabulary"();
CREATE TRIGGER "products_search_vocabulary_ad"
    AFTER DELETE ON "products"
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION "products_refresh_search_vocabulary"();
CREATE TRIGGER "products_search_vocabulary_at"
    AFTER TRUNCATE ON "products"
    FOR EACH STATEMENT EXECUTE FUNCTION "products_truncate_search_vocabulary"();

INSERT INTO "search_vocabulary" ("word", "doc_count")
SELECT w, count(*)::int
FROM "products" p, unnest(search_words(concat_ws(' ', p.name, p.search_text, p.search_path, p.description))) AS w
WHERE p.status = 'active'
GROUP BY w;

DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON search_vocabulary TO bazaar_analyst''\073
  END IF\073
END';
