/**
 * The reference answer to bench/queries.ts's LIST: one hand-written statement that builds the
 * whole response body (`{"data":{"products":…}}`) in PostgreSQL. Written for that one query
 * and nothing else, the way a team would hand-tune its hottest endpoint.
 */
import { badCursor, gid, b64url } from './sql-helpers';

const SALE = `(p.sale_price IS NOT NULL AND p.sale_price < p.price
  AND (p.sale_starts_at IS NULL OR p.sale_starts_at <= now())
  AND (p.sale_ends_at IS NULL OR p.sale_ends_at > now()))`;

const statement = (afterCursor: boolean) => `
WITH page AS (
  SELECT p.id, p.name, p.slug, p.price, p.currency, p.rating_average, p.rating_count, p.brand_id,
         p.category_id, p.featured, p.sold_count, ${SALE} AS on_sale, p.sale_price
  FROM products p
  WHERE p.status = 'active'
    ${afterCursor ? 'AND (p.featured, p.sold_count, p.id) < ($1::boolean, $2::int, $3::int)' : ''}
  ORDER BY p.featured DESC, p.sold_count DESC, p.id DESC
  LIMIT 51
), e AS (
  SELECT row_number() OVER (ORDER BY featured DESC, sold_count DESC, id DESC) AS n,
         ${b64url(`'["' || featured::text || '","' || sold_count || '","' || id || '"]'`)} AS cursor, page.*
  FROM page
)
SELECT json_build_object('data', json_build_object('products', json_build_object(
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) > 50 FROM e),
    'endCursor', (SELECT cursor FROM e WHERE n <= 50 ORDER BY n DESC LIMIT 1)),
  'edges', coalesce((SELECT json_agg(json_build_object('cursor', e.cursor, 'node', json_build_object(
    'id', ${gid('Product', 'e.id')},
    'name', e.name,
    'slug', e.slug,
    'price', json_build_object('amount', e.price::text, 'currencyCode', btrim(e.currency)),
    'currentPrice', json_build_object('amount', (CASE WHEN e.on_sale THEN e.sale_price ELSE e.price END)::text),
    'onSale', e.on_sale,
    'rating', json_build_object('average', e.rating_average, 'count', e.rating_count),
    'brand', (SELECT json_build_object('id', ${gid('Brand', 'b.id')}, 'name', b.name)
              FROM brands b WHERE b.id = e.brand_id),
    'category', (SELECT json_build_object('id', ${gid('Category', 'c.id')}, 'name', c.name,
                   'parent', (SELECT json_build_object('id', ${gid('Category', 'pc.id')}, 'name', pc.name)
                              FROM categories pc WHERE pc.id = c.parent_id))
                 FROM categories c WHERE c.id = e.category_id),
    'images', coalesce((SELECT json_agg(json_build_object('url', i.url, 'altText', i.alt_text, 'isPrimary', i.is_primary)
                          ORDER BY i.is_primary DESC, i.position, i.id)
                        FROM product_images i WHERE i.product_id = e.id), '[]'),
    'variants', coalesce((SELECT json_agg(json_build_object(
                            'id', ${gid('ProductVariant', 'v.id')},
                            'sku', v.sku,
                            'price', json_build_object('amount', coalesce(v.price, e.price)::text),
                            'quantityAvailable', greatest(0, v.stock_on_hand - v.stock_reserved),
                            'availableForSale', v.stock_on_hand > v.stock_reserved)
                          ORDER BY v.position, v.id)
                        FROM product_variants v WHERE v.product_id = e.id AND v.is_active), '[]')
  )) ORDER BY e.n) FROM e WHERE e.n <= 50), '[]')
)))::text AS body`;

const FIRST = { name: 'ref_list_first', text: statement(false) };
const AFTER = { name: 'ref_list_after', text: statement(true) };

/** The prepared statement and parameters for one request of LIST, or a client error. */
export function listStatement(variables: Record<string, unknown>) {
  const after = variables.after;
  if (after == null) return { ...FIRST, values: [] };
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(String(after), 'base64url').toString('utf8'));
  } catch {
    return badCursor;
  }
  if (!Array.isArray(values) || values.length !== 3 || !values.every((v) => typeof v === 'string'))
    return badCursor;
  return { ...AFTER, values };
}
