import { activeProduct } from '../fixtures/active-product';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A first page by relevance computes proximity (ts_rank_cd) only for the rows that can reach it
 * (search-rank.ts, proximityCtes). The oracle: a page larger than the whole match set computes it
 * for every row, and a smaller first page must be its beginning, whatever the ties.
 */
const SEARCH = `query($q: String!, $first: Int!) { searchProducts(query: $q, first: $first) {
  totalCount edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }`;

type Result = {
  searchProducts: {
    totalCount: number;
    edges: { cursor: string; node: { slug: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
};

describe('searchProducts: proximity for the rows that can reach the first page', () => {
  let t: TestApp;
  const page = async (q: string, first: number) => {
    const res = await t.execute<Result>(SEARCH, { variables: { q, first } });
    expect(res.errors).toBeUndefined();
    return res.data!.searchProducts;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const category = await t.prisma.category.create({ data: { name: 'Furniture', slug: 'furniture' } });
    // Same name words, so the keys before proximity tie; the description puts "oak" and "table"
    // nearer or farther apart, so proximity (and then popularity, then id) decides.
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    for (let i = 0; i < 30; i++) {
      const p = await activeProduct(t.prisma, {
        slug: `oak-table-${i}`,
        name: `Oak Table ${i}`,
        categoryId: category.id,
        description: `Solid oak ${filler(i % 7)} table, oak ${filler((i * 3) % 5)} table.`,
      });
      await t.prisma.product.update({ where: { id: p.id }, data: { soldCount: i % 4 } });
    }
    // Fewer name words match: these rank below every table whatever their proximity.
    for (let i = 0; i < 5; i++)
      await activeProduct(t.prisma, {
        slug: `oak-shelf-${i}`,
        name: `Oak Shelf ${i}`,
        categoryId: category.id,
        description: 'An oak table companion.',
      });
  });
  afterAll(() => t.stop());

  it.each(['oak table', 'oak', 'table oak', 'oak tab'])(
    '%j: every first page begins the full ordering',
    async (q) => {
      const all = await page(q, 100);
      expect(all.edges.length).toBe(all.totalCount);
      expect(all.totalCount).toBeGreaterThan(30);
      for (const first of [1, 3, 7, 20, 30, 31]) {
        const small = await page(q, first);
        expect(small.edges).toEqual(all.edges.slice(0, first));
        expect(small.pageInfo.hasNextPage).toBe(true);
        // The next page (after a cursor: proximity for every match) continues where it stopped.
        const next = await t.execute<Result>(
          `query($q: String!, $after: String) { searchProducts(query: $q, first: 5, after: $after) {
          totalCount edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } }`,
          { variables: { q, after: small.pageInfo.endCursor } },
        );
        expect(next.data!.searchProducts.edges).toEqual(all.edges.slice(first, first + 5));
      }
    },
  );
});
