import type { ClientBase } from 'pg';
import { ROOTS, SYNONYM_GROUPS, groups, isBranch, list, type LeafDef, type RootDef } from './catalog-data';
import { slugify } from './copy';

/** A brand as products reference it. */
export interface BrandInfo {
  id: number;
  name: string;
  /** Three letters for SKUs ("SON" for Sonara). */
  code: string;
}

/** One kind of product within a leaf (see `LeafDef`): its nouns and what is said about them. */
export interface KindInfo {
  nouns: string[];
  adjs: string[];
  features: string[];
  uses: string[];
  tags: string[];
  materials: string[];
  specs: [string, string[]][];
}

/** A leaf category with its parsed vocabulary, ready for the product factory. */
export interface LeafInfo {
  def: LeafDef;
  root: RootDef;
  categoryId: number;
  kinds: KindInfo[];
  pre: string[];
  colors: string[];
  weight: [number, number];
  brands: BrandInfo[];
}

export interface DiscountCodeInfo {
  id: number;
  code: string;
  kind: 'percentage' | 'fixed';
  /** Percent, or cents for fixed codes. */
  value: number;
  minSubtotalCents: number | null;
}

export interface Taxonomy {
  leaves: LeafInfo[];
  brands: BrandInfo[];
  categoryCount: number;
  discountCodes: DiscountCodeInfo[];
}

interface CategoryRow {
  parent: string | null;
  slug: string;
  name: string;
  description: string;
  sort: number;
  level: number;
}

function leafDescription(leaf: LeafDef): string {
  const uses = list(groups(leaf.u)[0]);
  return leaf.d ?? `${leaf.name} for ${uses.slice(0, 2).join(' and ')}.`;
}

/** Flattens the tree into rows (parents before children) and remembers which rows are leaves. */
function categoryRows(): { rows: CategoryRow[]; leaves: { slug: string; def: LeafDef; root: RootDef }[] } {
  const rows: CategoryRow[] = [];
  const leaves: { slug: string; def: LeafDef; root: RootDef }[] = [];
  ROOTS.forEach((root, ri) => {
    const rootSlug = slugify(root.name);
    rows.push({ parent: null, slug: rootSlug, name: root.name, description: root.d, sort: ri, level: 0 });
    root.children.forEach((child, ci) => {
      const childSlug = slugify(child.name);
      if (isBranch(child)) {
        const d = child.d ?? `${child.name}: ${child.children.map((g) => g.name).join(', ')}.`;
        rows.push({
          parent: rootSlug,
          slug: childSlug,
          name: child.name,
          description: d,
          sort: ci,
          level: 1,
        });
        child.children.forEach((g, gi) => {
          const slug = slugify(g.name);
          rows.push({
            parent: childSlug,
            slug,
            name: g.name,
            description: leafDescription(g),
            sort: gi,
            level: 2,
          });
          leaves.push({ slug, def: g, root });
        });
      } else {
        rows.push({
          parent: rootSlug,
          slug: childSlug,
          name: child.name,
          description: leafDescription(child),
          sort: ci,
          level: 1,
        });
        leaves.push({ slug: childSlug, def: child, root });
      }
    });
  });
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.slug)) throw new Error(`duplicate category slug in seed data: ${r.slug}`);
    seen.add(r.slug);
  }
  return { rows, leaves };
}

/** Splits a leaf's fields into aligned kind groups, rejecting data whose group counts disagree. */
function kinds(def: LeafDef, root: RootDef): KindInfo[] {
  const nounGroups = groups(def.n);
  const field = (name: string, value: string | undefined): (string | undefined)[] => {
    const g = groups(value);
    if (g.length > 1 && g.length !== nounGroups.length) {
      throw new Error(
        `seed data: ${def.name}.${name} has ${g.length} groups for ${nounGroups.length} noun groups`,
      );
    }
    return nounGroups.map((_, i) => (g.length > 1 ? g[i] : g[0]));
  };
  const [a, f, u, t, s, m] = [
    field('a', def.a),
    field('f', def.f),
    field('u', def.u),
    field('t', def.t),
    field('s', def.s),
    field('m', def.m ?? root.m),
  ];
  return nounGroups.map((n, i) => ({
    nouns: list(n),
    adjs: list(a[i]),
    features: list(f[i]),
    uses: list(u[i]),
    tags: list(t[i]),
    materials: list(m[i]),
    specs: parseSpecs(s[i]),
  }));
}

function parseSpecs(s: string | undefined): [string, string[]][] {
  if (!s?.trim()) return [];
  return s.split(';').map((pair) => {
    const [k, v] = pair.split('=') as [string, string | undefined];
    return [k.trim(), (v ?? '').split('/').map((x) => x.trim())];
  });
}

async function idsBySlug(client: ClientBase, table: 'categories' | 'brands', slugs: string[]) {
  const { rows } = await client.query<{ id: number; slug: string }>(
    `SELECT id, slug FROM ${table} WHERE slug = ANY($1::text[])`,
    [slugs],
  );
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/**
 * Writes the category tree, the brands, the search synonyms and a few discount codes. Existing
 * rows (same slug, term or code) are kept as they are, so running the seed again on a
 * non-empty database adds products without touching curated reference data.
 */
export async function seedTaxonomy(client: ClientBase): Promise<Taxonomy> {
  const { rows, leaves } = categoryRows();
  // Level by level, so each parent exists when its children look it up by slug.
  for (const level of [0, 1, 2]) {
    const rs = rows.filter((r) => r.level === level);
    await client.query(
      `INSERT INTO categories (parent_id, slug, name, description, sort_order)
       SELECT p.id, v.slug, v.name, v.description, v.sort
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS v(parent, slug, name, description, sort)
       LEFT JOIN categories p ON p.slug = v.parent
       ON CONFLICT (slug) DO NOTHING`,
      [
        rs.map((r) => r.parent),
        rs.map((r) => r.slug),
        rs.map((r) => r.name),
        rs.map((r) => r.description),
        rs.map((r) => r.sort),
      ],
    );
  }
  const categoryIds = await idsBySlug(
    client,
    'categories',
    rows.map((r) => r.slug),
  );

  const brandRoots = new Map<string, RootDef[]>();
  for (const root of ROOTS) {
    for (const name of list(root.brands)) brandRoots.set(name, [...(brandRoots.get(name) ?? []), root]);
  }
  const brandNames = [...brandRoots.keys()];
  const brandSlugs = brandNames.map(slugify);
  await client.query(
    `INSERT INTO brands (slug, name, description, logo_url)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (slug) DO NOTHING`,
    [
      brandSlugs,
      brandNames,
      brandNames.map((n) => {
        const roots = (brandRoots.get(n) ?? []).map((r) => r.name.toLowerCase());
        return `${n} designs and makes ${roots.join(' and ')} products.`;
      }),
      brandSlugs.map((s) => `https://picsum.photos/seed/brand-${s}/200/200`),
    ],
  );
  const brandIds = await idsBySlug(client, 'brands', brandSlugs);
  const brands: BrandInfo[] = brandNames.map((name, i) => ({
    id: brandIds.get(brandSlugs[i] as string) as number,
    name,
    code: (brandSlugs[i] as string).replace(/-/g, '').slice(0, 3).toUpperCase(),
  }));
  const brandByName = new Map(brands.map((b) => [b.name, b]));

  const leafInfos: LeafInfo[] = leaves.map(({ slug, def, root }) => ({
    def,
    root,
    categoryId: categoryIds.get(slug) as number,
    kinds: kinds(def, root),
    pre: list(def.pre),
    colors: list(root.c),
    weight: def.w ?? root.w,
    brands: list(root.brands).map((n) => brandByName.get(n) as BrandInfo),
  }));

  await seedSynonyms(client);
  const discountCodes = await seedDiscountCodes(client);
  return { leaves: leafInfos, brands, categoryCount: rows.length, discountCodes };
}

/** One rule per group (first term → the others): the search module reads rules both ways. */
async function seedSynonyms(client: ClientBase): Promise<void> {
  const groups = SYNONYM_GROUPS.map(list);
  await client.query(
    `INSERT INTO search_synonyms (term, synonyms)
     SELECT g->>0, ARRAY(SELECT jsonb_array_elements_text(g - 0)) FROM jsonb_array_elements($1::jsonb) AS g
     ON CONFLICT (term) DO NOTHING`,
    [JSON.stringify(groups)],
  );
}

const DISCOUNT_CODES = [
  { code: 'WELCOME10', description: '10% off your first order', kind: 'percentage', value: 10, min: null },
  { code: 'SPRING15', description: '15% off seasonal favourites', kind: 'percentage', value: 15, min: 40 },
  { code: 'SAVE20', description: '$20 off orders over $100', kind: 'fixed', value: 20, min: 100 },
  { code: 'VIP25', description: '25% off for loyal customers', kind: 'percentage', value: 25, min: 150 },
  { code: 'FREESHIP5', description: '$5 off shipping costs', kind: 'fixed', value: 5, min: null },
] as const;

async function seedDiscountCodes(client: ClientBase): Promise<DiscountCodeInfo[]> {
  await client.query(
    `INSERT INTO discount_codes (code, description, kind, value, min_subtotal)
     SELECT c, d, k::discount_kind, v, m FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[]) AS t(c, d, k, v, m)
     ON CONFLICT (code) DO NOTHING`,
    [
      DISCOUNT_CODES.map((c) => c.code),
      DISCOUNT_CODES.map((c) => c.description),
      DISCOUNT_CODES.map((c) => c.kind),
      DISCOUNT_CODES.map((c) => c.value),
      DISCOUNT_CODES.map((c) => c.min),
    ],
  );
  const { rows } = await client.query<{
    id: number;
    code: string;
    kind: 'percentage' | 'fixed';
    value: string;
    min: string | null;
  }>(
    `SELECT id, code::text, kind::text, value::text, min_subtotal::text AS min FROM discount_codes
     WHERE code = ANY($1::citext[]) AND is_active ORDER BY id`,
    [DISCOUNT_CODES.map((c) => c.code)],
  );
  const cents = (v: string) => Math.round(Number(v) * 100);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    kind: r.kind,
    value: r.kind === 'percentage' ? Number(r.value) : cents(r.value),
    minSubtotalCents: r.min === null ? null : cents(r.min),
  }));
}
