import { invalidateVocabulary } from '../../src/modules/catalog/search/vocabulary';
import { activeProduct } from '../fixtures/active-product';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A search's statement is built once per plan, filter, sort, page and selection
 * (src/modules/catalog/search/search-sql.ts) and reused: a repeated search sends the very same text,
 * and whatever differs in the request — a filter, a sort, a page size, what is selected, the
 * catalog the plan was made from — gets a statement of its own.
 */
const SEARCH = `query($q: String!, $filter: ProductFilter, $sort: ProductSort, $first: Int) {
  searchProducts(query: $q, filter: $filter, sort: $sort, first: $first) { totalCount nodes { slug } } }`;
const WITH_FACETS = `query($q: String!) { searchProducts(query: $q, first: 5) {
  totalCount facets { brands { count } } nodes { slug } } }`;

type Result = { searchProducts: { totalCount: number; nodes: { slug: string }[] } };

describe('search statements', () => {
  let t: TestApp;
  let categoryId: number;
  beforeAll(async () => {
    t = await startTestApp();
    ({ id: categoryId } = await t.prisma.category.create({ data: { name: 'Kitchen', slug: 'kitchen' } }));
    await activeProduct(t.prisma, { slug: 'cheap-kettle', name: 'Steel Kettle', price: '20.00', categoryId });
    await activeProduct(t.prisma, { slug: 'dear-kettle', name: 'Copper Kettle', price: '90.00', categoryId });
  });
  afterAll(() => t.stop());

  /** The search's answer and the text of its search statements (relaxing runs a second one here). */
  async function search(query: string, variables: Record<string, unknown>) {
    const { result, sql } = await t.countStatements(() => t.execute<Result>(query, { variables }));
    expect(result.errors).toBeUndefined();
    const statements = sql.filter((q) => q.trimStart().startsWith('WITH matched'));
    expect(statements.length).toBeGreaterThan(0);
    return { slugs: result.data!.searchProducts.nodes.map((n) => n.slug), text: statements.join('\n') };
  }

  it('sends the same text for a repeated search, another for anything that differs', async () => {
    await search(SEARCH, { q: 'kettle' }); // warm the vocabulary
    const first = await search(SEARCH, { q: 'kettle' });
    expect(first.slugs.sort()).toEqual(['cheap-kettle', 'dear-kettle']);
    expect((await search(SEARCH, { q: 'kettle' })).text).toBe(first.text);

    const variants: [Record<string, unknown>, string[]][] = [
      [{ q: 'kettle', filter: { maxPrice: '50' } }, ['cheap-kettle']],
      [{ q: 'kettle', filter: { minPrice: '50' } }, ['dear-kettle']],
      [{ q: 'kettle', sort: 'PRICE_DESC' }, ['dear-kettle', 'cheap-kettle']],
      [{ q: 'kettle', sort: 'PRICE_DESC', first: 1 }, ['dear-kettle']],
      // Relaxed: the copper kettle matches one word of two, below the steel one.
      [{ q: 'steel kettle' }, ['cheap-kettle', 'dear-kettle']],
    ];
    const texts = new Set([first.text]);
    for (const [variables, slugs] of variants) {
      const r = await search(SEARCH, variables);
      expect(r.slugs).toEqual(slugs);
      texts.add(r.text);
      // Asked again, the same statement.
      expect((await search(SEARCH, variables)).text).toBe(r.text);
    }
    expect(texts.size).toBe(variants.length + 1);
    const facets = await search(WITH_FACETS, { q: 'kettle' });
    expect(texts.has(facets.text)).toBe(false);
  });

  it('builds a new statement when the catalog changes what the words mean', async () => {
    // No product says "zorbo": the statement matches kettles through the other word.
    const before = await search(SEARCH, { q: 'zorbo kettle' });
    expect(before.slugs).not.toContain('zorbo-kettle');
    await activeProduct(t.prisma, { slug: 'zorbo-kettle', name: 'Zorbo Kettle', price: '40.00', categoryId });
    invalidateVocabulary(t.prisma); // as a catalog edit does
    const after = await search(SEARCH, { q: 'zorbo kettle' });
    expect(after.slugs[0]).toBe('zorbo-kettle');
    expect(after.text).not.toBe(before.text);
  });
});
