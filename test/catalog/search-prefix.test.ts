import { activeProduct } from '../fixtures/active-product';
import { searchSlugs } from '../support/search';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Search-as-you-type takes the last word as a prefix, but a product with the word itself ranks
 * before one that only has a longer word starting with it, as Typesense and Algolia rank an exact
 * match first: "car" finds cars (through the dictionary) before the carbon-steel wok.
 */
describe('searchProducts: a word being typed', () => {
  let t: TestApp;
  const slugs = (q: string) => searchSlugs(t, q);

  beforeAll(async () => {
    t = await startTestApp();
    // Each in a category of its own: no related products follow the matches.
    let shelf = 0;
    const product = async (slug: string, name: string, description?: string, sold = 0) => {
      shelf++;
      const category = await t.prisma.category.create({
        data: { name: `Shelf ${shelf}`, slug: `shelf-${shelf}` },
      });
      const p = await activeProduct(t.prisma, { slug, name, categoryId: category.id, description });
      await t.prisma.product.update({ where: { id: p.id }, data: { soldCount: sold } });
    };
    // The longer words sell more: popularity alone would put them first.
    await product('baggage-trolley', 'Baggage Trolley', undefined, 500);
    await product('canvas-bag', 'Canvas Bag');
    await product('carbon-steel-wok', 'Carbon Steel Wok', undefined, 500);
    await product('city-hatchback', 'City Hatchback', 'A small five-door runabout.');
  });
  afterAll(() => t.stop());

  it.each<[string, string[]]>([
    // The word itself before a longer word it starts.
    ['bag', ['canvas-bag', 'baggage-trolley']],
    // A dictionary match of the whole word (a hatchback is a car) before a longer word it starts.
    ['car', ['city-hatchback', 'carbon-steel-wok']],
    // Still being typed, and only the longer word has it: found.
    ['bagg', ['baggage-trolley']],
    // A trailing space ends the word: no prefix.
    ['bag ', ['canvas-bag']],
  ])('%j → %j', async (q, expected) => {
    expect(await slugs(q)).toEqual(expected);
  });
});
