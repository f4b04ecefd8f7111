import { Prisma } from '../../../generated/prisma/client';
import { REVIEW_AUTHOR, REVIEW_KEYS } from '../reviews/review.service';
import type { Field, TypeTable } from './compiler';
import { connectionTable, pageCte, type Page } from './keyset-page';
import { globalId, isoTime } from './sql';

/**
 * `Product.reviews(first, after)` in the compiled read path, as listReviews answers it
 * (reviews/review.service.ts: newest first, the same cursors): the page's rows carry every review
 * column in the page CTE, so nodes read them from there.
 */

const sql = Prisma.sql;
const raw = Prisma.raw;

const REVIEW: TypeTable<string> = {
  name: 'ProductReview',
  fields: {
    id: (a) => globalId('ProductReview', `${a}.id`),
    rating: (a) => raw(`${a}.rating`),
    title: (a) => raw(`${a}.title`),
    body: (a) => raw(`${a}.body`),
    authorName: (a) => raw(`${a}.author_name`),
    verifiedPurchase: (a) => raw(`${a}.verified_purchase`),
    createdAt: (a) => isoTime(`${a}.created_at`),
  },
};

/** A page of reviews, with the product alias their count reads. */
type ReviewPage = Page & { product: string };

const CONNECTION = connectionTable<ReviewPage>(
  { connection: 'ProductReviewConnection', edge: 'ProductReviewEdge' },
  REVIEW,
  (pg) => pg.pg,
  (pg) => raw(`(SELECT count(*)::int FROM product_reviews x WHERE x.product_id = ${pg.product}.id)`),
);

/** The reviews connection of the product row `a`. */
export function reviewConnection(a: string, f: Field): Prisma.Sql {
  const pg = f.c.alias('rv');
  // REVIEW_KEYS and REVIEW_AUTHOR read the aliases r and c: only inside the CTE, where they shadow nothing it needs.
  const columns = sql`r.id, r.rating::int AS rating, r.title, r.body, ${REVIEW_AUTHOR} AS author_name,
    r.verified_purchase, r.created_at`;
  const { cte, window } = pageCte(
    f,
    pg,
    REVIEW_KEYS,
    columns,
    sql`FROM product_reviews r JOIN customers c ON c.id = r.customer_id WHERE ${raw(`r.product_id = ${a}.id`)}`,
  );
  const page: ReviewPage = { pg, from: `FROM ${pg}`, keyCount: REVIEW_KEYS.length, window, product: a };
  return sql`(${cte}
    SELECT ${f.c.object(CONNECTION, page, f)})`;
}
