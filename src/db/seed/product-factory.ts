import { MARKETPLACES } from './catalog-data';
import { slugify } from './copy';
import { description, images, productWords, shortDescription, specifications, tagsFor } from './product-text';
import { type Rng, WeightedSampler } from './rng';
import type { LeafInfo } from './seed-taxonomy';

export const DAY_MS = 86_400_000;

/** What order and review planning needs of a variant. */
export interface VariantRef {
  id: number;
  sku: string;
  name: string;
  /** Overrides the product price when set. */
  priceCents: number | null;
  isActive: boolean;
}

/**
 * What order and review planning needs of a product. Planning adds to the counters, which the
 * catalog writer then stores, so sold_count and ratings agree with the seeded orders and reviews.
 */
export interface ProductRef {
  id: number;
  name: string;
  noun: string;
  priceCents: number;
  saleCents: number | null;
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
  createdAt: Date;
  popularity: number;
  /** Mean star rating reviewers tend to give. */
  quality: number;
  variants: VariantRef[];
  soldCount: number;
  ratingSum: number;
  ratingCount: number;
}

export interface VariantPlan extends VariantRef {
  attributes: Record<string, string>;
  stockOnHand: number;
  position: number;
}

export interface ProductPlan extends ProductRef {
  slug: string;
  sku: string;
  description: string;
  shortDescription: string;
  brandId: number;
  categoryId: number;
  compareAtCents: number | null;
  status: 'active' | 'draft' | 'archived';
  featured: boolean;
  specifications: Record<string, string | number>;
  weightGrams: number;
  dimensions: { lengthCm: number; widthCm: number; heightCm: number };
  warranty: string;
  returnPolicy: string;
  marketplace: string | null;
  externalId: string | null;
  externalUrl: string | null;
  scrapedAt: Date | null;
  updatedAt: Date;
  images: { url: string; alt: string }[];
  tags: string[];
  variants: VariantPlan[];
}

/** Shop-style price endings: 7.99, 49.95, 349.99, 1299.00. */
export function charm(r: Rng, usd: number): number {
  if (usd < 10) return Math.max(1, Math.floor(usd)) * 100 - 1;
  if (usd < 100) {
    const whole = Math.round(usd);
    const x = r.next();
    return x < 0.75 ? whole * 100 - 1 : x < 0.9 ? whole * 100 - 5 : whole * 100;
  }
  const step = usd < 1000 ? 10 : 50;
  const whole = Math.round(usd / step) * step;
  return r.chance(0.85) ? whole * 100 - 1 : whole * 100;
}

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOE_SIZES = ['6', '7', '8', '9', '10', '11', '12', '13'];
const CAPACITIES = ['128 GB', '256 GB', '512 GB', '1 TB', '2 TB'];
const FORMATS: [string, number][] = [
  ['Hardcover', 1],
  ['Paperback', 0.62],
  ['eBook', 0.45],
  ['Audiobook', 0.85],
];

function run<T>(r: Rng, items: readonly T[], min: number, max: number): T[] {
  const len = Math.min(items.length, r.int(min, max));
  const start = r.int(0, items.length - len);
  return items.slice(start, start + len);
}

interface VariantSpec {
  attributes: Record<string, string>;
  /** Price multiplier relative to the product price (1 = inherit). */
  factor: number;
}

/** The variant axes of a leaf's products, at most six combinations. */
function variantSpecs(r: Rng, leaf: LeafInfo, colors: string[], material: string): VariantSpec[] {
  const kind = leaf.def.v;
  const combos = (sizes: string[], key: string, factors?: number[]): VariantSpec[] => {
    const out: VariantSpec[] = [];
    for (const color of colors)
      sizes.forEach((size, i) =>
        out.push({ attributes: { [key]: size, color, material }, factor: factors?.[i] ?? 1 }),
      );
    return out.slice(0, 6);
  };
  if (kind === 'single') return [{ attributes: { color: colors[0] as string, material }, factor: 1 }];
  if (kind === 'color') return colors.map((color) => ({ attributes: { color, material }, factor: 1 }));
  if (kind === 'apparel') return combos(run(r, APPAREL_SIZES, 2, 5), 'size');
  if (kind === 'shoe') return combos(run(r, SHOE_SIZES, 3, 6), 'size');
  if (kind === 'storage') {
    const caps = run(r, CAPACITIES, 1, 3);
    return combos(caps, 'capacity', [1, 1.18, 1.42]);
  }
  if (kind === 'format') {
    const formats = FORMATS.filter((f, i) => i === 0 || r.chance(0.55));
    return formats.map(([format, factor]) => ({ attributes: { format }, factor }));
  }
  const sizes = run(r, kind.slice('sized:'.length).split('|'), 1, 4);
  const withColor = r.chance(0.3);
  return sizes.map((size, i): VariantSpec => ({
    attributes: withColor ? { size, color: colors[0] as string, material } : { size, material },
    factor: 1 + 0.35 * i,
  }));
}

function variantName(attributes: Record<string, string>): string {
  const { material: _material, ...shown } = attributes;
  const parts = Object.values(shown);
  return parts.length > 0 ? parts.join(' / ') : 'Default';
}

export interface ProductFactoryInput {
  rng: Rng;
  leaves: LeafInfo[];
  count: number;
  firstId: number;
  /** Start of the seed's "today" (UTC midnight), so one day's runs agree. */
  base: number;
}

/** Plans `count` products; variant ids are assigned afterwards (see `assignVariantIds`). */
export function planProducts({ rng: r, leaves, count, firstId, base }: ProductFactoryInput): ProductPlan[] {
  const leafSampler = new WeightedSampler(leaves, (l) => l.def.share ?? 1);
  const out: ProductPlan[] = [];
  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const leaf = leafSampler.draw(r);
    const brand = r.pick(leaf.brands);
    const kind = r.pick(leaf.kinds);
    const w = productWords(r, leaf, kind, brand);
    const material = r.pick(kind.materials);
    const colors = r.sample(leaf.colors, leaf.def.v === 'color' ? r.int(1, 4) : r.int(1, 2));
    const specs = variantSpecs(r, leaf, colors, material);
    const priceCents = charm(r, r.logUniform(leaf.def.p[0], leaf.def.p[1]));
    const sku = `${brand.code}-${String(id).padStart(6, '0')}`;
    const variants: VariantPlan[] = specs.map((s, j) => ({
      id: 0,
      sku: `${sku}-${String(j + 1).padStart(2, '0')}`,
      name: variantName(s.attributes),
      attributes: s.attributes,
      priceCents: s.factor === 1 ? null : charm(r, (priceCents / 100) * s.factor),
      stockOnHand: r.chance(0.07) ? 0 : Math.round(r.logUniform(1, 300)),
      isActive: j === 0 || r.chance(0.97),
      position: j,
    }));

    const statusRoll = r.next();
    const status = statusRoll < 0.91 ? 'active' : statusRoll < 0.97 ? 'draft' : 'archived';
    if (status === 'archived') for (const v of variants) v.stockOnHand = 0;
    // Variants with their own prices never go on sale: "which price does the sale replace?" has no good answer.
    const sale =
      variants.every((v) => v.priceCents === null) && r.chance(0.14) ? saleWindow(r, base, priceCents) : null;
    const compareAtCents = r.chance(0.22) ? charm(r, (priceCents / 100) * r.float(1.1, 1.6)) : null;
    const createdAt = new Date(
      r.chance(0.15) ? base - r.float(0.1, 90) * DAY_MS : base - r.float(30, 1095) * DAY_MS,
    );
    const weightGrams = Math.round(r.logUniform(leaf.weight[0], leaf.weight[1]));
    const edge = Math.cbrt(weightGrams) * r.float(1.2, 2.2);
    const formats = specs.map((s) => s.attributes.format).filter((f): f is string => !!f);
    const market = r.chance(0.02) ? r.pick(MARKETPLACES) : null;
    const externalId = market ? marketplaceId(market, id) : null;

    out.push({
      id,
      slug: `${slugify(w.name)}-${id}`,
      sku,
      name: w.name,
      noun: w.noun,
      description: description(r, leaf, kind, brand, w, material, colors, formats),
      shortDescription: shortDescription(leaf, w, r.pick(kind.features)),
      brandId: brand.id,
      categoryId: leaf.categoryId,
      priceCents,
      compareAtCents: compareAtCents !== null && compareAtCents > priceCents ? compareAtCents : null,
      saleCents: sale?.cents ?? null,
      saleStartsAt: sale?.startsAt ?? null,
      saleEndsAt: sale?.endsAt ?? null,
      status,
      featured: status === 'active' && r.chance(0.033),
      specifications: specifications(r, leaf, kind, brand, w, colors[0] as string, material),
      weightGrams,
      dimensions: {
        lengthCm: Math.round(edge * r.float(1, 1.8)),
        widthCm: Math.round(edge * r.float(0.6, 1.2)),
        heightCm: Math.max(1, Math.round(edge * r.float(0.2, 1))),
      },
      warranty: leaf.root.warranty,
      returnPolicy: leaf.root.returns,
      marketplace: market,
      externalId,
      externalUrl: market ? marketplaceUrl(market, externalId as string) : null,
      scrapedAt: market ? new Date(base - r.float(0, 30) * DAY_MS) : null,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + r.next() * (base - createdAt.getTime())),
      images: images(id, w.name, r.int(1, 4)),
      tags: tagsFor(r, leaf, kind, colors[0] as string, material, sale !== null),
      variants,
      popularity: r.next() ** 2.5 + 0.002,
      quality: r.float(3.1, 4.9),
      soldCount: 0,
      ratingSum: 0,
      ratingCount: 0,
    });
  }
  for (const p of out) if (p.featured) p.popularity *= 4;
  return out;
}

/** Mostly running now; some open-ended, upcoming or already over, as in a real shop. */
function saleWindow(r: Rng, base: number, priceCents: number) {
  const cents = Math.min(priceCents - 1, charm(r, (priceCents / 100) * r.float(0.6, 0.9)));
  if (cents <= 0) return null;
  const x = r.next();
  if (x < 0.1) return { cents, startsAt: null, endsAt: null };
  const startsAt =
    x < 0.7
      ? base - r.float(1, 20) * DAY_MS
      : x < 0.85
        ? base + r.float(1, 10) * DAY_MS
        : base - r.float(30, 60) * DAY_MS;
  const endsAt =
    x < 0.85 ? Math.max(startsAt, base) + r.float(2, 30) * DAY_MS : base - r.float(1, 10) * DAY_MS;
  return { cents, startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
}

function marketplaceId(market: (typeof MARKETPLACES)[number], id: number): string {
  if (market === 'amazon') return `B0${id.toString(36).toUpperCase().padStart(8, '0')}`;
  if (market === 'ebay') return String(100_000_000_000 + id);
  if (market === 'walmart') return String(10_000_000 + id);
  return String(1_000_000_000 + id);
}

function marketplaceUrl(market: (typeof MARKETPLACES)[number], externalId: string): string {
  const path = { amazon: 'dp', ebay: 'itm', walmart: 'ip', etsy: 'listing' }[market];
  const host = market === 'etsy' ? 'www.etsy.com' : `www.${market}.com`;
  return `https://${host}/${path}/${externalId}`;
}

/** Gives variants consecutive ids from a reserved block; returns how many were numbered. */
export function assignVariantIds(products: ProductPlan[], firstId: number): number {
  let next = firstId;
  for (const p of products) for (const v of p.variants) v.id = next++;
  return next - firstId;
}

export function countVariants(products: ProductPlan[]): number {
  return products.reduce((n, p) => n + p.variants.length, 0);
}

/** The price a customer paid at `at`: the variant's own price, else the sale price inside its window. */
export function unitPriceAt(p: ProductRef, v: VariantRef, at: number): number {
  if (v.priceCents !== null) return v.priceCents;
  if (p.saleCents === null) return p.priceCents;
  const started = p.saleStartsAt === null || p.saleStartsAt.getTime() <= at;
  const notEnded = p.saleEndsAt === null || at < p.saleEndsAt.getTime();
  return started && notEnded ? p.saleCents : p.priceCents;
}
