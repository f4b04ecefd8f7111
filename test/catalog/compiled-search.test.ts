import { SEARCH } from '../../bench/queries';
import { toGlobalId } from '../../src/graphql/global-id';
import { searchScenario, type SearchScenario } from '../fixtures/catalog.scenario';
import { bothPaths, bothPathsOverHttp } from '../support/both-paths';
import { startTestApp, type TestApp } from '../support/test-app';

/** Every field of a search answer, twice over with aliases (the compiled path builds each from its own column). */
const FULL = `query($q: String!, $filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String, $last: Int, $before: String) {
  searchProducts(query: $q, filter: $filter, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
    __typename totalCount correctedQuery
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    facets { categories { category { id slug path } count } brands { __typename brand { id name } n: count }
      priceRanges { min max count } }
    edges { __typename cursor highlight { name description } node { id name currentPrice { amount } onSale inStock tags
      brand { name } category { name parent { name } } images { url isPrimary } variants { sku quantityAvailable } } }
    nodes { id slug rating { average count } }
    e2: edges { node { slug } }
    f2: facets { categories { category { name } } } } }`;

type Search = { searchProducts: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('compiled read path: searchProducts', () => {
  let t: TestApp;
  let baseUrl: string;
  let s: SearchScenario;
  beforeAll(async () => {
    t = await startTestApp();
    s = await searchScenario(t.prisma);
    baseUrl = await t.listen(); // the HTTP answers are written by stringifyResult
  });
  afterAll(() => t.stop());

  const isSearch = (q: string) => q.trimStart().startsWith('WITH matched');

  /**
   * Answered by the search service's own statements and nothing else (vocabulary warm), deep-equal
   * to the resolvers' answer, which load the page's nested objects with further statements.
   */
  async function expectCompiled(query: string, variables: Record<string, unknown>) {
    await t.execute(query, { variables }); // warm the vocabulary and synonym caches
    const r = await bothPaths(t, query, variables);
    expect(r.compiled.errors).toBeUndefined();
    expect(r.compiled).toEqual(r.general);
    expect(r.compiledSql.every(isSearch)).toBe(true);
    expect(r.compiledSql).toHaveLength(r.generalSql.filter(isSearch).length);
    // The search statement built the products' JSON: nothing was resolved field by field.
    expect(r.compiledSql.some((q) => q.includes('AS "_c0"'))).toBe(true);
    return r;
  }

  it.each<[string, Record<string, unknown>]>([
    ['words in names, descriptions and tags', { q: 'trail' }],
    ['a phrase and an exclusion', { q: '"trail runner" -road' }],
    ['or', { q: 'kettle or toaster' }],
    ['a prefix while typing', { q: 'ket' }],
    ['a typo', { q: 'kettel' }],
    ['a filter and a sort', { q: 'steel', filter: { maxPrice: '50', inStock: true }, sort: 'PRICE_ASC' }],
    [
      'category and brand filters (facets ignore their own)',
      { q: 'trail', filter: { categoryId: 'x', brandIds: [] } },
    ],
    ['on sale, by rating', { q: 'shoe', filter: { onSale: true }, sort: 'RATING' }],
    ['nothing matches', { q: 'zzzqqqxxx' }],
    ['an empty query lists everything', { q: '', sort: 'NEWEST', first: 5 }],
    ['an empty page', { q: 'steel', first: 0 }],
    ['backwards', { q: 'steel', last: 2 }],
  ])('%s: the same answer', async (_name, variables) => {
    const vars = { ...variables };
    if (vars.filter && (vars.filter as Record<string, unknown>).categoryId === 'x')
      vars.filter = {
        categoryId: toGlobalId('Category', s.categories.sport.id),
        brandIds: [toGlobalId('Brand', s.brands.nimbus.id)],
      };
    await expectCompiled(FULL, vars);
  });

  it.each(['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'RATING', 'BEST_SELLING'])(
    'pages through a %s search with the same pages and cursors',
    async (sort) => {
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const { compiled } = await expectCompiled(FULL, { q: 'steel or trail', first: 2, after, sort });
        const page = (compiled.data as Search).searchProducts;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
    },
  );

  it('answers the search bench operation the same way', async () => {
    // Fewer than SEARCH_RELAX_BELOW products have both words: relaxed matches run too.
    await expectCompiled(SEARCH, { q: 'steel trail', filter: { minPrice: '10' }, sort: 'BEST_SELLING' });
  });

  // `asText`: the page's products are PostgreSQL's JSON text as it is in the body.
  it.each<[string, Record<string, unknown>, boolean]>([
    ['every field, aliased', { q: 'steel or trail', first: 3 }, true],
    ['nothing matches', { q: 'zzzqqqxxx' }, false],
    ['an empty page', { q: 'steel', first: 0 }, false],
  ])('over HTTP, %s: the same body as the resolvers', async (_name, variables, asText) => {
    await t.execute(FULL, { variables }); // warm the vocabulary and synonym caches
    const r = await bothPathsOverHttp(t, baseUrl, FULL, variables);
    expect(r.compiled.errors).toBeUndefined();
    expect(r.compiled).toEqual(r.general);
    // PostgreSQL's own JSON text ("key" : value), not re-serialized by JSON.stringify.
    expect(r.compiledText.includes('" : ')).toBe(asText);
  });

  it('logs the search once, as the general path does', async () => {
    await t.prisma.searchLog.deleteMany();
    await t.execute(SEARCH, { variables: { q: 'espresso' } });
    const jobs = async () =>
      (
        await t.prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'search.log' AND data->>'query' = 'espresso'`
      )[0]!.n;
    for (let i = 0; i < 50 && (await jobs()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(await jobs()).toBe(1);
  });

  it('leaves invalid arguments to the resolvers', async () => {
    const r = await bothPaths(t, FULL, { q: 'steel', after: 'garbage' });
    expect(r.compiled.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.compiled).toEqual(r.general);
  });
});
