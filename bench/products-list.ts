/**
 * `npm run bench:list`: the storefront's 50-product list with brand, category (and parent),
 * images, variants and rating — req/s and latency at 16 connections for 15 s (autocannon), plus
 * SQL statements per request (SPEC §7: ≥ 550 req/s in ≤ 6 statements).
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seedbench npm run bench:list
 */
import { fmt, loadTest, singleClient, startBench } from './catalog-bench';

const LIST = `query($after: String) { products(first: 50, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id name slug price { amount currencyCode } currentPrice { amount } onSale rating { average count }
    brand { id name } category { id name parent { id name } }
    images { url altText isPrimary }
    variants { id sku price { amount } quantityAvailable availableForSale }
  } } } }`;

async function main() {
  const b = await startBench();
  try {
    // Realistic browsing: the first page and a few deeper keyset pages.
    const bodies = [JSON.stringify({ query: LIST, variables: {} })];
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const r = (await b.post(JSON.stringify({ query: LIST, variables: { after } }))) as {
        data: { products: { pageInfo: { endCursor: string } } };
      };
      after = r.data.products.pageInfo.endCursor;
      bodies.push(JSON.stringify({ query: LIST, variables: { after } }));
    }
    const single = await singleClient(b, bodies, 200);
    const load = await loadTest(b, bodies, Number(process.env.BENCH_SECONDS ?? 15));
    console.log(`products(first: 50) with nested fields, ${bodies.length} rotating pages`);
    console.log(
      `  single client: p50 ${fmt(single.p50)} ms, p95 ${fmt(single.p95)} ms, ${fmt(single.statementsPerRequest)} SQL statements/request`,
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
