/**
 * Price constraints a shopper states outright: "under $500", "between 100 and 200", "$50-80",
 * "from 500 to 900", "at least 30 dollars", "1.5k or less", "a $60 budget". Vague words ("cheap",
 * "around $100") set nothing: only a stated bound becomes a filter. A number with a unit after it
 * ("128 GB", "55 inch", "4 stars") is never a price.
 */
import type { Token } from './nlp';

export interface PriceRange {
  minPrice: string | null;
  maxPrice: string | null;
  /** Token positions that belong to the price phrase (not search words, sizes or quantities). */
  positions: number[];
}

const CURRENCY_WORDS = new Set(
  'dollar dollars buck bucks usd eur euro euros gbp pound pounds quid'.split(' '),
);
/** Units after a number that make it a measurement, not money or a count ("128 GB", "4 stars"). */
export const UNIT_WORDS = new Set(
  (
    'gb tb mb inch inches mah w watt watts ml l liter litre liters litres oz lb lbs kg g ft feet foot cm mm m ' +
    'piece pieces pc pcs person people seater year years month months day days hour hours minute minutes mp hz ' +
    'rpm v volt volts star stars qt quart gal gallon gallons cup cups percent % x ghz core cores tog'
  ).split(' '),
);
/** Words before an amount that make it an upper bound ("under", "less than", "up to", …). */
const MAX_BEFORE = [
  ['under'],
  ['below'],
  ['less', 'than'],
  ['lower', 'than'],
  ['cheaper', 'than'],
  ['up', 'to'],
  ['upto'],
  ['max'],
  ['maximum'],
  ['at', 'most'],
  ['no', 'more', 'than'],
  ['not', 'more', 'than'],
  ['within'],
  ['budget', 'of'],
  ['budget', 'is'],
  ['budget'],
  ['beneath'],
  ['<'],
  ['<='],
  ['no', 'higher', 'than'],
  ['not', 'over'],
  ['nothing', 'over'],
  ['nothing', 'above'],
  ['for', 'under'],
  ['for', 'less', 'than'],
  ['i', 'have'],
  ['only', 'have'],
  ['spend'],
  ['spending'],
];
const MIN_BEFORE = [
  ['over'],
  ['above'],
  ['more', 'than'],
  ['greater', 'than'],
  ['higher', 'than'],
  ['at', 'least'],
  ['min'],
  ['minimum'],
  ['starting', 'at'],
  ['starting', 'from'],
  ['from'],
  ['>'],
  ['>='],
  ['pricier', 'than'],
  ['no', 'less', 'than'],
  ['not', 'less', 'than'],
];
const MAX_AFTER = [
  ['or', 'less'],
  ['or', 'under'],
  ['or', 'below'],
  ['or', 'cheaper'],
  ['tops'],
  ['max'],
  ['at', 'most'],
  ['and', 'under'],
  ['and', 'below'],
];
const MIN_AFTER = [
  ['or', 'more'],
  ['or', 'above'],
  ['or', 'over'],
  ['and', 'up'],
  ['and', 'above'],
  ['and', 'over'],
  ['plus'],
  ['+'],
];
/** Both cue lists, longest first, so "no more than" wins over "more than". */
const BEFORE = [...MAX_BEFORE, ...MIN_BEFORE].sort((a, b) => b.length - a.length);
const BEFORE_KIND = new Map<string, 'max' | 'min'>([
  ...MIN_BEFORE.map((p) => [p.join(' '), 'min'] as const),
  ...MAX_BEFORE.map((p) => [p.join(' '), 'max'] as const),
]);
const VAGUE_BEFORE = [
  ['around'],
  ['about'],
  ['approximately'],
  ['roughly'],
  ['near'],
  ['close', 'to'],
  ['circa'],
  ['~'],
];
const RANGE_JOIN = new Set(['and', 'to', '-', '–', '—', 'till', 'through', 'until']);

interface Amount {
  value: number;
  start: number;
  end: number;
  currency: boolean;
  /** Second half of a "50-80" token. */
  dashed?: boolean;
}

/** "1,200" → 1200, "1.5k" → 1500; null for anything that is not a plain amount. */
export function parseAmount(text: string, kSuffix = false): number | null {
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(k)?$/i.exec(text);
  if (!m) return null;
  const v = Number(m[1]!.replace(/,/g, '') + (m[2] ? `.${m[2]}` : ''));
  return m[3] || kSuffix ? v * 1000 : v;
}

/** Words before a number that make it an age, a size or a count, not money. */
const NOT_MONEY_BEFORE = new Set([
  'size',
  'sizes',
  'sz',
  'age',
  'ages',
  'aged',
  'kids',
  'for',
  'model',
  'gen',
  'series',
]);

/**
 * A range without a currency ("cameras 200 to 300", "boots 100-200") counts as prices when both
 * ends are at least 10 (a "2-3 person tent" or "size 8-10" is not) and nothing before it makes it
 * an age, a size or a model (the caller has checked what follows: no unit).
 */
function bareRangeOk(tokens: Token[], start: number, _end: number, lo: number, hi: number): boolean {
  const before = tokens[start - 1];
  if (lo < 10 || hi < 10) return false;
  return !before || (!NOT_MONEY_BEFORE.has(before.lower) && before.pos !== 'PROPN');
}

/** The amounts in the message: numbers with or without a currency sign or word. */
function amounts(tokens: Token[]): Amount[] {
  const out: Amount[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // "$50-80" arrives as one token: two amounts joined by a dash.
    const dashed = /^(\d[\d,.]*)-(\d[\d,.]*)$/.exec(t.lower);
    if (dashed) {
      const lo = parseAmount(dashed[1]!);
      const hi = parseAmount(dashed[2]!);
      const currency = tokens[i - 1]?.type === 'currency' || CURRENCY_WORDS.has(tokens[i + 1]?.lower ?? '');
      // Without a currency "100-200" is a price range only where nothing makes it a count, size or age.
      const bare =
        lo != null &&
        hi != null &&
        bareRangeOk(tokens, i, i, lo, hi) &&
        !UNIT_WORDS.has(tokens[i + 1]?.lower ?? '');
      if (lo != null && hi != null && (currency || bare)) {
        out.push(
          { value: lo, start: i, end: i, currency },
          { value: hi, start: i, end: i, currency, dashed: true },
        );
      }
      continue;
    }
    if (t.type !== 'number' && !/^\d[\d,.]*k$/i.test(t.lower)) continue;
    const next = tokens[i + 1];
    const kNext = next?.lower === 'k' && !next.spaceBefore;
    const value = parseAmount(t.lower, kNext);
    if (value == null) continue;
    let start = i;
    let end = kNext ? i + 1 : i;
    let currency = false;
    if (tokens[i - 1]?.type === 'currency') {
      start = i - 1;
      currency = true;
    }
    const after = tokens[end + 1];
    if (after && (after.type === 'currency' || CURRENCY_WORDS.has(after.lower))) {
      end++;
      currency = true;
    } else if (after && UNIT_WORDS.has(after.lower) && !currency) continue;
    // "iPhone 13", "PS 5": a number glued to a name is a model, not an amount.
    const before = tokens[start - 1];
    if (
      !currency &&
      before &&
      (before.pos === 'PROPN' || /^(size|sz|model|no|number|#|order)$/.test(before.lower))
    )
      continue;
    if (!currency && t.text.includes('.') === false && /^0\d/.test(t.text)) continue;
    out.push({ value, start, end, currency });
    i = end;
  }
  return out;
}

function phraseBefore(tokens: Token[], at: number, phrases: string[][]): number | null {
  for (const p of phrases) {
    const s = at - p.length;
    if (s < 0) continue;
    if (p.every((w, k) => tokens[s + k]!.lower === w)) return s;
  }
  return null;
}
function phraseAfter(tokens: Token[], at: number, phrases: string[][]): number | null {
  for (const p of phrases) {
    if (at + p.length >= tokens.length + 1) continue;
    if (p.every((w, k) => tokens[at + 1 + k]?.lower === w)) return at + p.length;
  }
  return null;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/0$/, ''));
const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

/** Extracts the stated price bounds (both null when none was stated). */
export function extractPrice(tokens: Token[]): PriceRange {
  const found = amounts(tokens);
  const result: PriceRange = { minPrice: null, maxPrice: null, positions: [] };
  for (let n = 0; n < found.length; n++) {
    const a = found[n]!;
    const b = found[n + 1];
    // Ranges: "between 100 and 200", "from 500 to 900", "$50-80", "50 to 80 dollars".
    if (b && (b.dashed || b.start - a.end <= 2)) {
      const joiner = tokens.slice(a.end + 1, b.start);
      const joined = b.dashed || (joiner.length === 1 && RANGE_JOIN.has(joiner[0]!.lower));
      const opener = phraseBefore(tokens, a.start, [['between'], ['from'], ['price', 'range'], ['range']]);
      const bare =
        joined &&
        !b.dashed &&
        joiner[0]?.lower === 'to' &&
        bareRangeOk(tokens, a.start, b.end, a.value, b.value);
      if (joined && (a.currency || b.currency || opener != null || b.dashed || bare)) {
        const lo = Math.min(a.value, b.value);
        const hi = Math.max(a.value, b.value);
        result.minPrice = fmt(lo);
        result.maxPrice = fmt(hi);
        result.positions.push(
          ...span(
            Math.min(
              opener ?? a.start,
              a.start > 0 && tokens[a.start - 1]!.type === 'currency' ? a.start - 1 : a.start,
            ),
            b.end,
          ),
        );
        n++;
        continue;
      }
    }
    const cueAt = phraseBefore(tokens, a.start, BEFORE);
    const cueIsMax =
      cueAt != null &&
      BEFORE_KIND.get(
        tokens
          .slice(cueAt, a.start)
          .map((t) => t.lower)
          .join(' '),
      ) === 'max';
    const maxAt = cueIsMax ? cueAt : null;
    const minAt = cueIsMax ? null : cueAt;
    const maxEnd = phraseAfter(tokens, a.end, MAX_AFTER);
    const minEnd = maxEnd == null ? phraseAfter(tokens, a.end, MIN_AFTER) : null;
    if (phraseBefore(tokens, a.start, VAGUE_BEFORE) != null) continue;
    // "from" alone is a lower bound only for an amount with a currency ("from $40").
    const fromOnly = minAt != null && tokens[minAt]!.lower === 'from' && a.start - minAt === 1;
    if (maxAt != null || maxEnd != null) {
      result.maxPrice = fmt(a.value);
      result.positions.push(...span(maxAt ?? a.start, maxEnd ?? a.end));
    } else if (
      (minAt != null && (!fromOnly || a.currency)) ||
      (minEnd != null && (a.currency || a.value >= 10))
    ) {
      result.minPrice = fmt(a.value);
      result.positions.push(...span(minAt ?? a.start, minEnd ?? a.end));
    } else if (a.currency) {
      // A bare amount ("a $60 jacket", "I have 100 dollars") is the shopper's budget.
      result.maxPrice = fmt(a.value);
      result.positions.push(...span(a.start, a.end));
    }
  }
  if (result.minPrice && result.maxPrice && Number(result.minPrice) > Number(result.maxPrice)) {
    [result.minPrice, result.maxPrice] = [result.maxPrice, result.minPrice];
  }
  return result;
}
