/**
 * Catalog tools: search (the storefront search service with filters), details, compare, and
 * the return/warranty policy. Every product they return is quoted from the database.
 */
import { z } from 'zod';
import { searchProducts } from '../../catalog/search/search.service';
import type { ProductSortValue } from '../../catalog/catalog.types';
import type { ProductListFilter } from '../../catalog/product-filter';
import { getLexicon } from '../understanding/lexicon.loader';
import { formatMoney, quoteProducts } from './quote';
import { rankForCustomer, type Fit } from './preferences';
import { productRefParameters, productRefShape, resolvePosition, resolveProduct } from './refs';
import { rememberList, type QuotedProduct, type ToolDef, type ToolScope } from './tool-types';

const SORTS = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'RATING', 'BEST_SELLING'] as const;
const decimal = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/);
/** Candidates read from search before colour/size fit and stock reorder them. */
const CANDIDATES = 40;

const searchArgs = z.object({
  query: z.string().max(200).optional().nullable(),
  category: z.string().max(120).optional().nullable(),
  brand: z.string().max(120).optional().nullable(),
  minPrice: decimal.optional().nullable(),
  maxPrice: decimal.optional().nullable(),
  color: z.string().max(40).optional().nullable(),
  size: z.string().max(40).optional().nullable(),
  sort: z.enum(SORTS).optional().nullable(),
  onSale: z.boolean().optional().nullable(),
  limit: z.number().int().min(1).max(10).optional().nullable(),
});
export type SearchToolArgs = z.infer<typeof searchArgs>;

const productRef = z.object(productRefShape);

/**
 * A category or brand id from what a tool argument says (slug or name): from the cached lexicon,
 * else (created since it was built) from the database; -1 when none has that name.
 */
async function ids(scope: ToolScope, sql: 'category' | 'brand', value: string): Promise<number> {
  const v = value.trim().toLowerCase();
  const lexicon = await getLexicon(scope.ctx.prisma);
  const known = (sql === 'category' ? lexicon.categoryIdByKey : lexicon.brandIdByKey).get(v);
  if (known != null) return known;
  const rows =
    sql === 'category'
      ? await scope.ctx.prisma.$queryRaw<
          { id: number }[]
        >`SELECT id FROM categories WHERE slug = ${v} OR lower(name) = ${v} LIMIT 1`
      : await scope.ctx.prisma.$queryRaw<
          { id: number }[]
        >`SELECT id FROM brands WHERE lower(name) = ${v} OR slug = ${v} LIMIT 1`;
  return rows[0]?.id ?? -1;
}

/** Fewer word matches than this inside a category or brand: the category's other products follow. */
const FEW = 3;
const hasCatalogFilter = (f: ProductListFilter) => f.categoryId != null || f.brandIds != null;

/**
 * The search, relaxed step by step when the words find nothing (or, inside a category or brand,
 * fewer than FEW products): all words, any word, no words; what an earlier step found comes first.
 */
async function candidates(
  scope: ToolScope,
  words: string[],
  filter: ProductListFilter,
  sort: ProductSortValue,
): Promise<number[]> {
  const attempts = words.length === 0 ? [''] : [words.join(' '), words.join(' or '), ''];
  const hasFilter =
    filter.categoryId != null ||
    filter.brandIds != null ||
    filter.minPrice != null ||
    filter.maxPrice != null;
  const found: number[] = [];
  for (const query of attempts) {
    if (query === '' && words.length > 0 && !hasFilter) break;
    const result = await searchProducts(scope.ctx, {
      query,
      filter,
      sort,
      first: CANDIDATES,
      want: { facets: false, highlight: false },
    });
    // Only what the words match: the assistant relaxes on its own terms (below), and says why.
    for (const e of result.edges) if (!e.related && !found.includes(e.node.id)) found.push(e.node.id);
    // Words that narrow a category or brand to one or two products ("bar stuff for a party"):
    // the rest of it follows, after them.
    if (found.length >= FEW || (found.length > 0 && !hasCatalogFilter(filter))) return found;
  }
  return found;
}

export const searchProductsTool: ToolDef<typeof searchArgs> = {
  name: 'search_products',
  description:
    'Search the catalog. Filters are exact: category (slug), brand (name), minPrice/maxPrice (what the shopper pays now), color, size. Returns products with their current price and stock.',
  args: searchArgs,
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Descriptive words, e.g. "waterproof hiking"' },
      category: { type: 'string', description: 'Category slug' },
      brand: { type: 'string' },
      minPrice: { type: 'string', description: 'Decimal, e.g. "100"' },
      maxPrice: { type: 'string', description: 'Decimal, e.g. "120"' },
      color: { type: 'string' },
      size: { type: 'string' },
      sort: { type: 'string', enum: [...SORTS] },
      onSale: { type: 'boolean', description: 'Only products on sale now' },
      limit: { type: 'integer', minimum: 1, maximum: 10 },
    },
    additionalProperties: false,
  },
  async run(scope, args) {
    const filter: ProductListFilter = {
      categoryId: args.category ? await ids(scope, 'category', args.category) : null,
      brandIds: args.brand ? [await ids(scope, 'brand', args.brand)] : null,
      minPrice: args.minPrice ?? null,
      maxPrice: args.maxPrice ?? null,
      onSale: args.onSale ? true : null,
    };
    const words = (args.query ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
    const found = await candidates(scope, words, filter, args.sort ?? 'RELEVANCE');
    const quoted = await quoteProducts(scope.ctx.prisma, found, {
      color: args.color ?? null,
      size: args.size ?? null,
    });
    // Fitting products first, in stock before out of stock; search order otherwise.
    const fitting = quoted.filter((q) => q.fits);
    const ranked = [...fitting.filter((q) => q.stock > 0), ...fitting.filter((q) => q.stock <= 0)];
    const prefs = scope.preferences ? await scope.preferences() : null;
    const personal = prefs
      ? await rankForCustomer(scope.ctx.prisma, ranked, prefs, {
          brand: !!args.brand,
          size: !!args.size,
          price: !!(args.minPrice || args.maxPrice),
          category: !!args.category,
        })
      : null;
    const products = (personal?.products ?? ranked).slice(0, args.limit ?? 5).map(({ fits: _f, ...p }) => ({
      ...p,
      reason: personal ? reasonOf(personal.fits.get(p.productId)) : null,
    }));
    const shownFits = products.map((p) => personal?.fits.get(p.productId)).filter((f) => f !== undefined);
    const used = (k: keyof Fit) => shownFits.some((f) => f[k]);
    // Said in the reply: which of the customer's preferences ordered these results, and where they come from.
    const plain = ranked.slice(0, args.limit ?? 5).map((p) => p.productId);
    const reordered = products.some((p, i) => p.productId !== plain[i]);
    const personalized =
      prefs && reordered
        ? {
            from: prefs.sources,
            brands: used('brand') ? prefs.brands.filter((b) => products.some((p) => p.brand === b)) : [],
            sizes: used('size') ? prefs.sizes : [],
            priceBand:
              used('price') && prefs.minPrice && prefs.maxPrice ? [prefs.minPrice, prefs.maxPrice] : null,
          }
        : null;
    // A search that finds nothing leaves the list on screen as it was ("the second one" still works).
    if (products.length > 0) {
      rememberList(scope.memory, products);
      scope.memory.lastSearch = { ...args };
      scope.memory.focus = null;
    }
    return {
      summary: `${products.length} of ${fitting.length} matching products${personalized ? ', ranked for the customer' : ''}`,
      products,
      data: {
        count: products.length,
        products: products.map(brief),
        personalized,
        // The price limits applied, as amounts: a reply may name them ("beds under $1000") even
        // when the shopper stated them in an earlier message.
        priceLimits: {
          min: args.minPrice ? Number(args.minPrice).toFixed(2) : null,
          max: args.maxPrice ? Number(args.maxPrice).toFixed(2) : null,
        },
      },
    };
  },
};

export const productDetailsTool: ToolDef<typeof productRef> = {
  name: 'get_product_details',
  description:
    'Details of one product (by id, or by its position in the last results), with variants, stock, warranty and return policy.',
  args: productRef,
  parameters: refParameters(),
  async run(scope, args) {
    const p = await resolveProduct(scope, args);
    if (!p) return { summary: 'product not found', data: { found: false } };
    scope.memory.focus = p.productId;
    const extra = await scope.ctx.prisma.product.findUnique({
      where: { id: p.productId },
      select: {
        shortDescription: true,
        warranty: true,
        returnPolicy: true,
        variants: {
          where: { isActive: true },
          select: { id: true, name: true, stockOnHand: true, stockReserved: true },
          orderBy: { position: 'asc' },
          take: 20,
        },
      },
    });
    const variants = (extra?.variants ?? []).map((v) => ({
      id: v.id,
      name: v.name,
      stock: Math.max(0, v.stockOnHand - v.stockReserved),
    }));
    return {
      summary: `${p.name} ${formatMoney(p.price, p.currency)}, stock ${p.stock}`,
      products: [p],
      data: {
        ...brief(p),
        description: extra?.shortDescription ?? null,
        warranty: extra?.warranty ?? null,
        returnPolicy: extra?.returnPolicy ?? null,
        variants,
      },
    };
  },
};

const compareArgs = z.object({
  productIds: z.array(z.number().int().positive()).max(5).optional().nullable(),
  positions: z.array(z.number().int().min(-1).max(50)).max(5).optional().nullable(),
});

export const compareProductsTool: ToolDef<typeof compareArgs> = {
  name: 'compare_products',
  description:
    'Compare 2–5 products (ids, or positions in the last results; none: the last results) by price, stock and rating.',
  args: compareArgs,
  parameters: {
    type: 'object',
    properties: {
      productIds: { type: 'array', items: { type: 'integer' } },
      positions: { type: 'array', items: { type: 'integer' } },
    },
    additionalProperties: false,
  },
  async run(scope, args) {
    const chosen = args.productIds?.length
      ? args.productIds
      : args.positions?.length
        ? args.positions
            .map((position) => resolvePosition(scope, { position }))
            .filter((x): x is number => x != null)
        : scope.memory.lastResults.slice(0, 5);
    const unique = [...new Set(chosen)];
    const { lastResults, lastVariants } = scope.memory;
    const pins = unique.map((id) => lastVariants[lastResults.indexOf(id)] ?? null);
    const products = (await quoteProducts(scope.ctx.prisma, unique, undefined, pins)).map(
      ({ fits: _f, ...p }) => p,
    );
    if (products.length === 0) return { summary: 'nothing to compare', data: { products: [] } };
    // What was compared is the list on screen now: "the cheaper one" and "the second one" mean these.
    rememberList(scope.memory, products);
    const byPrice = [...products].sort((a, b) => Number(a.price) - Number(b.price));
    const cheapest = byPrice[0]!;
    const priciest = byPrice[byPrice.length - 1]!;
    // Rated highest only means something when a rating stands out (not all unrated or all equal).
    const ratings = products.map((p) => Number(p.rating));
    const topRated =
      Math.max(...ratings) > Math.min(...ratings)
        ? [...products].sort((a, b) => Number(b.rating) - Number(a.rating))[0]!
        : null;
    return {
      summary: `compared ${products.length}; cheapest ${cheapest.productId}`,
      products,
      data: {
        products: products.map(brief),
        cheapestId: cheapest.productId,
        mostExpensiveId: priciest.productId,
        topRatedId: topRated?.productId ?? null,
        priceDifference: centsToDecimal(toCents(priciest.price) - toCents(cheapest.price)),
      },
    };
  },
};

export const returnPolicyTool: ToolDef<typeof productRef> = {
  name: 'get_return_policy',
  description:
    'The return policy and warranty of a product (by id or position), or of the last product discussed.',
  args: productRef,
  parameters: refParameters(),
  async run(scope, args) {
    const id =
      (await resolveProduct(scope, args))?.productId ??
      resolvePosition(scope, args) ??
      scope.memory.lastResults[0] ??
      null;
    const p = id
      ? await scope.ctx.prisma.product.findFirst({
          where: { id, status: 'active' },
          select: { id: true, name: true, warranty: true, returnPolicy: true },
        })
      : null;
    if (!p) return { summary: 'no product in view', data: { product: null } };
    return {
      summary: `${p.name}: ${p.returnPolicy ?? 'no return policy listed'}; ${p.warranty ?? 'no warranty listed'}`,
      data: { productId: p.id, name: p.name, returnPolicy: p.returnPolicy, warranty: p.warranty },
    };
  },
};

function refParameters() {
  return { type: 'object', properties: productRefParameters, additionalProperties: false };
}

/** Why a product ranked where it did for this customer ("your brand, your size"), null when no preference counted. */
function reasonOf(f: Fit | undefined): string | null {
  if (!f) return null;
  const parts = [
    f.brand && 'a brand you buy',
    f.size && 'in your size',
    f.price && 'in your usual price range',
    f.category && 'a category you shop',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

export const brief = (p: QuotedProduct) => ({
  id: p.productId,
  name: p.name,
  brand: p.brand,
  price: p.price,
  currency: p.currency,
  stock: p.stock,
  rating: p.rating,
  variant: p.variantName,
  reason: p.reason,
});

export const toCents = (d: string) => {
  const [w, f = ''] = d.split('.');
  return Number(w) * 100 + Number((f + '00').slice(0, 2));
};
export const centsToDecimal = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
