import { toGlobalId } from '../../src/graphql/global-id';
import { catalogScenario, type CatalogScenario } from '../fixtures/catalog.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Page = {
  products: {
    edges: { cursor: string; node: { id: string; name: string } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      endCursor: string | null;
      startCursor: string | null;
    };
    totalCount: number;
  };
};

const LIST = `query($first: Int, $after: String, $last: Int, $before: String, $sort: ProductSort, $filter: ProductFilter) {
  products(first: $first, after: $after, last: $last, before: $before, sort: $sort, filter: $filter) {
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

describe('catalog slice', () => {
  let t: TestApp;
  let s: CatalogScenario;
  beforeAll(async () => {
    t = await startTestApp();
    s = await catalogScenario(t.prisma);
  });
  afterAll(() => t.stop());

  it('lists root categories with their children and parents', async () => {
    const res = await t.execute<{
      categories: {
        slug: string;
        parent: null;
        children: { slug: string; parent: { slug: string }; children: { slug: string }[] }[];
      }[];
    }>(`{ categories { slug parent { slug } children { slug parent { slug } children { slug } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.categories.map((c) => c.slug)).toEqual(['apparel', 'electronics']); // inactive "hidden" is left out
    const apparel = res.data!.categories[0]!;
    expect(apparel.parent).toBeNull();
    expect(apparel.children).toEqual([
      { slug: 'shoes', parent: { slug: 'apparel' }, children: [{ slug: 'running-shoes' }] },
    ]);
  });

  it('finds a category by slug or id, and answers null for unknown or hidden ones', async () => {
    const bySlug = await t.execute<{ category: { id: string; name: string } }>(
      `{ category(slug: "shoes") { id name } }`,
    );
    expect(bySlug.data!.category).toEqual({
      id: toGlobalId('Category', s.categories.shoes.id),
      name: 'Shoes',
    });
    const byId = await t.execute<{ category: { slug: string } }>(
      `query($id: ID) { category(id: $id) { slug } }`,
      {
        variables: { id: bySlug.data!.category.id },
      },
    );
    expect(byId.data!.category.slug).toBe('shoes');
    const hidden = await t.execute(`{ category(slug: "hidden") { id } }`);
    expect(hidden.data).toEqual({ category: null });
    const unknown = await t.execute(`{ category(id: "garbage") { id } }`);
    expect(unknown.data).toEqual({ category: null });
  });

  it('resolves a product by slug with brand, category, ordered images and variants', async () => {
    const res = await t.execute<{ product: Record<string, unknown> }>(`{
      product(slug: "product-3") {
        id slug sku name price { amount currencyCode }
        brand { name } category { slug }
        images { url isPrimary position }
        variants { sku price { amount } quantityAvailable availableForSale attributes }
      } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.product).toEqual({
      id: toGlobalId('Product', s.products[2]!.id),
      slug: 'product-3',
      sku: 'SKU-3',
      name: 'Product 3',
      price: { amount: '35.50', currencyCode: 'EUR' },
      brand: { name: 'Acme' },
      category: { slug: 'running-shoes' },
      images: [
        { url: 'https://img.example/3-a.jpg', isPrimary: true, position: 1 },
        { url: 'https://img.example/3-b.jpg', isPrimary: false, position: 2 },
      ],
      variants: [
        {
          sku: 'SKU-3-S',
          price: { amount: '35.50' },
          quantityAvailable: 0,
          availableForSale: false,
          attributes: { size: 'S' },
        },
        {
          sku: 'SKU-3-M',
          price: { amount: '99.00' },
          quantityAvailable: 0,
          availableForSale: false,
          attributes: { size: 'M' },
        },
      ],
    });
  });

  it('hides draft products everywhere', async () => {
    const bySlug = await t.execute(`{ product(slug: "product-99") { id } }`);
    expect(bySlug.data).toEqual({ product: null });
    const byNode = await t.execute(`query($id: ID!) { node(id: $id) { id } }`, {
      variables: { id: toGlobalId('Product', s.draft.id) },
    });
    expect(byNode.data).toEqual({ node: null });
    const list = await t.execute<Page>(LIST, { variables: { first: 100 } });
    expect(list.data!.products.totalCount).toBe(12);
  });

  it('round-trips global IDs through node and nodes', async () => {
    const ids = [
      toGlobalId('Product', s.products[0]!.id),
      toGlobalId('Category', s.categories.running.id),
      toGlobalId('Brand', s.brands.globex.id),
      'bm9wZTox',
      toGlobalId('Product', 999999),
    ];
    const res = await t.execute<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      { variables: { ids } },
    );
    expect(res.data!.nodes).toEqual([
      { __typename: 'Product', id: ids[0] },
      { __typename: 'Category', id: ids[1] },
      { __typename: 'Brand', id: ids[2] },
      null,
      null,
    ]);
  });

  it('filters by category including its descendants', async () => {
    const filtered = async (categoryId: number) => {
      const res = await t.execute<Page>(LIST, {
        variables: { first: 100, filter: { categoryId: toGlobalId('Category', categoryId) } },
      });
      return res.data!.products;
    };
    expect((await filtered(s.categories.running.id)).totalCount).toBe(4);
    expect((await filtered(s.categories.shoes.id)).totalCount).toBe(7);
    const apparel = await filtered(s.categories.apparel.id);
    expect(apparel.totalCount).toBe(9);
    expect(apparel.edges).toHaveLength(9);
    expect((await filtered(s.categories.electronics.id)).totalCount).toBe(3);
  });

  describe.each(['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'RATING', 'BEST_SELLING'])(
    'sort %s',
    (sort) => {
      it('pages forward and backward through every product exactly once, in the order of one big page', async () => {
        const all = (
          await t.execute<Page>(LIST, { variables: { first: 100, sort } })
        ).data!.products.edges.map((e) => e.node.id);
        expect(all).toHaveLength(12);
        const forward: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const page: Page['products'] = (
            await t.execute<Page>(LIST, { variables: { first: 5, after, sort } })
          ).data!.products;
          forward.push(...page.edges.map((e) => e.node.id));
          expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(forward).toEqual(all);
        const backward: string[] = [];
        let before: string | null = null;
        for (let i = 0; i < 10; i++) {
          const page: Page['products'] = (
            await t.execute<Page>(LIST, { variables: { last: 5, before, sort } })
          ).data!.products;
          backward.unshift(...page.edges.map((e) => e.node.id));
          if (!page.pageInfo.hasPreviousPage) break;
          before = page.pageInfo.startCursor;
        }
        expect(backward).toEqual(all);
      });
    },
  );

  it('orders PRICE_ASC by price, ties by id', async () => {
    const res = await t.execute<{ products: { nodes: { price: { amount: string } }[] } }>(
      `{ products(first: 100, sort: PRICE_ASC) { nodes { price { amount } } } }`,
    );
    const prices = res.data!.products.nodes.map((n) => Number(n.price.amount));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('rejects a malformed cursor with BAD_USER_INPUT', async () => {
    const res = await t.execute(LIST, { variables: { first: 5, after: 'not-a-cursor' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('loads a page of products with every nested field in a fixed number of statements', async () => {
    const q = (
      n: number,
    ) => `{ products(first: ${n}) { nodes { id name brand { name } category { name parent { name } }
      images { url } variants { sku price { amount } } } } }`;
    const count = async (n: number) => {
      const { result, statements } = await t.countStatements(() => t.execute(q(n)));
      expect(result.errors).toBeUndefined();
      return statements;
    };
    expect([await count(3), await count(12)]).toEqual([1, 1]); // the compiled read path
    t.config.GRAPHQL_COMPILED_READS = false;
    try {
      // products, brands, categories (with their parents), images, variants: never one per product.
      expect([await count(3), await count(12)]).toEqual([5, 5]);
    } finally {
      t.config.GRAPHQL_COMPILED_READS = true;
    }
  });
});
