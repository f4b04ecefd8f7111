import type { Prisma, Product, ProductVariant } from '../../generated/prisma/client';

/** A variant as resolvers see it: with its product's price and currency for the fallback price. */
export type VariantRecord = ProductVariant & { productPrice: Prisma.Decimal; currency: string };

export type ProductRecord = Product;

export type ProductSortValue =
  'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'NEWEST' | 'RATING' | 'BEST_SELLING';
