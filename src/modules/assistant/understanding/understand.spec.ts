import type { Entities } from './entities';
import { CatalogLexicon, categoryParts, type LexiconRows } from './lexicon';
import { extractPrice } from './prices';
import { analyze, loadNlp } from './nlp';
import { understand } from './understand';

/** A small catalog unlike the seed's, so the rules cannot lean on the seed's words. */
const ROWS: LexiconRows = {
  categories: [
    { id: 1, slug: 'footwear', name: 'Footwear', depth: 0 },
    { id: 2, slug: 'trail-running-shoes', name: 'Trail Running Shoes', depth: 1 },
    { id: 3, slug: 'hiking-boots', name: 'Hiking Boots', depth: 1 },
    { id: 4, slug: 'camping-and-hiking', name: 'Camping & Hiking', depth: 0 },
    { id: 5, slug: 'mens-shirts', name: 'mens-shirts', depth: 0 },
    { id: 6, slug: 'skin-care', name: 'Skin Care', depth: 0 },
    { id: 7, slug: 'smartphones', name: 'Smartphones', depth: 0 },
    { id: 8, slug: 'keyboards-and-mice', name: 'Keyboards & Mice', depth: 0 },
    { id: 9, slug: 'sofas', name: 'Sofas', depth: 0 },
    { id: 10, slug: 'espresso-machines', name: 'Espresso Machines', depth: 0 },
    { id: 11, slug: 'coffee-makers', name: 'Coffee Makers', depth: 0 },
    { id: 12, slug: 'toys-and-games', name: 'Toys & Games', depth: 0 },
    { id: 13, slug: 'cat-trees-and-toys', name: 'Cat Trees & Toys', depth: 2 },
  ],
  brands: [
    { id: 1, slug: 'apple', name: 'Apple' },
    { id: 2, slug: 'north-peak', name: 'North Peak' },
    { id: 3, slug: 'dolce-gabbana', name: 'Dolce & Gabbana' },
    { id: 4, slug: 'zentrix', name: 'Zentrix' },
  ],
  synonyms: [
    { term: 'couch', synonyms: ['sofa'] },
    { term: 'phone', synonyms: ['smartphone', 'cell phone'] },
  ],
  variantValues: [
    { name: 'color', value: 'Midnight Blue' },
    { name: 'Colour', value: 'Sand' },
    { name: 'color', value: 'Espresso' },
    { name: 'size', value: '10.5' },
    { name: 'size', value: 'Queen' },
  ],
  vocabulary: ['trail', 'runner', 'boot', 'waterproof', 'laptop', 'iphone', 'tent', 'jacket', 'serum'],
};
let lexicon: CatalogLexicon;
beforeAll(async () => {
  await loadNlp();
  lexicon = new CatalogLexicon(ROWS);
});

const none: Entities = {
  category: null,
  brand: null,
  minPrice: null,
  maxPrice: null,
  color: null,
  size: null,
  quantity: null,
  ordinal: null,
};

// prettier-ignore
const CASES: [string, string, Partial<Entities>][] = [
  ['Show me waterproof hiking boots under $120', 'PRODUCT_SEARCH', { category: 'hiking-boots', maxPrice: '120' }],
  ['hiking boots between 100 and 200', 'PRODUCT_SEARCH', { category: 'hiking-boots', minPrice: '100', maxPrice: '200' }],
  ['trail running shoes from $80 to $1,200', 'PRODUCT_SEARCH', { category: 'trail-running-shoes', minPrice: '80', maxPrice: '1200' }],
  ['anything for camping at least 50 dollars', 'PRODUCT_SEARCH', { category: 'camping-and-hiking', minPrice: '50' }],
  ['shirts for men, size XL, in midnight blue', 'PRODUCT_SEARCH', { category: 'mens-shirts', size: 'XL', color: 'midnight blue' }],
  ["men's shirts $30-45", 'PRODUCT_SEARCH', { category: 'mens-shirts', minPrice: '30', maxPrice: '45' }],
  // typos of catalog names (neither English nor product words), model names, everyday phrasings
  ['zentix smartphones', 'PRODUCT_SEARCH', { category: 'smartphones', brand: 'Zentrix' }],
  ['smartfones under 300', 'PRODUCT_SEARCH', { category: 'smartphones', maxPrice: '300' }],
  ['iphone 13 pro', 'PRODUCT_SEARCH', {}],
  ['I want to return the sofa I bought', 'RETURNS_WARRANTY', { category: 'sofas' }],
  ['which is better, the Apple or the Zentrix smartphones?', 'PRICE_COMPARISON', { category: 'smartphones', brand: 'Apple' }],
  ['who won the game last night', 'FALLBACK', {}],
  ['where is order 48213', 'ORDER_STATUS', {}],
  ['skincare under 1.5k', 'PRODUCT_SEARCH', { category: 'skin-care', maxPrice: '1500' }],
  ['any good skin care?', 'PRODUCT_SEARCH', { category: 'skin-care' }],
  ['I need a new phone', 'PRODUCT_SEARCH', { category: 'smartphones' }],
  ['a comfy couch, not red', 'PRODUCT_SEARCH', { category: 'sofas' }],
  ['cheap keyboard', 'PRODUCT_SEARCH', { category: 'keyboards-and-mice' }],
  ['Apple laptops', 'PRODUCT_SEARCH', { brand: 'Apple' }],
  ['apple laptop under 900', 'PRODUCT_SEARCH', { brand: 'Apple', maxPrice: '900' }],
  ['an apple a day', 'FALLBACK', {}],
  ['north peak jacket in sand', 'PRODUCT_SEARCH', { brand: 'North Peak', color: 'sand' }],
  ['Dolce & Gabbana or Zentrix?', 'PRODUCT_SEARCH', { brand: 'Dolce & Gabbana' }],
  ['iPhone 13 under $700', 'PRODUCT_SEARCH', { maxPrice: '700' }],
  ['tent for 4 people around $200', 'PRODUCT_SEARCH', {}],
  ['128 GB phone', 'PRODUCT_SEARCH', { category: 'smartphones' }],
  ['boots size 10.5', 'PRODUCT_SEARCH', { category: 'hiking-boots', size: '10.5' }],
  ['queen size sofa', 'PRODUCT_SEARCH', { category: 'sofas', size: 'queen' }],
  ['add the second one', 'ADD_TO_CART', { ordinal: 2 }],
  ['add 2 of the third one to my cart', 'ADD_TO_CART', { quantity: 2, ordinal: 3 }],
  ["I'll take the last one", 'ADD_TO_CART', { ordinal: -1 }],
  ['put three in my basket', 'ADD_TO_CART', { quantity: 3 }],
  ['remove the boots from my cart', 'ADD_TO_CART', { category: 'hiking-boots' }],
  ['save it to my wishlist', 'ADD_TO_CART', {}],
  ["what's in my cart?", 'CART_SUMMARY', {}],
  ['show me my basket total', 'CART_SUMMARY', {}],
  ['compare the two cheapest', 'PRICE_COMPARISON', {}],
  ['which one is cheaper?', 'PRICE_COMPARISON', {}],
  ['Zentrix vs North Peak', 'PRICE_COMPARISON', { brand: 'North Peak' }],
  ['where is my order?', 'ORDER_STATUS', {}],
  ['track order BZ-20417', 'ORDER_STATUS', {}],
  ['when will my package arrive', 'ORDER_STATUS', {}],
  ["what's on sale?", 'PRODUCT_SEARCH', {}],
  ['any deals on sofas', 'PRODUCT_SEARCH', { category: 'sofas' }],
  ['in grey', 'PRODUCT_SEARCH', { color: 'grey' }],
  ['how much is shipping', 'FALLBACK', {}],
  ['what are the delivery costs', 'FALLBACK', {}],
  ['do you ship to canada?', 'FALLBACK', {}],
  ['show me the 3 cheapest boots', 'PRODUCT_SEARCH', { category: 'hiking-boots' }],
  ['do u have blankets', 'PRODUCT_SEARCH', {}],
  // Espresso is a colour, but in "espresso machine" it is the machine.
  ['espresso machine vs coffee maker', 'PRICE_COMPARISON', { category: 'coffee-makers' }],
  ['espresso sofa', 'PRODUCT_SEARCH', { category: 'sofas', color: 'espresso' }],
  // "toys" names two categories equally: the one the rest of the message points at, else the one
  // it begins, not the deeper one about cats.
  ['kids toys for a 5 year old', 'PRODUCT_SEARCH', { category: 'toys-and-games' }],
  ['cheaper ones?', 'PRODUCT_SEARCH', {}],
  ["what's the most expensive thing you sell", 'PRODUCT_SEARCH', {}],
  ['hiking boots under twenty dollars', 'PRODUCT_SEARCH', { category: 'hiking-boots', maxPrice: '20' }],
  ['sofas between one hundred and two hundred bucks', 'PRODUCT_SEARCH', { category: 'sofas', minPrice: '100', maxPrice: '200' }],
  ['toys for my cat', 'PRODUCT_SEARCH', { category: 'cat-trees-and-toys' }],
  ['can I return these boots?', 'RETURNS_WARRANTY', { category: 'hiking-boots' }],
  ['what is the warranty on smartphones', 'RETURNS_WARRANTY', { category: 'smartphones' }],
  ['hi!', 'GREETING', {}],
  ['good morning', 'GREETING', {}],
  ['hello, do you have waterproof boots?', 'PRODUCT_SEARCH', { category: 'hiking-boots' }],
  ['shoes', 'PRODUCT_SEARCH', { category: 'trail-running-shoes' }],
  ['what is the meaning of life', 'FALLBACK', {}],
  ['asdfgh qwerty', 'FALLBACK', {}],
];

describe('understand', () => {
  it.each(CASES)('%s → %s', (message, intent, entities) => {
    const u = understand(message, lexicon);
    expect({ intent: u.intent, entities: u.entities }).toEqual({
      intent,
      entities: { ...none, ...entities },
    });
  });

  it('leaves descriptive words for the search and reads the requested sort', () => {
    const u = understand('cheapest waterproof hiking boots', lexicon);
    expect(u.searchWords).toEqual(['waterproof']);
    expect(u.sort).toBe('PRICE_ASC');
    expect(understand('hiking boots, not too expensive', lexicon).sort).toBe('PRICE_ASC');
    expect(understand('hiking boots sorted by price', lexicon).sort).toBe('PRICE_ASC');
  });

  it('reads a reference to the last results', () => {
    expect(understand('add the cheaper one', lexicon).reference).toEqual({
      ordinal: null,
      selector: 'cheapest',
      all: false,
    });
    expect(understand('compare them', lexicon).reference?.all).toBe(true);
  });

  it('keeps model names for the search ("4K", "13", "S23")', () => {
    expect(understand('Zentrix S23 Ultra 4K phone 256', lexicon).searchWords).toEqual(
      expect.arrayContaining(['s23', '4k']),
    );
    expect(understand('iphone 13 pro', lexicon).searchWords).toEqual(['iphone', '13', 'pro']);
  });

  it('reads no more than the first 1,000 characters', () => {
    const u = understand(`${'boots '.repeat(300)} under $50`, lexicon);
    expect(u.entities.maxPrice).toBeNull();
  });
});

describe('extractPrice', () => {
  // prettier-ignore
  const PRICES: [string, string | null, string | null][] = [
    ['under $500', null, '500'], ['below 80 bucks', null, '80'], ['no more than 60', null, '60'],
    ['more than 60', '60', null], ['$100 or more', '100', null], ['50 dollars or less', null, '50'],
    ['between 100 and 200', '100', '200'], ['$50-80', '50', '80'], ['200 to 100 dollars', '100', '200'],
    ['from 500', null, null], ['from $500', '500', null], ['around $100', null, null], ['a $60 jacket', null, '60'],
    ['55 inch tv under 999.99', null, '999.99'], ['over 4 stars', null, null], ['cheap', null, null], ['$2k max', null, '2000'],
    ['cameras 200 to 300', '200', '300'], ['boots within 100-200', '100', '200'], ['a 2-3 person tent', null, null],
    ['size 8-10 boots', null, null], ['toys for ages 10 to 12', null, null], ['4 to 6 people', null, null],
  ];
  it.each(PRICES)('%s → %s..%s', (text, min, max) => {
    const r = extractPrice(analyze(text).tokens);
    expect([r.minPrice, r.maxPrice]).toEqual([min, max]);
  });
});

describe('categoryParts', () => {
  it.each([
    ['Keyboards & Mice', ['Keyboards', 'Mice']],
    ['Science Fiction & Fantasy', ['Science Fiction', 'Fantasy']],
    ['Bags and Backpacks', ['Bags', 'Backpacks']],
    ['Skincare', ['Skincare']],
  ])('%s', (name, parts) => expect(categoryParts(name)).toEqual(parts));
});
