/**
 * Writes test/fixtures/relevance/commercetools-catalog.jsonl (the import format of
 * docs/catalog-import.md) from commercetools' public sample data (MIT, see
 * test/fixtures/relevance/LICENSE-commercetools): the B2C lifestyle shop (furniture, home decor,
 * kitchen and bar) and the fashion shop of the npm package
 * @commercetools/composable-commerce-test-data-sample-presets@1.1.0.
 *
 * The package's presets are builder chains; this reads their source text (en-US values) instead of
 * running them, so the package needs no install:
 *   npm pack @commercetools/composable-commerce-test-data-sample-presets@1.1.0
 *   tar xzf commercetools-*.tgz
 *   node bench/relevance/fixture-from-commercetools.cjs package/dist
 * Mapping: en-US name, description and prices (USD); the deepest merchandising-free category
 * path; the colour and finish attributes meant for search (search-color, color-label,
 * finish-label) as tags and variant attributes.
 */
const fs = require('node:fs');
const path = require('node:path');

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node bench/relevance/fixture-from-commercetools.cjs <package/dist>');
  process.exit(2);
}
const OUT = path.resolve(__dirname, '../../test/fixtures/relevance/commercetools-catalog.jsonl');
const SHOPS = ['sample-data-b2c-lifestyle', 'sample-data-fashion'];
/** Merchandising categories (collections, promotions) say nothing about what a product is. */
const MERCHANDISING =
  /^(collections|new-arrivals|the-minimalist|the-modernist|the-traditionalist|sale|.*-sale)$/;

const read = (f) => fs.readFileSync(f, 'utf8');
const enUS = (src, field) => {
  const m = new RegExp(
    `\\.${field}\\(commons_1\\.LocalizedStringDraft\\.presets\\s*\\.empty\\(\\)([^;]*?)\\)\\s*\\n`,
    's',
  ).exec(src);
  const v = m && /\['en-US'\]\((['"])((?:\\.|(?!\1).)*)\1\)/s.exec(m[1]);
  return v ? v[2].replace(/\\(['"])/g, '$1') : null;
};

function categories(shop) {
  const dir = path.join(dist, 'category', shop);
  const out = new Map();
  for (const f of fs.readdirSync(dir).filter((f) => f !== 'index.js')) {
    const src = read(path.join(dir, f));
    const key = /\.key\('([^']+)'\)/.exec(src)?.[1];
    const parentVar =
      /\.parent\(commons_1\.KeyReferenceDraft\.presets\.category\(\)\.key\((\w+)\.key\)\)/.exec(src)?.[1];
    const parentFile =
      parentVar && new RegExp(`const ${parentVar} = \\(0, (\\w+)\\.default\\)`).exec(src)?.[1];
    const parentKey =
      parentFile &&
      new RegExp(`const ${parentFile} = __importDefault\\(require\\("\\./([^"]+)"\\)\\)`).exec(src)?.[1];
    out.set(key, { name: enUS(src, 'name'), parent: parentKey ?? null });
  }
  return out;
}

function variant(shop, presetName) {
  const dir = path.join(dist, 'product', 'product-variant', shop);
  for (const f of fs.readdirSync(dir).filter((f) => f !== 'index.js')) {
    const src = read(path.join(dir, f));
    if (!src.includes(`const ${presetName} = `)) continue;
    const attrs = {};
    for (const m of src.matchAll(/AttributeDraft\.random\(\)\.name\('([^']+)'\)\.value\(([^)]*)\)/gs)) {
      const us = /'en-US': (['"])(.*?)\1/.exec(m[2]) ?? /label: (['"])(.*?)\1/.exec(m[2]);
      attrs[m[1]] = us ? us[2] : m[2].trim().replace(/^['"]|['"]$/g, '');
    }
    // USD where the shop has it (lifestyle), else its first currency (fashion sells in EUR).
    const price = /key\('(\d+)USD'\)/.exec(src) ?? /key\('(\d+)([A-Z]{3})'\)/.exec(src);
    return {
      sku: /\.sku\('([^']+)'\)/.exec(src)?.[1] ?? presetName,
      usd: price ? Number(price[1]) / 100 : null,
      currency: price?.[2] ?? 'USD',
      attrs,
    };
  }
  throw new Error(`variant ${presetName} not found in ${shop}`);
}

const lines = [];
for (const shop of SHOPS) {
  const cats = categories(shop);
  const pathOf = (key) => {
    const names = [];
    for (let k = key; k; k = cats.get(k)?.parent) names.unshift(cats.get(k).name);
    return names;
  };
  const dir = path.join(dist, 'product', 'product', shop);
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => f !== 'index.js')
    .sort()) {
    const src = read(path.join(dir, f));
    const catKeys = [...src.matchAll(/const \w+Draft = category_1\.CategoryDraftPresets\.\w+\s*\.(\w+)\(\)/g)]
      .map((m) => m[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))
      .filter((k) => cats.has(k) && !MERCHANDISING.test(k));
    const deepest = catKeys.sort((a, b) => pathOf(b).length - pathOf(a).length)[0];
    const variants = [...src.matchAll(/ProductVariantDraftPresets\.\w+\.(\w+)\(\)/g)].map((m) =>
      variant(shop, m[1]),
    );
    const master = variants.find((v) => v.usd !== null);
    if (!master) {
      console.warn(`skipped ${f}: no price`);
      continue;
    }
    const colours = [
      ...new Set(
        variants
          .flatMap((v) => [
            v.attrs['search-color'],
            v.attrs['color-label'],
            v.attrs['search-finish'],
            v.attrs['finish-label'],
          ])
          .filter(Boolean)
          .map((c) => c.toLowerCase()),
      ),
    ];
    lines.push(
      JSON.stringify({
        sku: master.sku,
        slug: /\['en-US'\]\('([a-z0-9-]+)'\)/.exec(src.slice(src.indexOf('.slug(')))[1],
        name: enUS(src, 'name'),
        description: enUS(src, 'description'),
        price: master.usd.toFixed(2),
        currency: master.currency,
        category: deepest ? pathOf(deepest).join(' > ') : undefined,
        tags: colours,
        variants: variants.map((v) => ({
          sku: v.sku,
          name:
            [v.attrs['color-label'], v.attrs['finish-label'], v.attrs.size].filter(Boolean).join(' / ') ||
            v.sku,
          attributes: Object.fromEntries(
            [
              ['color', v.attrs['color-label']],
              ['finish', v.attrs['finish-label']],
              ['size', v.attrs.size],
            ].filter(([, x]) => x),
          ),
          price: v.usd === null ? undefined : v.usd.toFixed(2),
          stock: 10,
        })),
      }),
    );
  }
}
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, lines.join('\n') + '\n');
console.log(`${lines.length} products written to ${path.relative(process.cwd(), OUT)}`);
