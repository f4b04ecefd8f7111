import { Prisma } from '../../generated/prisma/client';
import type { SortKey } from '../../graphql/connection';
import type { ProductSortValue } from './catalog.types';

const key = (sql: string, direction: 'ASC' | 'DESC', cast: string): SortKey => ({
  expr: Prisma.raw(sql),
  direction,
  cast,
});

/**
 * Keyset orderings of product lists (alias `p` for products). Every ordering ends with the id so
 * cursors are unique; directions are uniform where possible so the predicate is one row comparison.
 */
export const PRODUCT_SORT_KEYS: Record<ProductSortValue, SortKey[]> = {
  RELEVANCE: [
    key('p.featured', 'DESC', 'boolean'),
    key('p.sold_count', 'DESC', 'int'),
    key('p.id', 'DESC', 'int'),
  ],
  PRICE_ASC: [key('p.price', 'ASC', 'numeric'), key('p.id', 'ASC', 'int')],
  PRICE_DESC: [key('p.price', 'DESC', 'numeric'), key('p.id', 'DESC', 'int')],
  NEWEST: [key('p.created_at', 'DESC', 'timestamptz'), key('p.id', 'DESC', 'int')],
  RATING: [
    key('p.rating_average', 'DESC', 'numeric'),
    key('p.rating_count', 'DESC', 'int'),
    key('p.id', 'DESC', 'int'),
  ],
  BEST_SELLING: [key('p.sold_count', 'DESC', 'int'), key('p.id', 'DESC', 'int')],
};
