import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn } from '../fixtures/auth.scenario';
import { searchScenario, type SearchScenario } from '../fixtures/catalog.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const ADD = `mutation($input: ProductReviewAddInput!) { productReviewAdd(input: $input) {
  review { rating title authorName verifiedPurchase } product { rating { average count } }
  userErrors { code field } } }`;

type AddResult = {
  productReviewAdd: {
    review: { rating: number; authorName: string } | null;
    product: { rating: { average: number; count: number } } | null;
    userErrors: { code: string; field: string[] }[];
  };
};

describe('product reviews', () => {
  let t: TestApp;
  let s: SearchScenario;
  let productId: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await searchScenario(t.prisma);
    productId = toGlobalId('Product', s.products[4]!.id);
    await t.prisma.product.update({
      where: { id: s.products[4]!.id },
      data: { ratingAverage: 0, ratingCount: 0 },
    });
  });
  afterAll(() => t.stop());

  it('keeps the rating exact under 20 concurrent reviews from 20 customers', async () => {
    const customers = await Promise.all(Array.from({ length: 20 }, () => signedIn(t.prisma)));
    const ratings = customers.map((_, i) => (i % 5) + 1);
    const results = await Promise.all(
      customers.map((c, i) =>
        t.execute<AddResult>(ADD, {
          token: c.token,
          variables: { input: { productId, rating: ratings[i], body: 'ok' } },
        }),
      ),
    );
    for (const r of results) expect(r.data?.productReviewAdd.userErrors).toEqual([]);
    const p = await t.prisma.product.findUniqueOrThrow({ where: { id: s.products[4]!.id } });
    expect(p.ratingCount).toBe(20);
    expect(Number(p.ratingAverage)).toBe(3);
    const list = await t.execute<{
      product: {
        rating: unknown;
        reviews: {
          totalCount: number;
          edges: { cursor: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    }>(
      `{ product(slug: "s-5") { rating { average count } reviews(first: 15) { totalCount edges { cursor node { rating authorName } } pageInfo { hasNextPage endCursor } } } }`,
    );
    expect(list.data!.product.rating).toEqual({ average: 3, count: 20 });
    expect(list.data!.product.reviews.totalCount).toBe(20);
    const next = await t.execute<{
      product: { reviews: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } };
    }>(
      `query($after: String) { product(slug: "s-5") { reviews(first: 15, after: $after) { edges { cursor } pageInfo { hasNextPage } } } }`,
      { variables: { after: list.data!.product.reviews.pageInfo.endCursor } },
    );
    expect(next.data!.product.reviews.edges).toHaveLength(5);
    expect(next.data!.product.reviews.pageInfo.hasNextPage).toBe(false);
  });

  it('allows one review per product and customer, and shows a short author name', async () => {
    const c = await signedIn(t.prisma, { firstName: 'Ada', lastName: 'Lovelace' });
    const input = { productId: toGlobalId('Product', s.products[0]!.id), rating: 5, title: 'Great' };
    const first = await t.execute<AddResult>(ADD, { token: c.token, variables: { input } });
    expect(first.data!.productReviewAdd.review).toMatchObject({ rating: 5, authorName: 'Ada L.' });
    const again = await t.execute<AddResult>(ADD, { token: c.token, variables: { input } });
    expect(again.data!.productReviewAdd.userErrors.map((e) => e.code)).toEqual(['ALREADY_REVIEWED']);
  });

  it('validates rating and length, and refuses unknown products', async () => {
    const c = await signedIn(t.prisma);
    const add = (input: Record<string, unknown>) =>
      t.execute<AddResult>(ADD, { token: c.token, variables: { input: { productId, rating: 4, ...input } } });
    expect((await add({ rating: 6 })).data!.productReviewAdd.userErrors[0]!.code).toBe('INVALID_RATING');
    expect((await add({ rating: 0 })).data!.productReviewAdd.userErrors[0]!.code).toBe('INVALID_RATING');
    expect((await add({ body: 'x'.repeat(2001) })).data!.productReviewAdd.userErrors[0]).toEqual({
      code: 'TOO_LONG',
      field: ['input', 'body'],
    });
    expect(
      (await add({ productId: toGlobalId('Product', 999999) })).data!.productReviewAdd.userErrors[0]!.code,
    ).toBe('NOT_FOUND');
  });

  it('requires a signed-in customer', async () => {
    const res = await t.execute(ADD, { variables: { input: { productId, rating: 4 } } });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
