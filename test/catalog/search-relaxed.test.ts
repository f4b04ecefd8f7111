import { activeProduct } from '../fixtures/active-product';
import { searchSlugs } from '../support/search';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The bounds on relaxed matching and on the name-similarity fallback keep what the shopper asked
 * for: products matching every word survive the cap on products matching only some, and a word
 * no product is like still answers nothing.
 */
describe('searchProducts relaxed and fallback bounds', () => {
  let t: TestApp;
  const slugs = (q: string) => searchSlugs(t, q);

  beforeAll(async () => {
    t = await startTestApp();
    const category = await t.prisma.category.create({ data: { name: 'Lighting', slug: 'lighting' } });
    const product = (slug: string, name: string) =>
      activeProduct(t.prisma, { slug, name, categoryId: category.id });
    // Stored first: a capped scan in storage order meets these before the brass desk lamp.
    for (let i = 0; i < 30; i++) await product(`lamp-${i}`, `Reading Lamp ${i}`);
    await product('brass-desk-lamp', 'Brass Desk Lamp');
    await product('oak-side-table', 'Oak Side Table');
    await product('cotton-cushion', 'Comfortable Cotton Fabric Cushion');
    // "frame" is in three names; "picture" only in one description, so it is the rarer word.
    for (const n of ['Oak Frame Mirror', 'Steel Frame Bed'])
      await product(n.toLowerCase().replace(/ /g, '-'), n);
    await product('photo-frame', 'Family Photo Frame');
    await activeProduct(t.prisma, {
      slug: 'wall-clock',
      name: 'Round Wall Clock',
      categoryId: category.id,
      description: 'As pretty as a picture.',
    });
    // "bar" names this category (a type word); nothing is a bar stool.
    const bar = await t.prisma.category.create({
      data: { name: 'Bar Accessories', slug: 'bar-accessories' },
    });
    for (const n of ['Cocktail Strainer', 'Ice Bucket'])
      await activeProduct(t.prisma, {
        slug: n.toLowerCase().replace(/ /g, '-'),
        name: n,
        categoryId: bar.id,
      });
    await product('counter-stool', 'Walnut Counter Stool');
    const sofas = await t.prisma.category.create({ data: { name: 'Sofas', slug: 'sofas' } });
    await activeProduct(t.prisma, {
      slug: 'oak-sofa',
      name: 'Oak Sofa',
      categoryId: sofas.id,
      price: '400.00',
    });
  });
  afterAll(() => t.stop());

  it('keeps every product matching all words when relaxing is capped', async () => {
    const cap = t.config.SEARCH_RELAX_MAX_PRODUCTS;
    t.config.SEARCH_RELAX_MAX_PRODUCTS = 10;
    try {
      // One product has both words (fewer than SEARCH_RELAX_BELOW): lamps join it, at most 10.
      const found = await slugs('brass lamp');
      expect(found[0]).toBe('brass-desk-lamp');
      expect(found).toHaveLength(11);
    } finally {
      t.config.SEARCH_RELAX_MAX_PRODUCTS = cap;
    }
  });

  it('answers nothing when a word is like no product name, however like the others are', async () => {
    expect(await slugs('zzzzzz reading lamp')).toEqual([]);
    // A misspelt name is still found by name similarity, and a name like a word nothing uses.
    expect(await slugs('brsas dessk lamp')).toContain('brass-desk-lamp');
    expect(await slugs('bedside table')).toEqual(['oak-side-table']);
  });

  it('counts a word in a name for more than a rarer one only in a description', async () => {
    // No product has both words: each matches one, and the frame names what it is.
    const found = await slugs('picture frame');
    expect(found.indexOf('photo-frame')).toBeLessThan(found.indexOf('wall-clock'));
    expect(found).toContain('wall-clock');
  });

  it('takes the last word for the type when no product has them all', async () => {
    // "bar" names the Bar Accessories category, but the shopper asked for a stool.
    expect((await slugs('bar stool'))[0]).toBe('counter-stool');
  });

  it('does not count a word guessed at through broader words as one matched', async () => {
    // "velvet": no product says it; the dictionary's broader "fabric" is a guess. Without it each
    // matches one word, and the sofa is of the type the shopper named.
    expect(await slugs('comfortable velvet sofa')).toEqual(['oak-sofa', 'cotton-cushion']);
  });
});
