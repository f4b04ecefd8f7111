import { activeProduct } from '../fixtures/active-product';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Keyset paging through results that tie on every relevance key but field weight and proximity:
 * from every cursor, forward and backward, a page is exactly the matching slice of the one-page
 * answer, and the first and last pages of every size are its ends.
 */
type Page = {
  edges: { cursor: string; node: { slug: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
};

const SEARCH = `query($q: String!, $first: Int, $after: String, $last: Int, $before: String) {
  searchProducts(query: $q, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage } } }`;

/**
 * Filler words between "garden" and "hose" (the fewer, the nearer, the higher the rank), and
 * whether the name says "garden" too (a field-weight key before proximity: two groups of ties).
 */
const ITEMS: [gap: number, named: boolean][] = [
  [0, false],
  [6, true],
  [1, false],
  [9, false],
  [3, true],
  [0, true],
  [12, false],
  [2, true],
  [5, false],
  [1, true],
  [7, false],
  [4, false],
];

describe('searchProducts paging where proximity decides', () => {
  let t: TestApp;
  const page = async (vars: Record<string, unknown>) => {
    const res = await t.execute<{ searchProducts: Page }>(SEARCH, {
      variables: { q: 'garden hose', ...vars },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.searchProducts;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const category = await t.prisma.category.create({ data: { name: 'Outdoor', slug: 'outdoor' } });
    for (const [i, [gap, named]] of ITEMS.entries()) {
      await activeProduct(t.prisma, {
        slug: `item-${i}`,
        name: named ? 'Garden Watering Kit' : 'Watering Kit',
        description: `A garden ${'tool '.repeat(gap)}hose for the yard.`,
        categoryId: category.id,
      });
    }
  });
  afterAll(() => t.stop());

  it('ranks by proximity and pages through every position both ways', async () => {
    const all = (await page({ first: 50 })).edges;
    const slugs = all.map((e) => e.node.slug);
    // Named first; then nearest first; equal gaps by id, newest first.
    const expected = ITEMS.map(([gap, named], i) => ({ gap, named: Number(named), i }))
      .sort((a, b) => b.named - a.named || a.gap - b.gap || b.i - a.i)
      .map((x) => `item-${x.i}`);
    expect(slugs).toEqual(expected);
    for (const size of [1, 2, 3, 5]) {
      expect((await page({ first: size })).edges.map((x) => x.node.slug)).toEqual(slugs.slice(0, size));
      expect((await page({ last: size })).edges.map((x) => x.node.slug)).toEqual(slugs.slice(-size));
    }
    for (const [i, e] of all.entries()) {
      const next = await page({ first: 2, after: e.cursor });
      expect(next.edges.map((x) => x.node.slug)).toEqual(slugs.slice(i + 1, i + 3));
      expect(next.pageInfo.hasNextPage).toBe(i + 3 < slugs.length);
      const previous = await page({ last: 2, before: e.cursor });
      expect(previous.edges.map((x) => x.node.slug)).toEqual(slugs.slice(Math.max(0, i - 2), i));
      expect(previous.pageInfo.hasPreviousPage).toBe(i - 2 > 0);
    }
  });
});
