/**
 * Finds catalog phrases (category names, brand names, colours, sizes) in a message. Phrases are
 * stored as keys (see `nlp.keyOf`), so inflection does not matter; multi-word phrases may be
 * matched in any order within a short window ("shoes for men" finds "Men's Shoes"), and every
 * phrase is also indexed in its joined form so "skincare" finds "Skin Care" and back.
 */
import type { Token } from './nlp';

export interface PhraseMatch<T> {
  payload: T;
  /** Token positions the match covers. */
  positions: number[];
  /** Number of words of the phrase (longer phrases are more specific). */
  size: number;
  /** The phrase matched through its joined form or a synonym rather than as written. */
  indirect: boolean;
}

interface Entry<T> {
  keys: string[];
  payload: T;
  ordered: boolean;
  indirect: boolean;
}

/** Letters and digits only, lower-case, without a plural `s`: the joined form of a phrase. */
export function joinedForm(s: string): string {
  const j = s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return j.length > 3 && j.endsWith('s') && !/(ss|us|is)$/.test(j) ? j.slice(0, -1) : j;
}

const MAX_WINDOW = 4;
const JOIN_PREFIX = '\u0000';

export class PhraseIndex<T> {
  private readonly byKey = new Map<string, Entry<T>[]>();

  /**
   * Adds a phrase by its keys. `ordered` phrases must appear contiguously as written (brands);
   * others may appear in any order within a few words (categories).
   */
  add(keys: string[], payload: T, opts: { ordered?: boolean; indirect?: boolean; joined?: string } = {}) {
    const clean = keys.filter(Boolean);
    if (clean.length === 0) return;
    this.put({ keys: clean, payload, ordered: !!opts.ordered, indirect: !!opts.indirect });
    const joined = opts.joined ?? '';
    if (joined.length >= 4 && (clean.length > 1 || joined !== clean[0])) {
      this.put({ keys: [JOIN_PREFIX + joined], payload, ordered: true, indirect: true });
    }
  }

  private put(e: Entry<T>) {
    const first = e.keys[0]!;
    const list = this.byKey.get(first) ?? [];
    list.push(e);
    this.byKey.set(first, list);
  }

  get size() {
    return this.byKey.size;
  }

  /**
   * Every phrase found in the tokens (overlapping ones included; the caller picks). `field` is the
   * token property compared with the phrase keys.
   */
  match(tokens: Token[], field: 'key' | 'lower' = 'key'): PhraseMatch<T>[] {
    const words = tokens.filter((t) => t.type === 'word' || t.type === 'number');
    const out: PhraseMatch<T>[] = [];
    const seen = new Set<Entry<T>>();
    for (let w = 0; w < words.length; w++) {
      for (const e of this.byKey.get(words[w]![field]) ?? []) {
        if (seen.has(e)) continue;
        const positions = e.ordered ? orderedAt(words, w, e.keys, field) : bagAround(words, w, e.keys, field);
        if (!positions) continue;
        seen.add(e);
        out.push({ payload: e.payload, positions, size: e.keys.length, indirect: e.indirect });
      }
    }
    // Joined forms: one word or two/three adjacent words written together ("t-shirt", "skin care").
    for (let w = 0; w < words.length; w++) {
      let joined = '';
      for (let n = 0; n < 3 && w + n < words.length; n++) {
        const tok = words[w + n]!;
        if (n > 0 && tok.i - words[w + n - 1]!.i > 2) break;
        joined += tok.lower;
        for (const e of this.byKey.get(JOIN_PREFIX + joinedForm(joined)) ?? []) {
          if (seen.has(e)) continue;
          seen.add(e);
          const positions = words.slice(w, w + n + 1).map((t) => t.i);
          out.push({ payload: e.payload, positions, size: Math.max(1, n + 1), indirect: true });
        }
      }
    }
    return out;
  }
}

function orderedAt(words: Token[], start: number, keys: string[], field: 'key' | 'lower'): number[] | null {
  if (start + keys.length > words.length) return null;
  const positions: number[] = [];
  for (let k = 0; k < keys.length; k++) {
    const tok = words[start + k]!;
    if (tok[field] !== keys[k]) return null;
    // Words of one phrase are adjacent, apart from punctuation ("Calder & Finch", "t-shirt").
    if (k > 0 && tok.i - words[start + k - 1]!.i > 2) return null;
    positions.push(tok.i);
  }
  return positions;
}

function bagAround(words: Token[], anchor: number, keys: string[], field: 'key' | 'lower'): number[] | null {
  const positions: number[] = [words[anchor]!.i];
  for (const key of keys.slice(1)) {
    let found: Token | undefined;
    for (let d = 1; d <= MAX_WINDOW && !found; d++) {
      for (const j of [anchor + d, anchor - d]) {
        const tok = words[j];
        if (tok && tok[field] === key && !positions.includes(tok.i)) {
          found = tok;
          break;
        }
      }
    }
    if (!found) return null;
    positions.push(found.i);
  }
  return positions.sort((a, b) => a - b);
}
