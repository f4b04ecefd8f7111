/**
 * The seed's catalog vocabulary: a category tree whose leaves know what their products are
 * called, cost, weigh, are made of and are used for, so generated names and descriptions read like
 * a real shop and full-text search ("running shoes", "oled tv", "coffee maker") finds sensible rows.
 *
 * Lists are '|'-separated strings to keep the data files dense and readable. A leaf that sells
 * different kinds of things ("Office Chairs & Desks") splits `n` into '||'-separated groups; `a`,
 * `f`, `u`, `t`, `s` and `m` then either have one group (shared) or one group per noun group, so a desk
 * is never described with "adjustable lumbar support".
 */
import { ELECTRONICS } from './data/electronics';
import { APPAREL } from './data/apparel';
import { HOME } from './data/home';
import { BEAUTY, SPORTS } from './data/sports-beauty';
import { BOOKS, TOYS } from './data/toys-books';
import { GARDEN, PETS } from './data/garden-pets';

/**
 * How a product's variants differ:
 * - `single`: one variant; `color`: 1–4 colours; `apparel`: S–XXL × colour; `shoe`: US sizes × colour;
 * - `storage`: capacities with a price step × colour; `format`: book editions;
 * - `sized:a,b,c`: the listed sizes, each step dearer than the last.
 */
export type VariantKind = 'single' | 'color' | 'apparel' | 'shoe' | 'storage' | 'format' | `sized:${string}`;

/** A category products are attached to. */
export interface LeafDef {
  name: string;
  /** Category description (defaults to a sentence built from the name). */
  d?: string;
  /** Product nouns: "Running Shoe|Trail Running Shoe". */
  n: string;
  /** Adjectives placed before the noun. */
  a: string;
  /** Optional qualifiers between series and adjective: sizes ('55" 4K') or audience ("Men's"). */
  pre?: string;
  /** Price range in USD. */
  p: [number, number];
  v: VariantKind;
  /** Features, used in descriptions ("It features x, y and z"). */
  f: string;
  /** Uses ("built for x"). */
  u: string;
  /** Tags, lower case. */
  t: string;
  /** Specifications: "Key=a/b/c;Other key=x/y" (one value is picked per key). */
  s?: string;
  /** Materials, overriding the root's. */
  m?: string;
  /** Weight range in grams, overriding the root's. */
  w?: [number, number];
  /** Relative share of products (default 1). */
  share?: number;
  /** Books are titled and described differently. */
  kind?: 'book';
}

/** A second-level category with its own children. */
export interface BranchDef {
  name: string;
  d?: string;
  children: LeafDef[];
}

export interface RootDef {
  name: string;
  d: string;
  /** Brands selling in this root. */
  brands: string;
  /** Default materials and colours. */
  m: string;
  c: string;
  warranty: string;
  returns: string;
  w: [number, number];
  children: (LeafDef | BranchDef)[];
}

export const ROOTS: readonly RootDef[] = [
  ELECTRONICS,
  APPAREL,
  HOME,
  SPORTS,
  BEAUTY,
  TOYS,
  BOOKS,
  GARDEN,
  PETS,
];

/** Model-line names that make "Brand Series Noun" product names feel like a real range. */
export const SERIES =
  'Pro|Max|Air|Lite|Edge|Nova|Pulse|Vista|Aero|Flex|Prime|Summit|Core|Elite|Fusion|Orbit|Zen|Spark|Apex|Echo|Terra|Luxe|Swift|Halo|Vibe|Atlas|Drift|Sierra|Metro|Quest';

export const MARKETPLACES = ['amazon', 'ebay', 'walmart', 'etsy'] as const;

/** Search synonym groups, stored as one rule each (first term → the rest). */
export const SYNONYM_GROUPS: readonly string[] = [
  'tv|television|telly',
  'sneakers|trainers|running shoes',
  'laptop|notebook',
  'couch|sofa|settee',
  'phone|smartphone|mobile phone|cell phone',
  'headphones|headset',
  'earbuds|earphones|in-ear headphones',
  'hoodie|sweatshirt',
  'pants|trousers',
  't-shirt|tee|tshirt',
  'sweater|jumper|pullover',
  'vacuum|hoover|vacuum cleaner',
  'bike|bicycle',
  'backpack|rucksack',
  'perfume|fragrance|eau de parfum',
  'grill|barbecue|bbq',
  'lawnmower|lawn mower',
  'kettle|electric kettle',
  'coffee maker|coffee machine|espresso machine',
  'duvet|comforter',
  'speaker|loudspeaker',
  'cellphone case|phone case|phone cover',
  'flashlight|torch',
  'sunglasses|shades',
  'puzzle|jigsaw',
];

/** Splits a '||'-separated field into its groups. */
export function groups(s: string | undefined): string[] {
  return s ? s.split('||') : [];
}

/** Splits a '|' list. */
export function list(s: string | undefined): string[] {
  return s
    ? s
        .split('|')
        .map((x) => x.trim())
        .filter((x) => x.length > 0)
    : [];
}

export function isBranch(node: LeafDef | BranchDef): node is BranchDef {
  return 'children' in node;
}
