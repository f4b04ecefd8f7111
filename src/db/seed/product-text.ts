import { SERIES, list } from './catalog-data';
import { FIRST_NAMES, LAST_NAMES } from './data/people';
import type { Rng } from './rng';
import type { BrandInfo, KindInfo, LeafInfo } from './seed-taxonomy';

const SERIES_LIST = list(SERIES);
const BOOK_ADJS = [
  'gripping',
  'moving',
  'captivating',
  'sweeping',
  'heartfelt',
  'page-turning',
  'brilliant',
  'timely',
];
const IMAGE_VIEWS = ['side view', 'detail', 'in use', 'back view'];

/** The words a product name is made of; descriptions and reviews reuse them. */
export interface ProductWords {
  name: string;
  noun: string;
  adj: string;
  series: string | null;
  /** Books only. */
  author: string | null;
  genre: string | null;
}

function words(s: string): Set<string> {
  return new Set(s.toLowerCase().split(/\s+/));
}

/** Drops the words of `part` that `noun` already says ("55\" 4K" + "4K OLED TV" → "55\""). */
function withoutRepeats(part: string | null, noun: string): string | null {
  if (!part) return null;
  const nounWords = words(noun);
  const kept = part.split(/\s+/).filter((w) => !nounWords.has(w.toLowerCase()));
  return kept.length > 0 ? kept.join(' ') : null;
}

/** Lower-cases a noun for mid-sentence use, keeping acronyms and model tokens ("OLED", "4K", "USB-C"). */
export function lowerNoun(s: string): string {
  return s
    .split(' ')
    .map((w) => (/[A-Z]{2}|\d|^[A-Z]$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

/** "Cat Treats", "Resistance Bands", "Leggings" (but not "Mattress" or "Cactus"). */
function isPlural(noun: string): boolean {
  return /[^su]s$/i.test(noun.trim());
}

const capitalize = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

function article(word: string): string {
  return /^[aeiou]/i.test(word) || /^(8|11|18)\b/.test(word) ? 'an' : 'a';
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "Sonara Vista 55\" 4K OLED Smart TV", "Trailblaze Men's Cushioned Running Shoe", "The Silent Harbor". */
export function productWords(r: Rng, leaf: LeafInfo, kind: KindInfo, brand: BrandInfo): ProductWords {
  if (leaf.def.kind === 'book') {
    const adj = r.pick(kind.adjs);
    const noun = r.pick(kind.nouns);
    const other = r.pick(kind.nouns);
    const title = r.chance(0.7)
      ? `The ${adj} ${noun}`
      : r.chance(0.5) && other !== noun
        ? `${noun} of the ${adj} ${other}`
        : `A ${adj} ${noun}`;
    const genre = r.pick(leaf.pre);
    const subtitle = r.chance(0.15) ? (genre.includes('memoir') ? ': A Memoir' : ': A Novel') : '';
    const author = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
    return { name: title + subtitle, noun: genre, adj, series: null, author, genre };
  }
  const noun = r.pick(kind.nouns);
  const series = r.chance(0.5) ? r.pick(SERIES_LIST) : null;
  const pre = leaf.pre.length > 0 && r.chance(0.85) ? withoutRepeats(r.pick(leaf.pre), noun) : null;
  const adj = r.pick(kind.adjs);
  const shownAdj = r.chance(0.6) ? withoutRepeats(adj, noun) : null;
  const name = [brand.name, series, pre, shownAdj, noun].filter((x): x is string => !!x).join(' ');
  return { name, noun, adj, series, author: null, genre: null };
}

/** Two to four sentences: what it is, its features, material and colours, what it is good for. */
export function description(
  r: Rng,
  leaf: LeafInfo,
  kind: KindInfo,
  brand: BrandInfo,
  w: ProductWords,
  material: string,
  colors: string[],
  formats: string[],
): string {
  const features = r.sample(kind.features, r.int(2, 3));
  const [use1, use2] = r.sample(kind.uses, 2);
  if (leaf.def.kind === 'book') {
    const adj = r.pick(BOOK_ADJS);
    const s = [`${w.name} is ${article(adj)} ${adj} ${w.genre} by ${w.author}.`];
    s.push(r.chance(0.5) ? `It features ${joinList(features)}.` : `Expect ${joinList(features)}.`);
    if (formats.length > 1 && r.chance(0.7))
      s.push(`Available as ${joinList(formats.map((f) => f.toLowerCase()))}.`);
    if (use1 && r.chance(0.6)) s.push(`Perfect for ${use1}.`);
    return s.join(' ');
  }
  const plural = isPlural(w.noun);
  // "a cushioned running shoe", but "cushioned dental chews"
  const what = `${plural ? '' : `${article(w.adj)} `}${w.adj.toLowerCase()} ${lowerNoun(w.noun)}`;
  const openings = [
    () => `The ${w.name} ${plural ? 'are' : 'is'} ${what} built for ${use1}.`,
    () => `${capitalize(what)} from ${brand.name}, designed for ${use1}.`,
  ];
  if (w.series) openings.push(() => `Meet the ${brand.name} ${w.series}: ${what} made for ${use1}.`);
  const opening = r.pick(openings)();
  const s = [opening];
  const feature = plural ? 'They feature' : 'It features';
  s.push(r.chance(0.6) ? `${feature} ${joinList(features)}.` : `Highlights include ${joinList(features)}.`);
  if (r.chance(0.7)) {
    s.push(
      leaf.def.v === 'single'
        ? `Crafted from ${material}.`
        : r.chance(0.5)
          ? `Crafted from ${material} and available in ${joinList(colors)}.`
          : `Made with ${material}, ${plural ? 'they come' : 'it comes'} in ${joinList(colors)}.`,
    );
  }
  if (use2 && s.length < 4 && r.chance(0.5)) {
    s.push(
      r.chance(0.5)
        ? `A great choice for ${use2}, backed by a ${leaf.root.warranty.toLowerCase()}.`
        : `Perfect for ${use2}.`,
    );
  }
  return s.join(' ');
}

export function shortDescription(leaf: LeafInfo, w: ProductWords, feature: string): string {
  if (leaf.def.kind === 'book') return `${w.genre![0]!.toUpperCase()}${w.genre!.slice(1)} by ${w.author}`;
  return `${w.adj} ${lowerNoun(w.noun)} with ${feature}.`;
}

/** Two to six lower-case tags: the leaf's own, plus colour or material now and then. */
export function tagsFor(
  r: Rng,
  leaf: LeafInfo,
  kind: KindInfo,
  color: string,
  material: string,
  onSale: boolean,
): string[] {
  const tags = new Set(r.sample(kind.tags, r.int(2, 4)));
  if (r.chance(0.4) && leaf.def.kind !== 'book') tags.add(color.toLowerCase());
  if (r.chance(0.25)) tags.add(material.toLowerCase().split(' ').slice(-2).join(' '));
  if (onSale) tags.add('sale');
  if (r.chance(0.04)) tags.add('gift idea');
  return [...tags].slice(0, 6);
}

/** A plausible ISBN-13 (valid check digit). */
function isbn(r: Rng): string {
  const body = `978${r.int(0, 1)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

export function specifications(
  r: Rng,
  leaf: LeafInfo,
  kind: KindInfo,
  brand: BrandInfo,
  w: ProductWords,
  color: string,
  material: string,
): Record<string, string | number> {
  if (leaf.def.kind === 'book') {
    return {
      Author: w.author!,
      Publisher: brand.name,
      Pages: r.int(96, 720),
      Language: 'English',
      'ISBN-13': isbn(r),
      'Publication year': r.int(1995, 2025),
    };
  }
  const spec: Record<string, string | number> = {};
  for (const [key, values] of kind.specs) spec[key] = r.pick(values);
  spec.Model = `${brand.code}-${w.series ? w.series.slice(0, 2).toUpperCase() : 'X'}${r.int(100, 9999)}`;
  spec.Color = color;
  spec.Material = material;
  return spec;
}

export function images(id: number, name: string, count: number): { url: string; alt: string }[] {
  return Array.from({ length: count }, (_, n) => ({
    url: `https://picsum.photos/seed/bz-${id}-${n}/800/800`,
    alt: n === 0 ? name : `${name} – ${IMAGE_VIEWS[(n - 1) % IMAGE_VIEWS.length]}`,
  }));
}
