import type { ClientBase } from 'pg';
import { copyTable, inTransaction, json, money, withoutForeignKeys } from './copy';
import type { ProductPlan } from './product-factory';
import type { Progress } from './progress';

/** rating_average as numeric(3,2), rounded half up in integers so it equals round(avg(rating), 2). */
export function ratingAverage(sum: number, count: number): string {
  if (count === 0) return '0.00';
  return money(Math.floor((sum * 200 + count) / (2 * count)));
}

const PRODUCT_COLUMNS = `id slug sku name description short_description brand_id category_id price compare_at_price
  sale_price sale_starts_at sale_ends_at currency status featured specifications weight_grams dimensions warranty
  return_policy rating_average rating_count sold_count marketplace external_id external_url scraped_at created_at updated_at`;

const orNull = (cents: number | null) => (cents === null ? null : money(cents));
const sum = (products: ProductPlan[], f: (p: ProductPlan) => number) =>
  products.reduce((k, p) => k + f(p), 0);

/**
 * COPYs products and their variants, images and tags, in one transaction so a failed run leaves
 * no half-built catalog. search_text and search_vector are left to the database. Tags go in
 * first (their foreign key is re-checked at the end, see `withoutForeignKeys`): the products
 * trigger then builds search_text with the tags already there. Inserting tags after the products
 * would make the tags trigger rewrite every product row and all its indexes a second time, which
 * took longer than loading the products themselves.
 */
export function writeCatalog(client: ClientBase, products: ProductPlan[], progress: Progress) {
  const tables = ['product_tags', 'products', 'product_variants', 'product_images'];
  return inTransaction(client, () =>
    withoutForeignKeys(client, tables, async () => {
      const tags = await copyTable(
        client,
        progress,
        'product_tags',
        'product_id tag created_at',
        sum(products, (p) => p.tags.length),
        (function* () {
          for (const p of products) for (const t of p.tags) yield [p.id, t, p.createdAt];
        })(),
      );
      const n = await copyTable(
        client,
        progress,
        'products',
        PRODUCT_COLUMNS,
        products.length,
        (function* () {
          for (const p of products) {
            // prettier-ignore
            yield [
              p.id, p.slug, p.sku, p.name, p.description, p.shortDescription, p.brandId, p.categoryId,
              money(p.priceCents), orNull(p.compareAtCents), orNull(p.saleCents), p.saleStartsAt, p.saleEndsAt,
              'USD', p.status, p.featured, json(p.specifications), p.weightGrams, json(p.dimensions), p.warranty,
              p.returnPolicy, ratingAverage(p.ratingSum, p.ratingCount), p.ratingCount, p.soldCount,
              p.marketplace, p.externalId, p.externalUrl, p.scrapedAt, p.createdAt, p.updatedAt,
            ];
          }
        })(),
      );
      const variants = await copyTable(
        client,
        progress,
        'product_variants',
        'id product_id sku name attributes price stock_on_hand is_active position created_at updated_at',
        sum(products, (p) => p.variants.length),
        (function* () {
          for (const p of products) {
            for (const v of p.variants) {
              // prettier-ignore
              yield [v.id, p.id, v.sku, v.name, json(v.attributes), orNull(v.priceCents), v.stockOnHand, v.isActive,
                v.position, p.createdAt, p.updatedAt];
            }
          }
        })(),
      );
      const images = await copyTable(
        client,
        progress,
        'product_images',
        'product_id url alt_text position is_primary created_at',
        sum(products, (p) => p.images.length),
        (function* () {
          for (const p of products) {
            for (const [i, img] of p.images.entries())
              yield [p.id, img.url, img.alt, i, i === 0, p.createdAt];
          }
        })(),
      );
      return { products: n, product_variants: variants, product_images: images, product_tags: tags };
    }),
  );
}
