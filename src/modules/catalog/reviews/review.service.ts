import type { PrismaClient } from '../../../db/prisma';
import { Prisma } from '../../../generated/prisma/client';
import { pagesPerParent, type KeysetQuery, type PageArgs } from '../../../graphql/connection';
import { userError, type UserError } from '../../../graphql/errors';
import { tryGlobalIntId } from '../../../graphql/global-id';
import type { GraphQLContext, Viewer } from '../../../server/context';
import type { ProductRecord, ReviewRecord } from '../catalog.types';

/** The order of a product's reviews, newest first (the compiled read path's too). */
export const REVIEW_KEYS = [
  { expr: Prisma.sql`r.created_at`, direction: 'DESC' as const, cast: 'timestamptz' },
  { expr: Prisma.sql`r.id`, direction: 'DESC' as const, cast: 'int' },
];

/**
 * "Ada L." — enough to make a review personal without exposing the full name. Over customers `c`.
 */
export const REVIEW_AUTHOR = Prisma.sql`coalesce(nullif(trim(coalesce(c.first_name, '') || ' ' ||
  coalesce(left(c.last_name, 1) || '.', '')), ''), 'Customer')`;

/**
 * Reviews of a product, newest first, with keyset cursors: one page per product of the request,
 * every product in one statement (`products { reviews(first: 3) }` costs one, not one a product).
 */
export function listReviews(ctx: GraphQLContext, productId: number, args: PageArgs) {
  return ctx.loaders.catalog.reviewsOfProducts(args, null).load(productId);
}

/** Rows of one review page per product (`_parent`: the product), for keysetConnectionLoader. */
export function reviewPages(prisma: PrismaClient, productIds: readonly number[], q: KeysetQuery) {
  return prisma.$queryRaw<(ReviewRecord & { _parent: number })[]>(
    pagesPerParent(
      productIds,
      Prisma.sql`r.id, r.product_id AS "productId", r.rating::int AS rating, r.title, r.body,
        ${REVIEW_AUTHOR} AS "authorName", r.verified_purchase AS "verifiedPurchase", r.created_at AS "createdAt"`,
      Prisma.sql`FROM product_reviews r JOIN customers c ON c.id = r.customer_id WHERE r.product_id = parent.id`,
      q,
    ),
  );
}

/** Number of reviews of each product, for the connections' totalCount. */
export function reviewCounts(prisma: PrismaClient, productIds: readonly number[]) {
  return prisma.$queryRaw<{ parent: number; count: number }[]>`
    SELECT r.product_id AS parent, count(*)::int AS count FROM product_reviews r
    WHERE r.product_id = ANY(${[...productIds]}::int[]) GROUP BY r.product_id`;
}

/**
 * Reviews by id, for `node(id:)`: only those `product { reviews }` can show (of active products),
 * in one statement for a whole batch.
 */
export function reviewsByIds(prisma: PrismaClient, ids: readonly number[]): Promise<ReviewRecord[]> {
  return prisma.$queryRaw<ReviewRecord[]>`
    SELECT r.id, r.product_id AS "productId", r.rating::int AS rating, r.title, r.body,
           ${REVIEW_AUTHOR} AS "authorName", r.verified_purchase AS "verifiedPurchase", r.created_at AS "createdAt"
    FROM product_reviews r JOIN customers c ON c.id = r.customer_id JOIN products p ON p.id = r.product_id
    WHERE r.id = ANY(${[...ids]}::int[]) AND p.status = 'active'`;
}

export interface ReviewAddInput {
  productId: string;
  rating: number;
  title?: string | null;
  body?: string | null;
}

export interface ReviewAddResult {
  review: ReviewRecord | null;
  product: ProductRecord | null;
  userErrors: UserError[];
}

function validate(input: ReviewAddInput): UserError[] {
  const errors: UserError[] = [];
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    errors.push(
      userError('INVALID_RATING', 'Rating must be a whole number from 1 to 5', ['input', 'rating']),
    );
  if ((input.title?.length ?? 0) > 200)
    errors.push(userError('TOO_LONG', 'Title must be at most 200 characters', ['input', 'title']));
  if ((input.body?.length ?? 0) > 2000)
    errors.push(userError('TOO_LONG', 'Review must be at most 2,000 characters', ['input', 'body']));
  return errors;
}

/**
 * Adds a review and recomputes the product's rating in the same transaction. The product row is
 * locked first, so concurrent reviews of one product queue up and each recomputation (a new
 * statement, hence a new snapshot under READ COMMITTED) sees every review committed before it:
 * the average and count are exact, not an increment that could race.
 */
export async function addReview(
  ctx: GraphQLContext,
  viewer: Viewer,
  input: ReviewAddInput,
): Promise<ReviewAddResult> {
  const fail = (userErrors: UserError[]) => ({ review: null, product: null, userErrors });
  const errors = validate(input);
  if (errors.length) return fail(errors);
  const productId = tryGlobalIntId(input.productId, 'Product');
  const notFound = [userError('NOT_FOUND', 'Product not found', ['input', 'productId'])];
  if (productId === null) return fail(notFound);
  const title = input.title?.trim() || null;
  const body = input.body?.trim() || null;
  return ctx.prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM products WHERE id = ${productId} AND status = 'active' FOR UPDATE`;
    if (locked.length === 0) return fail(notFound);
    const inserted = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO product_reviews (product_id, customer_id, rating, title, body, verified_purchase)
      VALUES (${productId}, ${viewer.customerId}, ${input.rating}, ${title}, ${body},
              EXISTS (SELECT 1 FROM order_items oi JOIN orders o ON o.id = oi.order_id
                      WHERE o.customer_id = ${viewer.customerId} AND oi.product_id = ${productId}
                        AND o.status IN ('confirmed', 'processing', 'shipped', 'delivered')))
      ON CONFLICT (product_id, customer_id) DO NOTHING
      RETURNING id`;
    if (inserted.length === 0)
      return fail([
        userError('ALREADY_REVIEWED', 'You have already reviewed this product', ['input', 'productId']),
      ]);
    await tx.$executeRaw`
      UPDATE products SET (rating_average, rating_count) =
        (SELECT coalesce(round(avg(rating), 2), 0), count(*)::int FROM product_reviews WHERE product_id = ${productId})
      WHERE id = ${productId}`;
    const [review] = await tx.$queryRaw<ReviewRecord[]>`
      SELECT r.id, r.product_id AS "productId", r.rating::int AS rating, r.title, r.body, ${REVIEW_AUTHOR} AS "authorName",
             r.verified_purchase AS "verifiedPurchase", r.created_at AS "createdAt"
      FROM product_reviews r JOIN customers c ON c.id = r.customer_id WHERE r.id = ${inserted[0]!.id}`;
    const product = await tx.product.findUnique({ where: { id: productId } });
    return { review: review!, product, userErrors: [] };
  });
}
