import { Prisma } from '../../generated/prisma/client';
import type { SortKey } from '../../graphql/connection';
import type { ProductSortValue } from './catalog.types';
import { effectivePriceSql } from './product-filter';

const key = (sql: string, direction: 'ASC' | 'DESC', cast: string): SortKey => ({
  expr: Prisma.raw(sql),
  direction,
  cast,
});

/**
 * Keyset orderings of product lists. `a` is the alias of a relation with the products columns
 * (`p` for products, `m` for the search's matched set, which carries eff_price and rank); `price`
 * is the current-price expression there. Every ordering ends with the id so cursors are unique;
 * directions are uniform so the predicate is one row comparison (index-friendly).
 */
export function productSortKeys(
  sort: ProductSortValue,
  a = 'p',
  price = effectivePriceSql(a).sql,
  rank: string | null = null,
): SortKey[] {
  switch (sort) {
    case 'RELEVANCE':
      return rank
        ? [key(rank, 'DESC', 'real'), key(`${a}.id`, 'DESC', 'int')]
        : [
            key(`${a}.featured`, 'DESC', 'boolean'),
            key(`${a}.sold_count`, 'DESC', 'int'),
            key(`${a}.id`, 'DESC', 'int'),
          ];
    case 'PRICE_ASC':
      return [key(price, 'ASC', 'numeric'), key(`${a}.id`, 'ASC', 'int')];
    case 'PRICE_DESC':
      return [key(price, 'DESC', 'numeric'), key(`${a}.id`, 'DESC', 'int')];
    case 'NEWEST':
      return [key(`${a}.created_at`, 'DESC', 'timestamptz'), key(`${a}.id`, 'DESC', 'int')];
    case 'RATING':
      return [
        key(`${a}.rating_average`, 'DESC', 'numeric'),
        key(`${a}.rating_count`, 'DESC', 'int'),
        key(`${a}.id`, 'DESC', 'int'),
      ];
    case 'BEST_SELLING':
      return [key(`${a}.sold_count`, 'DESC', 'int'), key(`${a}.id`, 'DESC', 'int')];
  }
}
