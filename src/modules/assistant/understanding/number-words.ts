/**
 * Amounts written in words before a currency word become digits ("under twenty dollars" → "under
 * 20 dollars", "a hundred and fifty bucks" → "150 bucks"), so the price rules read them as they
 * read "$20". Only before a currency word: "two chairs" stays a quantity, in words.
 */

const ONES =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen';
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety';

/** Cardinal number words, zero to ninety (the quantities of entities.ts read them too). */
export const UNITS: Record<string, number> = Object.fromEntries([
  ...ONES.split(' ').map((w, i) => [w, i] as const),
  ...TENS.split(' ').map((w, i) => [w, 20 + 10 * i] as const),
]);
const WORD = `(?:${Object.keys(UNITS).join('|')}|hundred|thousand|a|and)`;
/** A number starts with a number word, or with "a" right before hundred or thousand ("a hundred"). */
const START = `(?:${Object.keys(UNITS).join('|')}|a(?=[\\s-]+(?:hundred|thousand)\\b))`;
const AMOUNT = new RegExp(
  `\\b(${START}(?:[\\s-]+${WORD})*)\\s+(dollars|bucks|usd|euros|eur|pounds|gbp)\\b`,
  'gi',
);

const RUN = `${START}(?:[\\s-]+${WORD})*`;
/** "between one hundred and 200": the first end of a range, before digits. */
const RANGE_START = new RegExp(`\\b(between|from)\\s+(${RUN})\\s+(and|to)\\s+(?=\\$?\\d)`, 'gi');

/** The value of "one hundred and fifty" (null when the words are no single number). */
export function wordsToNumber(words: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words.toLowerCase().split(/[\s-]+/)) {
    const n = UNITS[w];
    if (w === 'and') continue;
    if (w === 'a') {
      if (seen) return null;
      current = 1; // "a hundred"
    } else if (n != null && n < 10) {
      if (current % 10 !== 0 || (current % 100 >= 10 && current % 100 < 20)) return null;
      current += n;
    } else if (n != null) {
      if (current % 100 !== 0) return null; // "five twenty"
      current += n;
    } else if (w === 'hundred') {
      if (current >= 10) return null;
      current = (current || 1) * 100;
    } else if (w === 'thousand') {
      if (total > 0) return null;
      total = (current || 1) * 1000;
      current = 0;
    } else return null;
    seen = true;
  }
  return seen ? total + current : null;
}

/** The longest ending of a run of words that is one number: "one hundred and two hundred" → "two hundred". */
function convertRun(run: string): string {
  const words = run.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join(' ');
    if (/^(and|a)\b/i.test(tail) && i > 0) continue;
    const n = wordsToNumber(tail);
    if (n != null) return [...words.slice(0, i), String(n)].join(' ');
  }
  return run;
}

export function numberWordsToDigits(text: string): string {
  return text
    .replace(AMOUNT, (_whole, run: string, unit: string) => `${convertRun(run)} ${unit}`)
    .replace(RANGE_START, (whole, opener: string, run: string, join: string) => {
      const n = wordsToNumber(run);
      return n == null ? whole : `${opener} ${n} ${join} `;
    });
}
