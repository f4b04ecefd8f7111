/**
 * Which of the shown results a comparison names, 1-based, in the order the shopper said them:
 * "the first two" / "top 3" → 1, 2(, 3); "the first and the third" → 1, 3; "second and last" → 2,
 * and the last of `shown`. Null when it names fewer than two (then the step picks its default).
 */
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5 };
const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, '2': 2, '3': 3, '4': 4, '5': 5 };

export function comparePositions(text: string, shown: number): number[] | null {
  const t = text.toLowerCase();
  const firstN = /\b(?:first|top)\s+(two|three|four|five|[2-5])\b/.exec(t);
  const positions = firstN
    ? Array.from({ length: COUNTS[firstN[1]!]! }, (_, i) => i + 1)
    : [...t.matchAll(/\b(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b/g)].map((m) =>
        m[1] === 'last' ? shown : (ORDINALS[m[1]!] ?? Number.parseInt(m[1]!, 10)),
      );
  const valid = [...new Set(positions)].filter((p) => p >= 1 && p <= shown);
  return valid.length >= 2 ? valid : null;
}
