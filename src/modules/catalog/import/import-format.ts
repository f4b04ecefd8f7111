/**
 * The catalog file formats (docs/catalog-import.md): JSON Lines, or CSV with a header line where
 * lists are `|`-separated and nested values (variants, specifications) are JSON in a cell.
 * Parsing and validation are pure so every rule has a table-driven test.
 */
import { slugify } from '../admin/admin-helpers';

export interface ImportVariant {
  sku: string;
  name: string;
  attributes: Record<string, unknown>;
  price: string | null;
  stock: number | null;
}

export interface ImportRow {
  line: number;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  shortDescription: string | null;
  price: string;
  compareAtPrice: string | null;
  salePrice: string | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  currency: string;
  status: 'draft' | 'active' | 'archived';
  featured: boolean;
  categoryPath: string[] | null;
  brand: string | null;
  /** null: leave the product's tags alone; []: remove them all. */
  tags: string[] | null;
  images: { url: string; altText: string | null }[] | null;
  variants: ImportVariant[] | null;
  specifications: Record<string, unknown>;
  weightGrams: number | null;
  marketplace: string | null;
  externalId: string | null;
  externalUrl: string | null;
  scrapedAt: string | null;
}

export interface ImportError {
  line: number;
  message: string;
}

/** A raw record with the line it starts on. */
export interface RawRecord {
  line: number;
  value: Record<string, unknown>;
}

export function parseJsonl(text: string): { records: RawRecord[]; errors: ImportError[] } {
  const records: RawRecord[] = [];
  const errors: ImportError[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (!l.trim()) return;
    try {
      const v: unknown = JSON.parse(l);
      if (v && typeof v === 'object' && !Array.isArray(v))
        records.push({ line: i + 1, value: v as Record<string, unknown> });
      else errors.push({ line: i + 1, message: 'not a JSON object' });
    } catch (e) {
      errors.push({ line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
    }
  });
  return { records, errors };
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): { records: RawRecord[]; errors: ImportError[] } {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c !== '')) rows.push({ line: startLine, cells });
      cells = [];
      cell = '';
      startLine = ++line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c !== '')) rows.push({ line: startLine, cells });
  const [header, ...body] = rows;
  if (!header) return { records: [], errors: [] };
  const names = header.cells.map((h) => h.trim());
  const errors: ImportError[] = [];
  const records: RawRecord[] = [];
  for (const r of body) {
    if (r.cells.length !== names.length) {
      errors.push({ line: r.line, message: `expected ${names.length} columns, found ${r.cells.length}` });
      continue;
    }
    const value: Record<string, unknown> = {};
    names.forEach((n, i) => {
      const c = r.cells[i]!;
      if (c === '') return;
      if (n === 'tags' || n === 'images')
        value[n] = c
          .split('|')
          .map((s) => s.trim())
          .filter(Boolean);
      else if (n === 'variants' || n === 'specifications') {
        try {
          value[n] = JSON.parse(c);
        } catch {
          value[n] = Symbol.for('invalid-json');
        }
      } else value[n] = c;
    });
    records.push({ line: r.line, value });
  }
  return { records, errors };
}

const DECIMAL = /^\d{1,10}(\.\d{1,2})?$/;
const str = (v: unknown) =>
  typeof v === 'string' ? v.trim() || null : typeof v === 'number' ? String(v) : null;
const money = (v: unknown) => {
  const s = str(v);
  return s === null ? null : DECIMAL.test(s) ? s : undefined;
};
const date = (v: unknown) => {
  const s = str(v);
  return s === null ? null : Number.isNaN(Date.parse(s)) ? undefined : new Date(s).toISOString();
};
const obj = (v: unknown) => v && typeof v === 'object' && !Array.isArray(v);

/** Checks one record; returns the row or the reasons it is refused. */
export function validateRecord(rec: RawRecord): ImportRow | string[] {
  const v = rec.value;
  const problems: string[] = [];
  const sku = str(v.sku);
  const name = str(v.name);
  const price = money(v.price);
  if (!sku) problems.push('sku is required');
  else if (sku.length > 64) problems.push('sku is longer than 64 characters');
  if (!name) problems.push('name is required');
  if (price == null)
    problems.push(price === undefined ? 'price must be a decimal like 19.99' : 'price is required');
  const compareAtPrice = money(v.compareAtPrice);
  const salePrice = money(v.salePrice);
  if (compareAtPrice === undefined) problems.push('compareAtPrice must be a decimal');
  if (salePrice === undefined) problems.push('salePrice must be a decimal');
  const saleStartsAt = date(v.saleStartsAt);
  const saleEndsAt = date(v.saleEndsAt);
  const scrapedAt = date(v.scrapedAt);
  if (saleStartsAt === undefined || saleEndsAt === undefined || scrapedAt === undefined)
    problems.push('dates must be ISO 8601');
  else if (saleStartsAt && saleEndsAt && saleEndsAt <= saleStartsAt)
    problems.push('saleEndsAt must be after saleStartsAt');
  const currency = (str(v.currency) ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.push('currency must be a 3-letter ISO code');
  const status = str(v.status) ?? 'active';
  if (!['draft', 'active', 'archived'].includes(status))
    problems.push('status must be draft, active or archived');
  const marketplace = str(v.marketplace);
  const externalId = str(v.externalId);
  if (!marketplace !== !externalId) problems.push('marketplace and externalId go together');
  const categoryPath =
    str(v.category)
      ?.split(/\s*[>/]\s*/)
      .filter(Boolean) ?? null;
  let variants: ImportVariant[] | null = null;
  if (v.variants !== undefined) {
    if (!Array.isArray(v.variants)) problems.push('variants must be a JSON array');
    else
      variants = v.variants.map((x: unknown, i) => {
        const o = (obj(x) ? x : {}) as Record<string, unknown>;
        const vp = money(o.price);
        const stock = o.stock == null ? null : Number(o.stock);
        if (!str(o.sku)) problems.push(`variants[${i}].sku is required`);
        if (vp === undefined) problems.push(`variants[${i}].price must be a decimal`);
        if (stock !== null && !(Number.isInteger(stock) && stock >= 0))
          problems.push(`variants[${i}].stock must be a whole number ≥ 0`);
        return {
          sku: str(o.sku) ?? '',
          name: str(o.name) ?? str(o.sku) ?? '',
          attributes: (obj(o.attributes) ? o.attributes : {}) as Record<string, unknown>,
          price: vp ?? null,
          stock,
        };
      });
  }
  if (v.specifications !== undefined && !obj(v.specifications))
    problems.push('specifications must be a JSON object');
  const tags =
    v.tags === undefined
      ? null
      : Array.isArray(v.tags)
        ? v.tags.map((t) => String(t).trim().toLowerCase()).filter(Boolean)
        : null;
  if (v.tags !== undefined && !Array.isArray(v.tags)) problems.push('tags must be a list');
  if (tags?.some((t) => t.length > 100)) problems.push('tags must be at most 100 characters');
  const images =
    v.images === undefined
      ? null
      : Array.isArray(v.images)
        ? v.images.map((im) =>
            typeof im === 'string'
              ? { url: im, altText: null }
              : {
                  url: str((im as Record<string, unknown>)?.url) ?? '',
                  altText: str((im as Record<string, unknown>)?.altText),
                },
          )
        : null;
  if (images?.some((im) => !/^https?:\/\//.test(im.url))) problems.push('images must be http(s) URLs');
  const weight = v.weightGrams == null ? null : Number(v.weightGrams);
  if (weight !== null && !(Number.isInteger(weight) && weight >= 0))
    problems.push('weightGrams must be a whole number ≥ 0');
  if (problems.length) return problems;
  return {
    line: rec.line,
    sku: sku!,
    slug: slugify(str(v.slug) ?? `${name}-${sku}`),
    name: name!,
    description: str(v.description),
    shortDescription: str(v.shortDescription),
    price: price!,
    compareAtPrice: compareAtPrice ?? null,
    salePrice: salePrice ?? null,
    saleStartsAt: saleStartsAt ?? null,
    saleEndsAt: saleEndsAt ?? null,
    currency,
    status: status as ImportRow['status'],
    featured: v.featured === true || v.featured === 'true',
    categoryPath,
    brand: str(v.brand),
    tags: tags ? [...new Set(tags)] : null,
    images,
    variants,
    specifications: (obj(v.specifications) ? v.specifications : {}) as Record<string, unknown>,
    weightGrams: weight,
    marketplace,
    externalId,
    externalUrl: str(v.externalUrl),
    scrapedAt: scrapedAt ?? null,
  };
}

/** Validates all records and refuses a second row for the same product (by key) or variant SKU. */
export function validateAll(records: RawRecord[]): { rows: ImportRow[]; errors: ImportError[] } {
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  const variantSkus = new Map<string, number>();
  for (const rec of records) {
    const r = validateRecord(rec);
    if (Array.isArray(r)) {
      errors.push({ line: rec.line, message: r.join('; ') });
      continue;
    }
    const keys = [`sku:${r.sku}`, ...(r.marketplace ? [`ext:${r.marketplace}:${r.externalId}`] : [])];
    const dup = keys.map((k) => seen.get(k)).find((l) => l !== undefined);
    const vdup = r.variants?.map((v) => variantSkus.get(v.sku)).find((l) => l !== undefined);
    if (dup !== undefined || vdup !== undefined) {
      errors.push({ line: r.line, message: `duplicate of line ${dup ?? vdup}` });
      continue;
    }
    keys.forEach((k) => seen.set(k, r.line));
    r.variants?.forEach((v) => variantSkus.set(v.sku, r.line));
    rows.push(r);
  }
  return { rows, errors };
}
