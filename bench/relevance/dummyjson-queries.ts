/**
 * Judged shopper queries over the DummyJSON catalog (test/fixtures/relevance/dummyjson-catalog.jsonl:
 * 194 products in 24 categories, from beauty and groceries to phones, watches and vehicles; 102
 * with a brand). Grades come from the products' own data: 2 for what the shopper asked for, 1 for
 * related products (the same type, or the type without the attribute or brand), as a person would
 * judge them reading the catalog. Written before looking at what search returns.
 * The catalog's own oddities stay: its Tops are dresses, and dog food is for sale (not absent).
 */
import path from 'node:path';
import {
  and,
  cat,
  fixtureProducts,
  judgeRules,
  named,
  none,
  or,
  says,
  slugs,
  type P,
  type Pred,
  type Rule,
} from './imported-queries';
import type { Judged, Kind } from './judged';

export const DUMMYJSON_FIXTURE = path.resolve(
  __dirname,
  '../../test/fixtures/relevance/dummyjson-catalog.jsonl',
);

const brand =
  (...names: string[]): Pred =>
  (p) =>
    p.brand !== null && names.includes(p.brand);
const not =
  (f: Pred): Pred =>
  (p) =>
    !f(p);

const laptops = cat('Laptops');
const phones = cat('Smartphones');
const tablets = cat('Tablets');
const fragrances = cat('Fragrances');
const beauty = cat('Beauty');
const skinCare = cat('Skin Care');
const watches = cat('Mens Watches', 'Womens Watches');
const smartwatch = slugs('apple-watch-series-4-gold');
const anyWatch = or(watches, smartwatch);
const bags = cat('Womens Bags');
// A purse or handbag: every bag but the backpack (a designer bag and a leather bag are handbags).
const handbags = and(bags, not(named(/backpack/)));
const shoes = cat('Mens Shoes', 'Womens Shoes');
const sneakers = and(shoes, says(/sneaker|trainer/));
// The catalog's Tops are all dresses; Womens Dresses also holds two corset-and-skirt sets and a suit.
const dresses = slugs(
  'blue-frock',
  'girl-summer-dress',
  'gray-dress',
  'short-frock',
  'tartan-dress',
  'dress-pea',
  'black-women-s-gown',
);
const womensClothes = cat('Tops', 'Womens Dresses');
const shirts = cat('Mens Shirts');
const motorcycles = cat('Motorcycle');
const vehicles = cat('Vehicle');
const earrings = cat('Womens Jewellery');
const sunglasses = and(cat('Sunglasses'), says(/\bsunglasses\b/));
const iphones = and(phones, named(/iphone/));
const galaxy = named(/\bgalaxy\b/);
const rolex = brand('Rolex');
const earphones = slugs('apple-airpods', 'beats-flex-wireless-earphones');
const strainers = slugs('fine-mesh-strainer', 'kitchen-sieve');

const RULES: Record<Kind, Rule[]> = {
  'exact name': [
    ['Essence Mascara Lash Princess', slugs('essence-mascara-lash-princess'), beauty],
    ['iphone 13 pro', slugs('iphone-13-pro'), iphones],
    ['samsung galaxy s10', slugs('samsung-galaxy-s10'), and(phones, galaxy)],
    ['Apple MacBook Pro 14 Inch Space Grey', slugs('apple-macbook-pro-14-inch-space-grey'), laptops],
    ['rolex submariner', slugs('rolex-submariner-watch'), rolex],
    ["Dior J'adore", slugs('dior-j-adore'), fragrances],
    ['Annibale Colombo Sofa', slugs('annibale-colombo-sofa'), slugs('annibale-colombo-bed')],
    ['dog food', slugs('dog-food'), slugs('cat-food')],
    ['Knoll Saarinen Executive Conference Chair', slugs('knoll-saarinen-executive-conference-chair')],
    ['amazon echo plus', slugs('amazon-echo-plus'), slugs('apple-homepod-mini-cosmic-grey')],
    [
      'Nike Air Jordan 1 Red And Black',
      slugs('nike-air-jordan-1-red-and-black'),
      or(sneakers, brand('Nike')),
    ],
    ['oppo f19 pro+', slugs('oppo-f19-pro'), brand('Oppo')],
    ['Bedside Table African Cherry', slugs('bedside-table-african-cherry')],
  ],
  'brand + type': [
    ['apple laptop', and(laptops, brand('Apple')), laptops],
    ['samsung phone', and(phones, brand('Samsung')), phones],
    ['nike shoes', and(shoes, brand('Nike')), shoes],
    ['rolex watch', rolex, anyWatch],
    // Gucci sells a perfume here, no bag: the bags are what is related.
    ['gucci bag', none, bags],
    ['samsung tablet', and(tablets, brand('Samsung')), tablets],
    ['apple headphones', slugs('apple-airpods', 'apple-airpods-max-silver'), earphones],
    ['calvin klein perfume', slugs('calvin-klein-ck-one'), fragrances],
    ['chanel perfume', slugs('chanel-coco-noir-eau-de'), fragrances],
    ['calvin klein heels', slugs('calvin-klein-heel-shoes'), cat('Womens Shoes')],
    ['puma sneakers', and(shoes, brand('Puma')), sneakers],
    ['kawasaki motorcycle', slugs('kawasaki-z800'), motorcycles],
    ['dodge car', and(vehicles, brand('Dodge')), vehicles],
    ['oppo phone', and(phones, brand('Oppo')), phones],
    ['prada handbag', slugs('prada-women-bag'), bags],
    [
      'apple charger',
      slugs('apple-iphone-charger', 'apple-airpower-wireless-charger'),
      slugs('apple-magsafe-battery-pack'),
    ],
    ['amazon speaker', slugs('amazon-echo-plus'), slugs('apple-homepod-mini-cosmic-grey')],
  ],
  'category word': [
    ['sunglasses', sunglasses, slugs('party-glasses')],
    ['laptop', laptops],
    ['perfume', fragrances],
    ['dress', dresses, womensClothes],
    ['smartphones', phones],
    ['groceries', cat('Groceries')],
    ['furniture', cat('Furniture')],
    ['motorcycles', motorcycles],
    ['watch', anyWatch],
    ['tablet', tablets, slugs('lenovo-yoga-920')],
    ['skin care', skinCare],
    ['shirts', shirts],
    ['jewellery', earrings],
  ],
  'type + attribute': [
    ['leather bag', slugs('heshe-women-s-leather-bag'), bags],
    ['red shoes', and(shoes, says(/\bred\b/)), shoes],
    ['mens watch', cat('Mens Watches'), anyWatch],
    ['black handbag', slugs('women-handbag-black'), bags],
    ['gold watch', and(anyWatch, says(/\bgold/)), anyWatch],
    ['green earrings', and(earrings, named(/green/)), earrings],
    ['black dress', slugs('black-women-s-gown'), womensClothes],
    ['womens shoes', cat('Womens Shoes'), shoes],
    ['leather watch', slugs('brown-leather-belt-watch'), anyWatch],
    ['blue shirt', and(shirts, says(/\bblue\b/)), shirts],
    ['grey laptop', and(laptops, says(/\bgr[ae]y\b/)), laptops],
    ['white tablet', and(tablets, says(/\bwhite\b/)), tablets],
    ['black sunglasses', and(sunglasses, named(/black/)), cat('Sunglasses')],
    ['sports car', slugs('charger-sxt-rwd'), vehicles],
    ['girls dress', slugs('girl-summer-dress'), dresses],
  ],
  synonym: [
    ['cellphone', phones],
    ['mobile phone', phones],
    ['notebook', laptops],
    // Cologne is worn by men: the unisex CK One is it, the other (women's) fragrances are related.
    ['cologne', slugs('calvin-klein-ck-one'), fragrances],
    ['couch', slugs('annibale-colombo-sofa')],
    ['purse', handbags, bags],
    ['wristwatch', watches, smartwatch],
    ['automobile', vehicles],
    ['motorbike', motorcycles],
    ['nightstand', slugs('bedside-table-african-cherry')],
    ['skillet', slugs('pan'), slugs('carbon-steel-wok', 'silver-pot-with-glass-cap')],
    ['colander', strainers],
    ['silverware', slugs('fork', 'spoon', 'knife')],
    ['soda', slugs('soft-drinks'), slugs('juice', 'water')],
    ['sundress', slugs('girl-summer-dress'), dresses],
    ['jewelry', earrings],
    ['shower gel', slugs('olay-ultra-moisture-shea-butter-body-wash'), skinCare],
    ['capsicum', slugs('green-bell-pepper'), slugs('green-chili-pepper')],
  ],
  'one typo': [
    ['sunglases', sunglasses, slugs('party-glasses')],
    ['labtop', laptops],
    ['iphnoe', iphones, phones],
    ['pefume', fragrances],
    ['samsumg galaxy', galaxy],
    ['rolex submarnier', slugs('rolex-submariner-watch'), rolex],
    ['motorcyle', motorcycles],
    ['nail polsh', slugs('red-nail-polish'), beauty],
    ['wirless earphones', earphones, slugs('apple-airpods-max-silver')],
    ['lipstik', slugs('red-lipstick'), beauty],
    ['sneekers', sneakers, shoes],
    ['blendr', slugs('boxed-blender', 'hand-blender')],
    ['tennis rackett', slugs('tennis-racket'), slugs('tennis-ball')],
    ['handbga', handbags, bags],
    ['strawbery', slugs('strawberry')],
  ],
  'half-typed': [
    ['iphone 1', slugs('iphone-13-pro', 'iphone-12-silicone-case-with-magsafe-plum'), iphones],
    ['mac', slugs('apple-macbook-pro-14-inch-space-grey'), laptops],
    ['sunglas', sunglasses, slugs('party-glasses')],
    ['samsung gal', galaxy],
    ['rolex dat', and(rolex, named(/\bdate/)), rolex],
    ['nike air jor', slugs('nike-air-jordan-1-red-and-black'), brand('Nike')],
    ['apple airp', named(/\bairp/)],
    ['kitchen sie', slugs('kitchen-sieve'), strainers],
    ['cricket ba', slugs('cricket-ball', 'cricket-bat'), named(/cricket/)],
    ['electric sto', slugs('electric-stove')],
    ['protein pow', slugs('protein-powder')],
    ['womens wat', cat('Womens Watches'), anyWatch],
  ],
  absent: [
    ['lawn mower', none],
    ['guitar strings', none],
    ['printer ink', none],
    ['baby stroller', none],
    ['garden hose', none],
    ['vacuum cleaner', none],
    ['dog bed', none],
    ['qxjvbn', none],
  ],
};

/** A synonym's grade-2 products must not say any of its words (else it is not a synonym). */
function checkSynonyms(products: P[]) {
  for (const [q, two] of RULES.synonym) {
    const words = q.toLowerCase().split(/\s+/);
    for (const p of products.filter(two)) {
      const said = words.filter((w) => new RegExp(`\\b${w}(s|es)?\\b`).test(p.all));
      if (said.length) console.warn(`synonym "${q}": ${p.slug} says ${said.join(', ')}`);
    }
  }
}

/** The judged queries with their grades over the DummyJSON fixture's products. */
export function dummyjsonQueries(): Judged[] {
  const products = fixtureProducts(DUMMYJSON_FIXTURE);
  checkSynonyms(products);
  return judgeRules(products, RULES);
}
