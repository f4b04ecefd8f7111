import { fromGlobalIntId, toGlobalId } from '../../src/graphql/global-id';
import { signedIn } from '../fixtures/auth.scenario';
import { searchScenario, type SearchScenario } from '../fixtures/catalog.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Hit = { name: string; price: { amount: string }; currentPrice: { amount: string } };
type Result = {
  searchProducts: {
    totalCount: number;
    correctedQuery: string | null;
    edges: {
      cursor: string;
      node: Hit;
      highlight: { name: string; description: string | null };
      related: boolean;
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: {
      categories: { category: { slug: string }; count: number }[];
      brands: { brand: { slug: string }; count: number }[];
      priceRanges: { min: string; max: string | null; count: number }[];
    };
  };
};

const SEARCH = `query($q: String!, $filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String) {
  searchProducts(query: $q, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount correctedQuery
    edges { cursor node { name price { amount } currentPrice { amount } } highlight { name description } related }
    pageInfo { hasNextPage endCursor }
    facets { categories { category { slug } count } brands { brand { slug } count } priceRanges { min max count } }
  } }`;

describe('searchProducts', () => {
  let t: TestApp;
  let s: SearchScenario;
  const search = async (q: string, vars: Record<string, unknown> = {}) => {
    const res = await t.execute<Result>(SEARCH, { variables: { q, first: 50, ...vars } });
    expect(res.errors).toBeUndefined();
    return res.data!.searchProducts;
  };
  /** The names of the products that match (not those related to them, see its own test). */
  const matches = (r: Result['searchProducts']) => r.edges.filter((e) => !e.related).map((e) => e.node.name);
  const names = async (q: string, vars: Record<string, unknown> = {}) => matches(await search(q, vars));

  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    s = await searchScenario(t.prisma);
  });
  afterAll(() => t.stop());

  it('ranks a name match above description matches', async () => {
    const hits = await names('trail runner');
    expect(hits[0]).toBe('Velocity Trail Runner');
    expect(hits).toEqual(expect.arrayContaining(['Comfort Sneaker', 'Road Racer']));
    expect(hits).not.toContain('Velocity Draft Runner'); // drafts never show
  });

  it('honours "phrases", -exclusions and or', async () => {
    expect((await names('"trail runner"')).sort()).toEqual(['Comfort Sneaker', 'Velocity Trail Runner']);
    expect((await names('runner -asphalt')).sort()).toEqual(['Comfort Sneaker', 'Velocity Trail Runner']);
    expect((await names('kettle or toaster')).sort()).toEqual(['Electric Kettle', 'Steel Toaster']);
    expect(await names('steel -kettle -toaster')).toEqual(['Chef Knife']);
  });

  it('matches the last word as a prefix while typing', async () => {
    expect(await names('veloc')).toEqual(['Velocity Trail Runner']);
    expect(await names('espresso mach')).toEqual(['Espresso Machine']);
    // The full match first; products with "trail" only follow (relaxation, see below).
    expect((await names('trail soc'))[0]).toBe('Trail Socks');
  });

  it('finds a product despite a typo and suggests the correction', async () => {
    const one = await search('velocty');
    expect(matches(one)).toEqual(['Velocity Trail Runner']);
    expect(one.correctedQuery).toBe('velocity');
    const two = await search('electrik kettle');
    expect(matches(two)).toEqual(['Electric Kettle']);
    expect(two.correctedQuery).toBe('electric kettle');
    expect((await search('kettle')).correctedQuery).toBeNull();
  });

  it('corrects each word on its own, also next to exact words: swaps, short and long words', async () => {
    // A swap of two letters is one typo (Damerau-Levenshtein), beside an exact word.
    const swap = await search('steel ketlte');
    expect(swap.edges[0]!.node.name).toBe('Electric Kettle');
    expect(swap.correctedQuery).toBe('steel kettle');
    // Two typos from 8 letters on; words under 4 letters are never corrected.
    expect((await search('espreso machien')).edges[0]!.node.name).toBe('Espresso Machine');
    expect((await search('mst')).totalCount).toBe(0);
    // An exact match always ranks above a corrected one, and no correction is reported for it.
    const exact = await search('mat');
    expect(exact.edges.map((e) => e.node.name)).toEqual(['Yoga Mat']);
    expect(exact.correctedQuery).toBeNull();
    // Words with digits are model numbers and sizes: never corrected.
    expect((await search('56 inch')).correctedQuery).toBeNull();
  });

  it('relaxes a query whose words do not all match: most words, rarer words first, totals agree', async () => {
    // No product is both a kettle and a toaster: products with one of the words come back.
    const r = await search('kettle toaster');
    expect(r.edges.map((e) => e.node.name).sort()).toEqual(['Electric Kettle', 'Steel Toaster']);
    expect(r.totalCount).toBe(2);
    expect(r.facets.brands.reduce((a, b) => a + b.count, 0)).toBe(2);
    // A word the catalog never uses is dropped rather than emptying the result.
    expect((await names('comfortable kettle '))[0]).toBe('Electric Kettle');
    // Products matching every word come first, then those matching most of them (half, rounded up).
    const most = await names('steel kettle ');
    expect(most[0]).toBe('Electric Kettle');
    expect(most.slice(1).sort()).toEqual(['Chef Knife', 'Steel Toaster']);
    // Two words of three first; still fewer than 10 products, so one word of three follows.
    const three = await names('steel kettle toaster ');
    expect(three.slice(0, 2).sort()).toEqual(['Electric Kettle', 'Steel Toaster']);
    expect(three.indexOf('Chef Knife')).toBeGreaterThan(1);
    // Nonsense still finds nothing.
    expect((await search('qzxv blorptang')).totalCount).toBe(0);
  });

  it('matches a word naming a category against the products of its whole subtree', async () => {
    // "sport" is the parent category of "Running": its products match although no text of theirs says so.
    const sport = await names('sport ');
    expect(sport).toEqual(expect.arrayContaining(['Velocity Trail Runner', 'Trail Socks', 'Camping Stove']));
    // Renaming the parent category renames the word: the vocabulary and the vectors follow.
    const admin = await signedIn(t.prisma, { role: 'admin' });
    const renamed = await t.execute(
      `mutation($id: ID!) { categoryUpdate(id: $id, input: { name: "Athletics" }) { userErrors { code } } }`,
      { token: admin.token, variables: { id: toGlobalId('Category', s.categories.sport.id) } },
    );
    expect(renamed.errors).toBeUndefined();
    expect(await names('athletics ')).toEqual(
      expect.arrayContaining(['Velocity Trail Runner', 'Trail Socks']),
    );
    expect((await search('athletcs ')).correctedQuery).toBe('athletics');
  });

  it('applies the default English synonyms: broader words find narrower things, admin rules win', async () => {
    // WordNet: "footwear" is broader than "shoe"; the catalog never says "footwear".
    expect(await names('footwear ')).toEqual(
      expect.arrayContaining(['Velocity Trail Runner', 'Comfort Sneaker']),
    );
    const admin = await signedIn(t.prisma, { role: 'admin' });
    await t.execute(
      `mutation { searchSynonymSet(input: { term: "footwear", synonyms: ["socks"] }) { userErrors { code } } }`,
      { token: admin.token },
    );
    expect(await names('footwear ')).toEqual(['Trail Socks']);
  });

  it('expands synonyms that admins edit, both ways', async () => {
    expect(await names('tv')).not.toContain('Television 55 inch');
    const admin = await signedIn(t.prisma, { role: 'admin' });
    const set = await t.execute(
      `mutation { searchSynonymSet(input: { term: "TV", synonyms: ["television"] }) { synonym { term synonyms } userErrors { code } } }`,
      { token: admin.token },
    );
    expect(set.data).toEqual({
      searchSynonymSet: { synonym: { term: 'tv', synonyms: ['television'] }, userErrors: [] },
    });
    expect(await names('tv')).toEqual(['Television 55 inch']);
    await t.prisma.product.update({
      where: { id: s.products[7]!.id },
      data: { description: 'Watch your tv show while stretching.' },
    });
    expect((await names('television')).sort()).toEqual(['Television 55 inch', 'Yoga Mat']);
  });

  it('ranks products of the category and brand the words name first, never a product without either', async () => {
    // No category and no brand: it matches "kitchen" by its description and "orbit" by its name.
    const apron = await t.prisma.product.create({
      data: {
        slug: 'orbit-apron',
        sku: 'APRON',
        name: 'Orbit Apron',
        description: 'For the kitchen.',
        price: '20.00',
        status: 'active',
      },
    });
    try {
      const kitchen = await names('kitchen ');
      expect(kitchen.slice(0, -1).sort()).toEqual([
        'Chef Knife',
        'Electric Kettle',
        'Espresso Machine',
        'Steel Toaster',
      ]);
      expect(kitchen[kitchen.length - 1]).toBe('Orbit Apron');
      // "orbit" names the brand Orbit: its products rank before a name that merely uses the word.
      const orbit = await names('orbit ');
      expect(orbit.length).toBeGreaterThan(1);
      expect(orbit[orbit.length - 1]).toBe('Orbit Apron');
    } finally {
      await t.prisma.product.delete({ where: { id: apron.id } });
    }
  });

  /**
   * Runs `check` while a category named `category` (created by an admin, so every search of this
   * process sees it at once) holds one product named `product` whose text says nothing else.
   */
  async function withCategoryProduct(category: string, product: string, check: () => Promise<void>) {
    const admin = await signedIn(t.prisma, { role: 'admin' });
    const created = await t.execute<{ categoryCreate: { category: { id: string } } }>(
      `mutation($name: String!) { categoryCreate(input: { name: $name }) { category { id } userErrors { code } } }`,
      { token: admin.token, variables: { name: category } },
    );
    const categoryId = fromGlobalIntId(created.data!.categoryCreate.category.id, 'Category');
    const slug = product.toLowerCase().replace(/\W+/g, '-');
    const row = await t.prisma.product.create({
      data: {
        slug,
        sku: slug,
        name: product,
        description: 'Counts steps.',
        price: '99.00',
        status: 'active',
        categoryId,
      },
    });
    try {
      await check();
    } finally {
      await t.prisma.product.delete({ where: { id: row.id } });
      await t.prisma.category.delete({ where: { id: categoryId } });
    }
  }

  it('finds the products of a category whose name is a closed compound of the word ("watch": Smartwatches)', () =>
    withCategoryProduct('Smartwatches', 'Pulse Band', async () => {
      // First: its category is what the word names (the yoga mat's description says "watch your tv").
      expect((await names('watch '))[0]).toBe('Pulse Band');
    }));

  it('finds the products of a category the dictionary says is a kind of the word ("computer": Laptops)', () =>
    withCategoryProduct('Laptops', 'Zen Book 14', async () => {
      // Nothing says "computer": a laptop is a portable computer in the dictionary.
      expect((await names('computer'))[0]).toBe('Zen Book 14');
    }));

  it('ranks the product whose whole name is the query first, singular or plural', () =>
    withCategoryProduct('Bakeware', 'Toasters', async () => {
      // The Steel Toaster sells more; the shopper named the other one.
      expect((await names('toaster')).slice(0, 2)).toEqual(['Toasters', 'Steel Toaster']);
      expect((await names('toasters')).slice(0, 2)).toEqual(['Toasters', 'Steel Toaster']);
    }));

  it('takes no guess that names a brand of the catalog ("sony", like "apple" in general text)', async () => {
    const admin = await signedIn(t.prisma, { role: 'admin' });
    const created = await t.execute<{ brandCreate: { brand: { id: string } } }>(
      `mutation { brandCreate(input: { name: "Apple" }) { brand { id } userErrors { code } } }`,
      { token: admin.token },
    );
    const brandId = fromGlobalIntId(created.data!.brandCreate.brand.id, 'Brand');
    const mac = await t.prisma.product.create({
      data: { slug: 'mac-air', sku: 'MAC', name: 'MacBook Air', price: '999.00', status: 'active', brandId },
    });
    try {
      expect(await names('apple')).toEqual(['MacBook Air']);
      expect(await names('sony')).toEqual([]);
    } finally {
      await t.prisma.product.delete({ where: { id: mac.id } });
      await t.prisma.brand.delete({ where: { id: brandId } });
    }
  });

  it('lists the rest of the categories of the few full matches after them, flagged related, uncounted', async () => {
    const r = await search('toaster');
    expect(r.edges.map((e) => [e.node.name, e.related])).toEqual([
      ['Steel Toaster', false],
      // The kitchen's other products, by popularity (ratings and units sold).
      ['Chef Knife', true],
      ['Electric Kettle', true],
      ['Espresso Machine', true],
    ]);
    // The total and the facets count what matches.
    expect(r.totalCount).toBe(1);
    expect(r.facets.categories.map((c) => [c.category.slug, c.count])).toEqual([['kitchen', 1]]);
    // Not under exclusions, which the related products would not honour.
    expect((await search('toaster -knife')).edges.map((e) => e.node.name)).toEqual(['Steel Toaster']);
    // graphql-js resolving each field answers the same.
    t.config.GRAPHQL_COMPILED_READS = false;
    try {
      expect(await search('toaster')).toEqual(r);
    } finally {
      t.config.GRAPHQL_COMPILED_READS = true;
    }
  });

  it('highlights matches in name and description, HTML-escaped', async () => {
    await t.prisma.product.update({
      where: { id: s.products[5]!.id },
      data: { description: 'Forged <b>steel</b> blade & handle.' },
    });
    const r = await search('knife');
    expect(r.edges[0]!.highlight.name).toBe('Chef <mark>Knife</mark>');
    const steel = await search('forged steel');
    expect(steel.edges[0]!.highlight.description).toContain('<mark>steel</mark>');
    expect(steel.edges[0]!.highlight.description).toContain('&lt;b&gt;');
    expect(steel.edges[0]!.highlight.description).not.toContain('<b>');
  });

  it('answers empty, odd and huge input without errors, over HTTP too (no 5xx)', async () => {
    await t.listen();
    for (const q of [
      '',
      '   ',
      '!!!',
      '.,;:?!()[]{}<>/\\|@#$%^&*_+=~`',
      '"',
      '-',
      'or',
      '"unclosed phrase',
      "'; drop table products; --",
      "' OR 1=1 --",
      '& | ! <-> :*',
      '!(kettle:*B) <2> steel & (a | b)',
      'x'.repeat(5000),
      'kettle '.repeat(1500), // 10 kB
      'a '.repeat(300),
      'the of and',
      'the a of and or to in',
      '🙂🙂 kettle 🔥',
      '🙂🔥🎉',
      'чайник kettle 水壶',
      'ketle чайнек ذ 水壶 kettl',
      'steel '.repeat(2000),
      '"a" & !b | (c <-> d):* \\ %_ $1',
      // 30 words: relaxation stays bounded (the rarest 6 words take part).
      'red leather office chair with wooden legs and a tall back for the home office desk in black or brown colour that is comfortable cheap durable modern ergonomic adjustable',
    ]) {
      const res = await t.execute<Result>(SEARCH, { variables: { q, first: 5 } });
      expect(res.errors).toBeUndefined();
      const http = await t.post<Result>(SEARCH, { variables: { q, first: 5 } });
      expect(http.status).toBe(200);
      expect(http.body.errors).toBeUndefined();
      expect(http.body.data).toEqual(res.data);
    }
    // Stop words alone find nothing; punctuation alone is no word at all, like an empty query.
    expect((await search('the of and')).totalCount).toBe(0);
    expect((await search('!!!')).totalCount).toBe(11);
    // An empty query lists every active product under the filters.
    expect((await search('')).totalCount).toBe(11);
  });

  it('computes facets that agree with the filtered results', async () => {
    const all = await search('steel or trail or shoe');
    const sum = (xs: { count: number }[]) => xs.reduce((a, x) => a + x.count, 0);
    expect(sum(all.facets.categories)).toBe(all.totalCount);
    expect(sum(all.facets.brands)).toBe(all.totalCount);
    expect(sum(all.facets.priceRanges)).toBe(all.totalCount);
    for (const b of all.facets.brands) {
      const id = b.brand.slug === 'nimbus' ? s.brands.nimbus.id : s.brands.orbit.id;
      const only = await search('steel or trail or shoe', {
        filter: { brandIds: [toGlobalId('Brand', id)] },
      });
      expect(only.totalCount).toBe(b.count);
      // The brand facet ignores its own filter (other brands stay selectable); the others follow it.
      expect(only.facets.brands).toEqual(all.facets.brands);
      expect(sum(only.facets.categories)).toBe(b.count);
    }
    for (const range of all.facets.priceRanges) {
      const r = await search('steel or trail or shoe', {
        filter: { minPrice: range.min, ...(range.max ? { maxPrice: String(Number(range.max) - 0.01) } : {}) },
      });
      expect(r.totalCount).toBe(range.count);
    }
  });

  it('filters by category subtree, brand, price, stock, rating, tags and sale', async () => {
    const id = (c: { id: number }) => toGlobalId('Category', c.id);
    expect((await search('', { filter: { categoryId: id(s.categories.sport) } })).totalCount).toBe(5);
    expect((await search('', { filter: { categoryId: id(s.categories.home) } })).totalCount).toBe(5);
    expect((await search('', { filter: { categoryId: id(s.categories.kitchen) } })).totalCount).toBe(4);
    const brand = await names('', { filter: { brandIds: [toGlobalId('Brand', s.brands.nimbus.id)] } });
    expect(brand.sort()).toEqual([
      'Camping Stove',
      'Road Racer',
      'Steel Toaster',
      'Velocity Trail Runner',
      'Yoga Mat',
    ]);
    // Current price: the Comfort Sneaker (80, on sale at 60) is in, the Camping Stove (expired sale) is not.
    const cheap = await search('', { filter: { minPrice: '50', maxPrice: '100' } });
    expect(cheap.edges.map((e) => e.node.name).sort()).toEqual(['Chef Knife', 'Comfort Sneaker']);
    expect((await names('', { filter: { inStock: false } })).sort()).toEqual([
      'Comfort Sneaker',
      'Steel Toaster',
    ]);
    expect((await search('', { filter: { inStock: true } })).totalCount).toBe(9);
    expect((await names('', { filter: { minRating: 4.6 } })).sort()).toEqual([
      'Chef Knife',
      'Espresso Machine',
      'Road Racer',
    ]);
    expect(await names('', { filter: { tags: ['steel', 'breakfast'] } })).toEqual(['Steel Toaster']);
    expect((await names('', { filter: { onSale: true } })).sort()).toEqual([
      'Comfort Sneaker',
      'Electric Kettle',
      'Trail Socks',
    ]);
    expect((await search('', { filter: { onSale: false } })).totalCount).toBe(8);
    expect(await names('trail', { filter: { onSale: true, inStock: true, minRating: 4 } })).toEqual([
      'Trail Socks',
    ]);
  });

  describe.each(['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'RATING', 'BEST_SELLING'])(
    'sort %s',
    (sort) => {
      it.each(['', 'steel or trail or shoe'])('pages through %p completely and stably', async (q) => {
        const all = (await search(q, { sort, first: 100 })).edges.map((e) => e.node.name);
        const paged: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 20; i++) {
          const page: Result['searchProducts'] = await search(q, { sort, first: 3, after });
          paged.push(...page.edges.map((e) => e.node.name));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(paged).toEqual(all);
        expect(new Set(paged).size).toBe(paged.length);
        if (sort === 'PRICE_ASC' || sort === 'PRICE_DESC') {
          // Matches sorted, then the related products (if any), sorted.
          const r = await search(q, { sort, first: 100 });
          const flags = r.edges.map((e) => e.related);
          expect(flags).toEqual([...flags].sort((a, b) => Number(a) - Number(b)));
          for (const related of [false, true]) {
            const prices = r.edges
              .filter((e) => e.related === related)
              .map((e) => Number(e.node.currentPrice.amount));
            expect(prices).toEqual([...prices].sort((a, b) => (sort === 'PRICE_ASC' ? a - b : b - a)));
          }
        }
      });
    },
  );

  it('logs every search off the response path', async () => {
    await search('boils water', { filter: { inStock: true } });
    await search('nothingmatcheszzz');
    let rows: { query: string; result_count: number; zero_result: boolean; filters: unknown }[] = [];
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      rows = await t.prisma.$queryRaw`SELECT query, result_count, zero_result, filters FROM search_logs
        WHERE query IN ('boils water', 'nothingmatcheszzz') ORDER BY query`;
      if (rows.length < 2) await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows).toEqual([
      // The kettle boils water; relaxed, "water" still being typed also finds the waterproof runner.
      { query: 'boils water', result_count: 2, zero_result: false, filters: { inStock: true } },
      { query: 'nothingmatcheszzz', result_count: 0, zero_result: true, filters: {} },
    ]);
  });

  it('answers a search with facets and nested fields in a fixed number of statements', async () => {
    const q = `{ searchProducts(query: "steel or trail", first: 20) { totalCount
      edges { highlight { name } node { name brand { name } category { name } images { url } variants { sku } rating { average } } }
      facets { categories { category { name } count } brands { brand { name } count } priceRanges { count } } } }`;
    await t.execute(q); // warm the synonym cache
    // Found fewer times than SEARCH_RELAX_BELOW, the words would be relaxed in more statements.
    const relaxBelow = t.config.SEARCH_RELAX_BELOW;
    t.config.SEARCH_RELAX_BELOW = 1;
    const count = async () => {
      const { result, statements } = await t.countStatements(() => t.execute(q));
      expect(result.errors).toBeUndefined();
      return statements;
    };
    // The compiled read path: the search statement builds the products and facet objects too.
    expect(await count()).toBe(1);
    t.config.GRAPHQL_COMPILED_READS = false;
    try {
      // search (page + total + facets), brands, categories, images, variants.
      expect(await count()).toBe(5);
    } finally {
      t.config.GRAPHQL_COMPILED_READS = true;
      t.config.SEARCH_RELAX_BELOW = relaxBelow;
    }
  });
});
