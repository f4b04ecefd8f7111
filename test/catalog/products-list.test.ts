import { toGlobalId } from '../../src/graphql/global-id';
import { searchScenario, type SearchScenario } from '../fixtures/catalog.scenario';
import { bothPaths } from '../support/both-paths';
import { startTestApp, type TestApp } from '../support/test-app';

const NESTED = (n: number) => `{ products(first: ${n}) { edges { cursor node {
  id name slug price { amount } currentPrice { amount } compareAtPrice { amount } onSale inStock tags
  rating { average count } brand { name } category { name parent { name } }
  images { url isPrimary } variants { sku price { amount } quantityAvailable availableForSale } } } } }`;

describe('products list', () => {
  let t: TestApp;
  let s: SearchScenario;
  beforeAll(async () => {
    t = await startTestApp();
    s = await searchScenario(t.prisma);
    // 60 more products, each with images and variants, for the statement-count test.
    for (let i = 0; i < 60; i++) {
      await t.prisma.product.create({
        data: {
          slug: `bulk-${i}`,
          sku: `BULK-${i}`,
          name: `Bulk item ${i}`,
          price: `${10 + i}.00`,
          status: 'active',
          categoryId: s.categories.kitchen.id,
          brandId: i % 2 ? s.brands.nimbus.id : s.brands.orbit.id,
          images: { create: [{ url: `https://img.example/b${i}.jpg`, isPrimary: true }] },
          variants: {
            create: [
              { sku: `BULK-${i}-A`, name: 'A', stockOnHand: i % 3 },
              { sku: `BULK-${i}-B`, name: 'B' },
            ],
          },
          tags: { create: [{ tag: 'bulk' }] },
        },
      });
    }
  });
  afterAll(() => t.stop());

  it('loads a page with every nested field in one statement, or a fixed six through the resolvers, whatever the page size', async () => {
    const counts = async () => {
      const out: number[] = [];
      for (const n of [5, 50, 100]) {
        const { result, statements } = await t.countStatements(() => t.execute(NESTED(n)));
        expect(result.errors).toBeUndefined();
        out.push(statements);
      }
      return out;
    };
    expect(await counts()).toEqual([1, 1, 1]);
    t.config.GRAPHQL_COMPILED_READS = false;
    try {
      // products, brands, categories (with their parents), images, variants (also inStock), tags.
      expect(await counts()).toEqual([6, 6, 6]);
    } finally {
      t.config.GRAPHQL_COMPILED_READS = true;
    }
  });

  it('answers every category’s products in the same statements on the resolvers, whatever the number of categories', async () => {
    // Each root category with a page of its subtree's products and their count.
    const CATEGORIES = `{ categories { slug products(first: 3, sort: PRICE_DESC, filter: { inStock: true }) {
      totalCount edges { cursor node { slug } } pageInfo { hasNextPage endCursor } } } }`;
    const r = await bothPaths(t, CATEGORIES);
    expect(r.compiled.errors).toBeUndefined();
    expect(r.general).toEqual(r.compiled);
    const data = r.general.data as { categories: { slug: string; products: { totalCount: number } }[] };
    expect(data.categories.map((c) => c.slug)).toEqual(['home', 'screens', 'sport']);
    expect(data.categories.find((c) => c.slug === 'home')!.products.totalCount).toBeGreaterThan(40); // the bulk items of its Kitchen, in stock
    // The categories, one statement of pages for all of them and one of counts (was one of each per category).
    expect(r.generalStatements).toBe(3);
  });

  it('shows storefront fields: sale prices in their window, stock, rating, tags, marketplace', async () => {
    await t.prisma.product.update({
      where: { id: s.products[0]!.id },
      data: { marketplace: 'amazon', externalId: 'B0001', externalUrl: 'https://amazon.example/B0001' },
    });
    const res = await t.execute<{
      a: Record<string, unknown>;
      b: Record<string, unknown>;
      c: Record<string, unknown>;
    }>(`{
      a: product(slug: "s-2") { price { amount } currentPrice { amount } salePrice { amount } compareAtPrice { amount } onSale inStock }
      b: product(slug: "s-expired") { currentPrice { amount } salePrice { amount } onSale saleEndsAt }
      c: product(slug: "s-1") { tags rating { average count } marketplaceSource { marketplace externalId url } specifications }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a).toEqual({
      price: { amount: '80.00' },
      currentPrice: { amount: '60.00' },
      salePrice: { amount: '60.00' },
      compareAtPrice: { amount: '80.00' },
      onSale: true,
      inStock: false,
    });
    expect(res.data!.b).toEqual({
      currentPrice: { amount: '200.00' },
      salePrice: null,
      onSale: false,
      saleEndsAt: null,
    });
    expect(res.data!.c).toEqual({
      tags: ['trail', 'waterproof'],
      rating: { average: 4.5, count: 1 },
      marketplaceSource: { marketplace: 'amazon', externalId: 'B0001', url: 'https://amazon.example/B0001' },
      specifications: {},
    });
  });

  it('gives categories ancestors, path and subtree product counts', async () => {
    const res = await t.execute<{ category: Record<string, unknown> }>(
      `{ category(slug: "running") { path productCount ancestors { slug } parent { productCount } } }`,
    );
    expect(res.data!.category).toEqual({
      path: 'sport/running',
      productCount: 4,
      ancestors: [{ slug: 'sport' }],
      parent: { productCount: 5 },
    });
    const home = await t.execute<{ category: { productCount: number; products: { totalCount: number } } }>(
      `{ category(slug: "home") { productCount products(first: 1, filter: { inStock: true }) { totalCount } } }`,
    );
    expect(home.data!.category.productCount).toBe(65);
    expect(home.data!.category.products.totalCount).toBe(4 + 40);
  });

  it('applies every filter to plain lists too', async () => {
    const count = async (filter: Record<string, unknown>) =>
      (
        await t.execute<{ products: { totalCount: number } }>(
          `query($f: ProductFilter) { products(filter: $f) { totalCount } }`,
          { variables: { f: filter } },
        )
      ).data!.products.totalCount;
    expect(await count({ categoryId: toGlobalId('Category', s.categories.sport.id) })).toBe(5);
    expect(await count({ brandIds: [toGlobalId('Brand', s.brands.nimbus.id)], tags: ['bulk'] })).toBe(30);
    expect(await count({ minPrice: '60', maxPrice: '69.99', onSale: false })).toBe(11);
    expect(await count({ onSale: true })).toBe(3);
    expect(await count({ minRating: 4.8 })).toBe(1);
    expect(await count({ inStock: false, tags: ['bulk'] })).toBe(20);
    expect(await count({ brandIds: ['garbage'] })).toBe(0);
  });
});
