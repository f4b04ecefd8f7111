/**
 * `npm run bench:search`: searchProducts with facets and highlights over a rotating set of
 * realistic queries (plain words, phrases, exclusions, prefixes, typos, filters and sorts) —
 * req/s and latency at 16 connections for 15 s (autocannon), single-client p95, and SQL statements
 * per request (SPEC §7: ≥ 180 req/s, single-client p95 ≤ 15 ms).
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seedbench npm run bench:search
 */
import { fmt, loadTest, singleClient, startBench } from './catalog-bench';

const SEARCH = `query($q: String!, $filter: ProductFilter, $sort: ProductSort) {
  searchProducts(query: $q, filter: $filter, sort: $sort, first: 20) {
    totalCount correctedQuery
    pageInfo { hasNextPage endCursor }
    facets { categories { category { id name } count } brands { brand { id name } count } priceRanges { min max count } }
    edges { cursor highlight { name description } node {
      id name slug currentPrice { amount currencyCode } onSale rating { average count }
      brand { name } images { url isPrimary } } } } }`;

const QUERIES: { q: string; filter?: Record<string, unknown>; sort?: string }[] = [
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

async function main() {
  const b = await startBench();
  try {
    const bodies = QUERIES.map((v) => JSON.stringify({ query: SEARCH, variables: v }));
    for (const body of bodies) await b.post(body); // warm-up: plans, synonym cache, pools
    const single = await singleClient(b, bodies, 200);
    const load = await loadTest(b, bodies, Number(process.env.BENCH_SECONDS ?? 15));
    console.log(`searchProducts with facets + highlights, ${bodies.length} rotating queries`);
    console.log(
      `  single client: p50 ${fmt(single.p50)} ms, p95 ${fmt(single.p95)} ms, p99 ${fmt(single.p99)} ms, ${fmt(single.statementsPerRequest)} SQL statements/request`,
    );
    console.log(
      `  16 connections: ${fmt(load.reqPerSec)} req/s, p50 ${fmt(load.p50)} ms, p95 ${fmt(load.p95)} ms, p99 ${fmt(load.p99)} ms, ` +
        `${fmt(load.statementsPerRequest)} SQL statements/request, ${load.failed} failed of ${load.total}`,
    );
  } finally {
    await b.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
