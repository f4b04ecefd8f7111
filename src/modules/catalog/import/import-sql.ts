import { slugify } from '../admin/admin-helpers';
import type { ImportError, ImportRow } from './import-format';

/**
 * Where the import's SQL runs: a pg client (CLI: COPY) or a Prisma transaction (admin mutation:
 * json_populate_recordset). The statements are the same; only bulk loading differs.
 */
export interface Sink {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Bulk-loads rows (objects keyed by column name) into a temp table. */
  load(table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void>;
}

export interface ImportStats {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
}

const PRODUCT_COLS = [
  'line',
  'sku',
  'slug',
  'name',
  'description',
  'short_description',
  'brand_id',
  'category_id',
  'price',
  'compare_at_price',
  'sale_price',
  'sale_starts_at',
  'sale_ends_at',
  'currency',
  'status',
  'featured',
  'specifications',
  'weight_grams',
  'marketplace',
  'external_id',
  'external_url',
  'scraped_at',
  'tags',
  'images',
  'variants',
];

/** Categories by path: resolved in memory against the whole (small) tree; missing nodes are created. */
async function resolveCategories(sink: Sink, rows: ImportRow[]): Promise<Map<string, number>> {
  const existing = await sink.query<{ id: number; parent_id: number | null; name: string; slug: string }>(
    'SELECT id, parent_id, name, slug FROM categories',
  );
  const byParentName = new Map(existing.map((c) => [`${c.parent_id ?? 0}/${c.name.toLowerCase()}`, c.id]));
  const slugs = new Set(existing.map((c) => c.slug));
  const out = new Map<string, number>();
  for (const path of new Set(
    rows.filter((r) => r.categoryPath?.length).map((r) => r.categoryPath!.join(' > ')),
  )) {
    let parent: number | null = null;
    const segs = path.split(' > ');
    for (let i = 0; i < segs.length; i++) {
      const key = `${parent ?? 0}/${segs[i]!.toLowerCase()}`;
      let id = byParentName.get(key);
      if (id === undefined) {
        let slug = slugify(segs[i]!);
        if (slugs.has(slug)) slug = slugify(segs.slice(0, i + 1).join('-'));
        const [row]: { id: number }[] = await sink.query<{ id: number }>(
          'INSERT INTO categories (name, slug, parent_id) VALUES ($1, $2, $3) RETURNING id',
          [segs[i], slug, parent],
        );
        id = row!.id;
        byParentName.set(key, row!.id);
        slugs.add(slug);
      }
      parent = id;
    }
    out.set(path, parent as number);
  }
  return out;
}

async function resolveBrands(sink: Sink, rows: ImportRow[]): Promise<Map<string, number>> {
  const existing = await sink.query<{ id: number; name: string }>('SELECT id, name FROM brands');
  const out = new Map(existing.map((b) => [b.name.toLowerCase(), b.id]));
  for (const name of new Set(rows.filter((r) => r.brand).map((r) => r.brand!))) {
    if (out.has(name.toLowerCase())) continue;
    const [row] = await sink.query<{ id: number }>(
      `INSERT INTO brands (name, slug) VALUES ($1, $2)
       ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
      [name, slugify(name) || `brand-${out.size + 1}`],
    );
    out.set(name.toLowerCase(), row!.id);
  }
  return out;
}

const ids = (rows: { product_id: number }[]) => rows.map((r) => r.product_id);

/**
 * Upserts products set-wise: load into a temp table, match by marketplace + external id, else by
 * SKU, then one UPDATE (only rows that differ), one INSERT, and diff-based statements for tags,
 * images and variants. Nothing is written for a row that is already identical, so running the
 * same file twice changes nothing (no updated_at bump, no ledger rows, no trigger work).
 */
export async function importRows(
  sink: Sink,
  rows: ImportRow[],
  onStep: (step: string) => void = () => {},
): Promise<ImportStats> {
  const errors: ImportError[] = [];
  onStep('categories and brands');
  const categories = await resolveCategories(sink, rows);
  const brands = await resolveBrands(sink, rows);
  await sink.query(`CREATE TEMP TABLE imp_products (
      line int, sku text, slug text, name text, description text, short_description text, brand_id int,
      category_id int, price numeric, compare_at_price numeric, sale_price numeric, sale_starts_at timestamptz,
      sale_ends_at timestamptz, currency text, status text, featured boolean, specifications jsonb, weight_grams int,
      marketplace text, external_id text, external_url text, scraped_at timestamptz, tags jsonb, images jsonb,
      variants jsonb, product_id int, created boolean NOT NULL DEFAULT false, error text) ON COMMIT DROP`);
  onStep('loading');
  await sink.load(
    'imp_products',
    PRODUCT_COLS,
    rows.map((r) => ({
      line: r.line,
      sku: r.sku,
      slug: r.slug,
      name: r.name,
      description: r.description,
      short_description: r.shortDescription,
      brand_id: r.brand ? brands.get(r.brand.toLowerCase()) : null,
      category_id: r.categoryPath?.length ? categories.get(r.categoryPath.join(' > ')) : null,
      price: r.price,
      compare_at_price: r.compareAtPrice,
      sale_price: r.salePrice,
      sale_starts_at: r.saleStartsAt,
      sale_ends_at: r.saleEndsAt,
      currency: r.currency,
      status: r.status,
      featured: r.featured,
      specifications: r.specifications,
      weight_grams: r.weightGrams,
      marketplace: r.marketplace,
      external_id: r.externalId,
      external_url: r.externalUrl,
      scraped_at: r.scrapedAt,
      tags: r.tags,
      images: r.images,
      variants: r.variants,
    })),
  );
  onStep('matching');
  await sink.query('ANALYZE imp_products');
  await sink.query(`UPDATE imp_products i SET product_id = p.id FROM products p
    WHERE i.marketplace IS NOT NULL AND p.marketplace = i.marketplace AND p.external_id = i.external_id`);
  await sink.query(`UPDATE imp_products i SET product_id = p.id FROM products p
    WHERE i.product_id IS NULL AND i.marketplace IS NULL AND p.sku = i.sku`);
  const taken = (col: string) =>
    `EXISTS (SELECT 1 FROM products p WHERE p.${col} = i.${col} AND p.id IS DISTINCT FROM i.product_id)`;
  const conflicts = await sink.query<{ line: number; error: string }>(`
    WITH later AS (SELECT line FROM (SELECT line, row_number() OVER (PARTITION BY slug ORDER BY line) AS n
                                     FROM imp_products) x WHERE n > 1)
    UPDATE imp_products i SET error = CASE
        WHEN ${taken('sku')} THEN 'sku already used by another product'
        WHEN ${taken('slug')} THEN 'slug already used by another product'
        ELSE 'slug already used by an earlier line' END
    WHERE ${taken('sku')} OR ${taken('slug')} OR i.line IN (SELECT line FROM later)
    RETURNING i.line, i.error`);
  errors.push(...conflicts.map((c) => ({ line: c.line, message: c.error })));
  await sink.query('DELETE FROM imp_products WHERE error IS NOT NULL');

  onStep('products');
  const cols = `sku, slug, name, description, short_description, brand_id, category_id, price, compare_at_price,
    sale_price, sale_starts_at, sale_ends_at, currency, status, featured, specifications, weight_grams,
    marketplace, external_id, external_url, scraped_at`;
  const vals = `i.sku, i.slug, i.name, i.description, i.short_description, i.brand_id, i.category_id, i.price,
    i.compare_at_price, i.sale_price, i.sale_starts_at, i.sale_ends_at, i.currency, i.status::product_status,
    i.featured, i.specifications, i.weight_grams, i.marketplace, i.external_id, i.external_url, i.scraped_at`;
  const current = `p.sku, p.slug, p.name, p.description, p.short_description, p.brand_id, p.category_id, p.price,
    p.compare_at_price, p.sale_price, p.sale_starts_at, p.sale_ends_at, p.currency::text, p.status::text,
    p.featured, p.specifications, p.weight_grams, p.marketplace, p.external_id, p.external_url, p.scraped_at`;
  const changed = new Set<number>(
    ids(
      await sink.query<{ product_id: number }>(`
      UPDATE products p SET (${cols}, updated_at) = (${vals}, now())
      FROM imp_products i
      WHERE p.id = i.product_id AND (${current}) IS DISTINCT FROM (${vals.replace('::product_status', '')})
      RETURNING p.id AS product_id`),
    ),
  );
  const created = ids(
    await sink.query<{ product_id: number }>(`
    WITH ins AS (INSERT INTO products (${cols}) SELECT ${vals} FROM imp_products i WHERE i.product_id IS NULL
                 RETURNING id, sku)
    UPDATE imp_products i SET product_id = ins.id, created = true FROM ins WHERE i.sku = ins.sku
    RETURNING i.product_id`),
  );

  // product_id is known now: fresh statistics, or the planner still believes it is all NULL and
  // picks nested loops for the joins below (minutes instead of seconds at 100k rows).
  await sink.query('ANALYZE imp_products');
  onStep('tags');
  for (const r of await sink.query<{ product_id: number }>(`
    WITH del AS (DELETE FROM product_tags t USING imp_products i
                 WHERE t.product_id = i.product_id AND i.tags IS NOT NULL AND NOT (i.tags ? t.tag)
                 RETURNING t.product_id),
         ins AS (INSERT INTO product_tags (product_id, tag)
                 SELECT i.product_id, x.tag FROM imp_products i, jsonb_array_elements_text(i.tags) x(tag)
                 WHERE i.tags IS NOT NULL ON CONFLICT DO NOTHING RETURNING product_id)
    SELECT product_id FROM del UNION SELECT product_id FROM ins`))
    changed.add(r.product_id);

  onStep('images');
  await sink.query(`CREATE TEMP TABLE imp_images ON COMMIT DROP AS
    SELECT i.product_id, e.value->>'url' AS url, e.value->>'altText' AS alt_text, e.ordinality::int AS position,
           e.ordinality = 1 AS is_primary
    FROM imp_products i, jsonb_array_elements(i.images) WITH ORDINALITY e WHERE i.images IS NOT NULL`);
  await sink.query('ANALYZE imp_images');
  // Equalities only (coalesce, not IS NOT DISTINCT FROM) so the planner can use hash anti-joins.
  const same = `w.product_id = pi.product_id AND w.url = pi.url AND w.position = pi.position
    AND w.is_primary = pi.is_primary AND coalesce(w.alt_text, '') = coalesce(pi.alt_text, '')`;
  for (const sql of [
    `DELETE FROM product_images pi USING imp_products i WHERE pi.product_id = i.product_id AND i.images IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM imp_images w WHERE ${same}) RETURNING pi.product_id`,
    `INSERT INTO product_images (product_id, url, alt_text, position, is_primary)
       SELECT w.product_id, w.url, w.alt_text, w.position, w.is_primary FROM imp_images w
       WHERE NOT EXISTS (SELECT 1 FROM product_images pi WHERE ${same}) RETURNING product_id`,
  ])
    ids(await sink.query<{ product_id: number }>(sql)).forEach((id) => changed.add(id));

  onStep('variants');
  await sink.query(`CREATE TEMP TABLE imp_variants ON COMMIT DROP AS
    SELECT i.product_id, e.value->>'sku' AS sku, coalesce(e.value->>'name', e.value->>'sku') AS name,
           coalesce(e.value->'attributes', '{}'::jsonb) AS attributes, (e.value->>'price')::numeric AS price,
           (e.value->>'stock')::int AS stock, e.ordinality::int AS position
    FROM imp_products i, jsonb_array_elements(i.variants) WITH ORDINALITY e WHERE i.variants IS NOT NULL`);
  await sink.query('ANALYZE imp_variants');
  const newStock =
    'CASE WHEN s.stock IS NULL THEN v.stock_on_hand ELSE GREATEST(s.stock, v.stock_reserved) END';
  for (const sql of [
    // Stock changes are ledger entries (reason import), like every other stock change.
    `WITH old AS (SELECT v.id, v.stock_on_hand FROM product_variants v JOIN imp_variants s ON s.sku = v.sku),
     upd AS (UPDATE product_variants v SET product_id = s.product_id, name = s.name, attributes = s.attributes,
               price = s.price, stock_on_hand = ${newStock}, position = s.position, is_active = true, updated_at = now()
             FROM imp_variants s WHERE v.sku = s.sku
               AND (v.product_id, v.name, v.attributes, v.price, v.position, v.is_active, v.stock_on_hand)
                   IS DISTINCT FROM (s.product_id, s.name, s.attributes, s.price, s.position, true, ${newStock})
             RETURNING v.id, v.product_id, v.stock_on_hand),
     mv AS (INSERT INTO inventory_movements (variant_id, delta, reason, note, stock_after)
            SELECT upd.id, upd.stock_on_hand - old.stock_on_hand, 'import', 'catalog import', upd.stock_on_hand
            FROM upd JOIN old ON old.id = upd.id WHERE upd.stock_on_hand <> old.stock_on_hand)
     SELECT product_id FROM upd`,
    `WITH ins AS (INSERT INTO product_variants (product_id, sku, name, attributes, price, stock_on_hand, position)
                  SELECT s.product_id, s.sku, s.name, s.attributes, s.price, coalesce(s.stock, 0), s.position
                  FROM imp_variants s WHERE NOT EXISTS (SELECT 1 FROM product_variants v WHERE v.sku = s.sku)
                  RETURNING id, product_id, stock_on_hand),
     mv AS (INSERT INTO inventory_movements (variant_id, delta, reason, note, stock_after)
            SELECT id, stock_on_hand, 'import', 'catalog import', stock_on_hand FROM ins WHERE stock_on_hand > 0)
     SELECT product_id FROM ins`,
    `UPDATE product_variants v SET is_active = false, updated_at = now() FROM imp_products i
     WHERE v.product_id = i.product_id AND i.variants IS NOT NULL AND v.is_active
       AND NOT EXISTS (SELECT 1 FROM imp_variants s WHERE s.sku = v.sku) RETURNING v.product_id`,
  ])
    ids(await sink.query<{ product_id: number }>(sql)).forEach((id) => changed.add(id));

  const createdSet = new Set(created);
  const updated = [...changed].filter((id) => !createdSet.has(id)).length;
  const imported = rows.length - conflicts.length;
  return {
    rows: rows.length,
    created: created.length,
    updated,
    unchanged: imported - created.length - updated,
    errors,
  };
}
