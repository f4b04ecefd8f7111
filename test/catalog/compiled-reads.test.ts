import { LIST } from '../../bench/queries';
import { toGlobalId } from '../../src/graphql/global-id';
import { catalogOddities, catalogScenario, type CatalogScenario } from '../fixtures/catalog.scenario';
import { bothPaths, bothPathsOverHttp } from '../support/both-paths';
import { startTestApp, type TestApp } from '../support/test-app';

/** Every Product field the compiled path answers. */
const PRODUCT = `fragment P on Product {
  __typename id slug sku name description shortDescription
  price { amount currencyCode } currentPrice { amount currencyCode } salePrice { amount currencyCode }
  compareAtPrice { amount currencyCode } onSale saleEndsAt inStock rating { average count } tags
  specifications weightGrams dimensions warranty returnPolicy featured
  marketplaceSource { marketplace externalId url scrapedAt }
  brand { __typename id name slug } category { id name slug description sortOrder path parent { id slug } }
  images { id url altText position isPrimary }
  variants { __typename id sku name attributes price { amount currencyCode } quantityAvailable availableForSale }
  createdAt updatedAt }`;

const CATEGORY = `fragment C on Category {
  id name slug description sortOrder path productCount ancestors { slug } parent { slug } children { slug } }`;

const SORTS = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'RATING', 'BEST_SELLING'] as const;

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $sort: ProductSort, $filter: ProductFilter) {
  products(first: $first, after: $after, last: $last, before: $before, sort: $sort, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { ...P } } } } ${PRODUCT}`;

type Page = { products: { pageInfo: Record<string, string | boolean | null>; edges: unknown[] } };

describe('compiled read path', () => {
  let t: TestApp;
  let baseUrl: string;
  let s: CatalogScenario;
  let odd: Awaited<ReturnType<typeof catalogOddities>>;
  beforeAll(async () => {
    t = await startTestApp();
    s = await catalogScenario(t.prisma);
    odd = await catalogOddities(t.prisma, s);
    baseUrl = await t.listen(); // the HTTP answers are written by stringifyResult
  });
  afterAll(() => t.stop());

  /** The document is answered by one compiled statement, deep-equal to the resolvers' answer. */
  async function expectCompiled(query: string, variables?: Record<string, unknown>) {
    const r = await bothPaths(t, query, variables);
    expect(r.compiled.errors).toBeUndefined();
    expect(r.compiledSql).toHaveLength(1);
    expect(r.compiledSql[0]).toMatch(/ AS body$/);
    expect(r.compiled).toEqual(r.general);
    return r;
  }

  const id = (type: string, n: number) => toGlobalId(type, n);

  it.each<[string, string, () => Record<string, unknown>]>([
    ['the list bench, first page', LIST, () => ({})],
    [
      'every product field of every product',
      `{ products(first: 20) { totalCount edges { cursor node { ...P } } } } ${PRODUCT}`,
      () => ({}),
    ],
    [
      'nodes and the whole pageInfo',
      `{ products(first: 3, sort: NEWEST) { nodes { ...P } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } ${PRODUCT}`,
      () => ({}),
    ],
    [
      'an empty page (first: 0)',
      `{ products(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      () => ({}),
    ],
    [
      'last without before',
      `{ products(last: 3, sort: PRICE_ASC) { edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      () => ({}),
    ],
    [
      'no match',
      `{ products(filter: { tags: ["nothing"] }) { totalCount edges { node { id } } pageInfo { startCursor endCursor hasNextPage } } }`,
      () => ({}),
    ],
    [
      'category and brand filters',
      PAGE,
      () => ({
        first: 50,
        filter: {
          categoryId: id('Category', s.categories.apparel.id),
          brandIds: [id('Brand', s.brands.acme.id), 'junk'],
        },
      }),
    ],
    [
      'price filters and PRICE_DESC',
      PAGE,
      () => ({ first: 50, sort: 'PRICE_DESC', filter: { minPrice: '20', maxPrice: '80.5' } }),
    ],
    [
      'in stock, rated, tagged',
      PAGE,
      () => ({
        first: 50,
        sort: 'RATING',
        filter: { inStock: true, minRating: 2, tags: ['ALPHA ', 'zeta'] },
      }),
    ],
    [
      'out of stock and on sale / not on sale',
      PAGE,
      () => ({ first: 50, filter: { inStock: false, onSale: false } }),
    ],
    ['on sale', PAGE, () => ({ first: 50, sort: 'BEST_SELLING', filter: { onSale: true } })],
    [
      'product by id, slug, draft, missing, wrong type',
      `query($id: ID!, $draft: ID!, $cat: ID!) { a: product(id: $id) { ...P } b: product(slug: "odd-detailed") { ...P }
        c: product(id: $draft) { id } d: product(slug: "nope") { id } e: product(id: "garbage") { id } f: product(id: $cat) { id } } ${PRODUCT}`,
      () => ({
        id: id('Product', odd.openSale.id),
        draft: id('Product', s.draft.id),
        cat: id('Category', s.categories.shoes.id),
      }),
    ],
    [
      'category by slug with its products',
      `{ category(slug: "apparel") { ...C products(first: 3, sort: PRICE_ASC, filter: { inStock: true, categoryId: "ignored" }) {
        totalCount nodes { slug } pageInfo { hasNextPage endCursor } } } } ${CATEGORY}`,
      () => ({}),
    ],
    [
      'category by id, inactive category, categories tree, brands',
      `query($id: ID!, $hidden: ID!) { a: category(id: $id) { ...C } b: category(id: $hidden) { id } c: category(slug: "hidden") { id }
        categories { ...C children { slug path productCount } } brands { __typename id name slug } } ${CATEGORY}`,
      () => ({ id: id('Category', s.categories.running.id), hidden: id('Category', s.categories.hidden.id) }),
    ],
    [
      'aliases, fragments, __typename and directives',
      `query($img: Boolean!, $noBrand: Boolean!) { __typename
        x: products(first: 4, sort: NEWEST) { __typename e: edges { __typename c: cursor node { ... on Node { id }
          ... on Product { n: name ...F images @include(if: $img) { url } brand @skip(if: $noBrand) { name } } ...F } } }
        y: product(slug: "odd-bare") { id ... on Product { id name } } } fragment F on Product { name price { amount } }`,
      () => ({ img: true, noBrand: true }),
    ],
  ])('%s: one statement, the same answer', async (_name, query, variables) => {
    await expectCompiled(query, variables());
  });

  it.each(SORTS)('pages through %s both ways with the same pages and cursors', async (sort) => {
    const walk = async (backward: boolean) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const vars = backward ? { last: 4, before: cursor, sort } : { first: 4, after: cursor, sort };
        const { compiled } = await expectCompiled(PAGE, vars);
        const page = (compiled.data as Page).products;
        const edges = page.edges.map((e) => JSON.stringify(e));
        if (backward) seen.unshift(...edges);
        else seen.push(...edges);
        const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
        if (!more) break;
        cursor = (backward ? page.pageInfo.startCursor : page.pageInfo.endCursor) as string;
      }
      return seen;
    };
    const forward = await walk(false);
    expect(forward.length).toBe(17); // 12 + 5 oddities
    expect(await walk(true)).toEqual(forward);
  });

  // `asText`: the body holds PostgreSQL's JSON text as it is; beside a search, `data` is merged
  // in JavaScript (and this fixture has no "steel" products).
  it.each<[string, string, boolean]>([
    ['the list bench', LIST, true],
    ['every product field', `{ products(first: 20) { edges { node { ...P } } } } ${PRODUCT}`, true],
    ['categories and brands', `{ categories { ...C } brands { id name } } ${CATEGORY}`, true],
    [
      'a search among other root fields',
      `{ a: products(first: 3) { nodes { name } } s: searchProducts(query: "steel", first: 2) { nodes { ...P } } b: brands { name } } ${PRODUCT}`,
      false,
    ],
  ])('over HTTP, %s: the same body as the resolvers', async (_name, query, asText) => {
    const r = await bothPathsOverHttp(t, baseUrl, query);
    expect(r.compiled.errors).toBeUndefined();
    expect(r.compiled).toEqual(r.general);
    // PostgreSQL's own JSON text ("key" : value), not re-serialized by JSON.stringify.
    expect(r.compiledText.includes('" : ')).toBe(asText);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['first and last together', `{ products(first: 2, last: 2) { totalCount } }`, {}],
    ['a malformed cursor', `{ products(first: 2, after: "garbage") { totalCount } }`, {}],
    ['both id and slug', `{ product(id: "x", slug: "y") { id } }`, {}],
    ['a root field the compiler does not know', `{ products(first: 2) { totalCount } me { id } }`, {}],
    ['variables that do not coerce', `query($n: Int) { products(first: $n) { totalCount } }`, { n: 'many' }],
  ])('%s: answered by the general path, as before', async (_name, query, variables) => {
    const r = await bothPaths(t, query, variables);
    expect(r.compiledSql.some((q) => / AS body$/.test(q))).toBe(false);
    expect(r.compiled).toEqual(r.general);
  });
});
