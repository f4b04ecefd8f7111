/**
 * The benchmark operations, shared by the API side and the hand-written reference server (which
 * recognises them by their exact text). Change a query here and the reference must follow: the
 * comparison refuses to run while the two answer differently.
 */

/** The storefront's 50-product list with brand, category and parent, images, variants and rating. */
export const LIST = `query($after: String) { products(first: 50, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id name slug price { amount currencyCode } currentPrice { amount } onSale rating { average count }
    brand { id name } category { id name parent { id name } }
    images { url altText isPrimary }
    variants { id sku price { amount } quantityAvailable availableForSale }
  } } } }`;

/** Pages the list bench rotates through: the first and four deeper keyset pages. */
export const LIST_PAGES = 5;

/** searchProducts with facets, highlights and typo correction. */
export const SEARCH = `query($q: String!, $filter: ProductFilter, $sort: ProductSort) {
  searchProducts(query: $q, filter: $filter, sort: $sort, first: 20) {
    totalCount correctedQuery
    pageInfo { hasNextPage endCursor }
    facets { categories { category { id name } count } brands { brand { id name } count } priceRanges { min max count } }
    edges { cursor highlight { name description } node {
      id name slug currentPrice { amount currencyCode } onSale rating { average count }
      brand { name } images { url isPrimary } } } } }`;

/** Realistic searches: plain words, phrases, exclusions, prefixes, typos, filters and sorts. */
export const SEARCHES: { q: string; filter?: Record<string, unknown>; sort?: string }[] = [
  { q: 'waterproof jacket' },
  { q: 'running shoe' },
  { q: 'espresso machine' },
  { q: 'merino socks' },
  { q: 'chef knife', sort: 'PRICE_ASC' },
  { q: 'wireless headphones', filter: { maxPrice: '150' } },
  { q: '"sleeping bag"' },
  { q: 'tent -ultralight' },
  { q: 'kettle or toaster' },
  { q: 'yoga', filter: { inStock: true } },
  { q: 'lapt' },
  { q: 'standing de' },
  { q: 'oled tv', sort: 'RATING' },
  { q: 'cast iron frying pan' },
  { q: 'leather boot', filter: { onSale: true } },
  { q: 'bamboo', sort: 'BEST_SELLING' },
  { q: 'ergonomic office chair' },
  { q: 'stainless steel', filter: { minPrice: '20', maxPrice: '200' } },
  { q: 'headphnes' },
  { q: 'portable grill' },
];

export const body = (query: string, variables: Record<string, unknown>) =>
  JSON.stringify({ query, variables });
