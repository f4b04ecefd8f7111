import { toGlobalId } from '../../src/graphql/global-id';
import { catalogScenario, type CatalogScenario } from '../fixtures/catalog.scenario';
import { bothPaths } from '../support/both-paths';
import { startTestApp, type TestApp } from '../support/test-app';

/** Every ProductReview field, and the connection's. */
const REVIEWS = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { __typename id rating title body authorName verifiedPurchase createdAt } }`;

const PAGE = `query($id: ID!, $first: Int, $after: String) {
  product(id: $id) { reviews(first: $first, after: $after) { ${REVIEWS} } } }`;

type ReviewPage = {
  product: {
    reviews: {
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { title: string } }[];
    };
  };
};

describe('product reviews: compiled read path and general path', () => {
  let t: TestApp;
  let s: CatalogScenario;
  /** Seven reviews of the first product (two pairs written at the same instant), two of the second. */
  let reviewed: number;
  beforeAll(async () => {
    t = await startTestApp();
    s = await catalogScenario(t.prisma);
    const authors = await Promise.all(
      ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken', ''].map(
        (name, i) => {
          const [firstName, lastName] = name.split(' ');
          return t.prisma.customer.create({
            data: {
              email: `reviewer${i}@example.com`,
              passwordHash: 'x',
              firstName: firstName || null,
              lastName,
            },
          });
        },
      ),
    );
    reviewed = s.products[0]!.id;
    const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12));
    const days = [1, 2, 2, 3, 4, 4, 5];
    for (const [i, c] of authors.entries()) {
      await t.prisma.productReview.create({
        data: {
          productId: reviewed,
          customerId: c.id,
          rating: (i % 5) + 1,
          title: `review ${i}`,
          body: i % 2 ? null : `body ${i}`,
          verifiedPurchase: i % 3 === 0,
          createdAt: at(days[i]!),
        },
      });
    }
    for (const c of authors.slice(0, 2))
      await t.prisma.productReview.create({
        data: { productId: s.products[1]!.id, customerId: c.id, rating: 4, createdAt: at(9) },
      });
  });
  afterAll(() => t.stop());

  async function expectCompiled(query: string, variables?: Record<string, unknown>) {
    const r = await bothPaths(t, query, variables);
    expect(r.compiled.errors).toBeUndefined();
    expect(r.compiledSql).toHaveLength(1);
    expect(r.compiled).toEqual(r.general);
    return r;
  }

  const id = () => toGlobalId('Product', reviewed);

  // `shows`: a piece of the answer, so that two empty answers do not pass for equal ones.
  it.each<[string, string, () => Record<string, unknown>, string]>([
    [
      'a product page with its first reviews',
      PAGE,
      () => ({ id: id(), first: 3 }),
      '"totalCount":7,"pageInfo":{"hasNextPage":true,"hasPreviousPage":false',
    ],
    ['all reviews', PAGE, () => ({ id: id(), first: 100 }), '"authorName":"Customer"'],
    ['an empty page', PAGE, () => ({ id: id(), first: 0 }), '"totalCount":7,"pageInfo":{"hasNextPage":false'],
    [
      'a product without reviews, and nodes',
      `query($id: ID!) { product(id: $id) { reviews { totalCount nodes { id rating } pageInfo { hasNextPage endCursor } } } }`,
      () => ({ id: toGlobalId('Product', s.products[5]!.id) }),
      '"totalCount":0,"nodes":[]',
    ],
    [
      'every product of a page with its two newest reviews',
      `{ products(first: 12, sort: NEWEST) { nodes { slug reviews(first: 2) { totalCount nodes { rating authorName } } } } }`,
      () => ({}),
      '"totalCount":2,"nodes":[{"rating":4,"authorName":"Grace H."},{"rating":4,"authorName":"Ada L."}]',
    ],
    [
      'reviews of search results',
      `{ searchProducts(query: "product", first: 20) { edges { node { slug reviews(first: 1) { totalCount nodes { title } } } } } }`,
      () => ({}),
      '"totalCount":7,"nodes":[{"title":"review 6"}]',
    ],
  ])('%s: the same answer', async (_name, query, variables, shows) => {
    const r = await bothPaths(t, query, variables());
    expect(r.compiled.errors).toBeUndefined();
    expect(r.compiled).toEqual(r.general);
    expect(JSON.stringify(r.compiled.data)).toContain(shows);
    if (!query.includes('searchProducts')) expect(r.compiledSql).toHaveLength(1);
  });

  it('pages through the reviews with the same pages and cursors, newest first, ties by the newer id', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { compiled } = await expectCompiled(PAGE, { id: id(), first: 2, after: cursor });
      const page = (compiled.data as ReviewPage).product.reviews;
      seen.push(...page.edges.map((e) => e.node.title));
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([
      'review 6',
      'review 5',
      'review 4',
      'review 3',
      'review 2',
      'review 1',
      'review 0',
    ]);
  });

  it('answers the reviews of a whole page of products in three statements on the general path', async () => {
    const r = await bothPaths(
      t,
      `{ products(first: 12) { nodes { reviews(first: 2) { totalCount nodes { rating } } } } }`,
    );
    expect(r.compiled).toEqual(r.general);
    // The product page, one page of reviews for every product, one count for every product.
    expect(r.generalStatements).toBe(3);
  });

  it('refuses a forged cursor and an oversized page with the general path’s codes', async () => {
    for (const [vars, code] of [
      [{ id: id(), first: 2, after: 'garbage' }, 'BAD_USER_INPUT'],
      [{ id: id(), first: 101 }, 'QUERY_TOO_COMPLEX'],
    ] as const) {
      const r = await bothPaths(t, PAGE, vars);
      expect(r.compiled.errors?.[0]?.extensions?.code).toBe(code);
      expect(r.general.errors?.[0]?.extensions?.code).toBe(code);
    }
  });
});
