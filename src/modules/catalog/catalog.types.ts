import type { Prisma, Product, ProductVariant } from '../../generated/prisma/client';
import type { Connection, Edge } from '../../graphql/connection';

/** A variant as resolvers see it: with its product's price and currency for the fallback price. */
export type VariantRecord = ProductVariant & { productPrice: Prisma.Decimal; currency: string };

export type ProductRecord = Product;

export type ProductSortValue =
  'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'NEWEST' | 'RATING' | 'BEST_SELLING';

/** A review with its author's display name already derived (never the full name or email). */
export interface ReviewRecord {
  id: number;
  productId: number;
  rating: number;
  title: string | null;
  body: string | null;
  authorName: string;
  verifiedPurchase: boolean;
  createdAt: Date;
}

/** Highlighted snippets computed in SQL for the page rows only (ts_headline is expensive). */
export interface Highlight {
  name: string;
  description: string | null;
}

export type SearchEdge = Edge<ProductRecord> & {
  highlight: Highlight;
  /** Does not match the query as the matches do: shares a category with those matching every word. */
  related: boolean;
};

/** Facets hold ids; the Category/Brand objects come from the request's loaders. */
export interface CategoryFacetRecord {
  categoryId: number;
  count: number;
}
export interface BrandFacetRecord {
  brandId: number;
  count: number;
}
export interface PriceRangeRecord {
  min: string;
  max: string | null;
  count: number;
}

/** Everything a search answers, computed by one SQL statement (see search/search-sql.ts). */
export interface SearchConnection extends Omit<Connection<ProductRecord>, 'edges' | 'totalCount'> {
  edges: SearchEdge[];
  totalCount: number;
  facets: {
    categories: CategoryFacetRecord[];
    brands: BrandFacetRecord[];
    priceRanges: PriceRangeRecord[];
  };
  correctedQuery: string | null;
  /** The search statement's first row (its extra columns: see SearchSqlInput.extraColumns). */
  head?: Record<string, unknown> | null;
}
