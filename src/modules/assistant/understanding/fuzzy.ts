/**
 * Typo-tolerant lookup of single catalog words ("voltx" → Voltix, "hedphones" → Headphones): an
 * optimal-string-alignment distance of 1 for words of 5–7 letters, 2 from 8 letters, and only a
 * unique best match counts. Callers only ask about words that are neither English nor catalog
 * vocabulary, so "sonar" never becomes a brand by accident of a dictionary word.
 */

/** Edit distance with adjacent transpositions, giving up beyond `max` (cheap for short words). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** How many edits a word of this length may carry. */
export const allowedEdits = (length: number) => (length >= 8 ? 2 : length >= 5 ? 1 : 0);

/** Single words mapped to what they name, looked up with typos. */
export class FuzzyWords<T> {
  private readonly byLength = new Map<number, { word: string; payload: T }[]>();

  add(word: string, payload: T) {
    if (word.length < 5) return;
    const list = this.byLength.get(word.length) ?? [];
    if (!list.some((e) => e.word === word)) list.push({ word, payload });
    this.byLength.set(word.length, list);
  }

  /** The one entry within the allowed edits of `word` (closest wins; a tie between two is no match). */
  find(word: string): T | null {
    const max = allowedEdits(word.length);
    if (max === 0) return null;
    let best: T | null = null;
    let bestDistance = max + 1;
    let tied = false;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const e of this.byLength.get(len) ?? []) {
        const d = editDistance(word, e.word, max);
        if (d < bestDistance) [best, bestDistance, tied] = [e.payload, d, false];
        else if (d === bestDistance && d <= max && e.payload !== best) tied = true;
      }
    }
    return bestDistance <= max && !tied ? best : null;
  }
}
