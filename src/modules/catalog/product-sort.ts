import { Prisma } from '../../generated/prisma/client';
import type { SortKey } from '../../graphql/connection';
import type { ProductSortValue } from './catalog.types';
import { effectivePriceSql } from './product-filter';

export const sortKey = (sql: string, direction: 'ASC' | 'DESC', cast: string): SortKey => ({
  expr: Prisma.raw(sql),
  direction,
  cast,
});

/**
 * Keyset orderings of product lists. `a` is the alias of a relation with the products columns
 * (`p` for products, `m` for the search's matched set, which carries eff_price); `price` is the
 * current-price expression there. Text searches rank by relevance instead (search-sql.ts). Every ordering ends with the id so cursors are unique;
 * directions are uniform so the predicate is one row comparison (index-friendly).
 */
export function productSortKeys(
  sort: ProductSortValue,
  a = 'p',
  price = effectivePriceSql(a).sql,
): SortKey[] {
  switch (sort) {
    case 'RELEVANCE':
      return [
        sortKey(`${a}.featured`, 'DESC', 'boolean'),
        sortKey(`${a}.sold_count`, 'DESC', 'int'),
        sortKey(`${a}.id`, 'DESC', 'int'),
      ];
    case 'PRICE_ASC':
      return [sortKey(price, 'ASC', 'numeric'), sortKey(`${a}.id`, 'ASC', 'int')];
    case 'PRICE_DESC':
      return [sortKey(price, 'DESC', 'numeric'), sortKey(`${a}.id`, 'DESC', 'int')];
    case 'NEWEST':
      return [sortKey(`${a}.created_at`, 'DESC', 'timestamptz'), sortKey(`${a}.id`, 'DESC', 'int')];
    case 'RATING':
      return [
        sortKey(`${a}.rating_average`, 'DESC', 'numeric'),
        sortKey(`${a}.rating_count`, 'DESC', 'int'),
        sortKey(`${a}.id`, 'DESC', 'int'),
      ];
    case 'BEST_SELLING':
      return [sortKey(`${a}.sold_count`, 'DESC', 'int'), sortKey(`${a}.id`, 'DESC', 'int')];
  }
}
