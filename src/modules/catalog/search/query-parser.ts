/**
 * Parses what a shopper types into clauses with web-search syntax (`"phrase"`, `or`, `-word`).
 * The tsquery text is built from the clauses (query-plan.ts, text-match.ts) rather than by
 * websearch_to_tsquery because synonyms, typo corrections and the search-as-you-type prefix are
 * spliced into individual terms. Only letters and digits ever reach the tsquery text, so no input
 * can inject tsquery operators or make to_tsquery raise a syntax error.
 */

export const MAX_QUERY_LENGTH = 200;
const MAX_CLAUSES = 12;
const WORD = /[\p{L}\p{N}]+/gu;

export interface Clause {
  /** Lower-cased words; more than one means they must be adjacent (a phrase). */
  words: string[];
  negated: boolean;
  /** True when an `or` joins this clause to the previous one. */
  orWithPrevious: boolean;
  /** The last word is still being typed: also match it as a prefix. */
  prefix: boolean;
}

export interface ParsedQuery {
  clauses: Clause[];
  /** Lower-cased, whitespace-collapsed query, used to group search logs. */
  normalized: string;
}

/** Multi-word equivalents per lower-cased word or phrase (see synonyms.ts). */
export type SynonymMap = ReadonlyMap<string, readonly string[]>;

const words = (s: string) => (s.toLowerCase().match(WORD) ?? []).slice(0, 8);

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.slice(0, MAX_QUERY_LENGTH);
  const clauses: Clause[] = [];
  let pendingOr = false;
  // A quoted phrase, or a run of non-space characters; a leading '-' negates either.
  const token = /(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(text)) && clauses.length < MAX_CLAUSES) {
    const quoted = m[2] !== undefined;
    let body = quoted ? m[2]! : m[3]!;
    let negated = m[1] === '-';
    if (!quoted && body.startsWith('-')) {
      negated = true;
      body = body.replace(/^-+/, '');
    }
    const w = words(body);
    if (w.length === 0) continue;
    if (!quoted && !negated && w.length === 1 && w[0] === 'or') {
      pendingOr = clauses.length > 0;
      continue;
    }
    clauses.push({ words: w, negated, orWithPrevious: pendingOr, prefix: false });
    pendingOr = false;
  }
  const last = clauses[clauses.length - 1];
  // Prefix only while the shopper is still typing the word: not after a space or closing quote.
  // One letter is too little to guess a word from; one digit after a word starts a model number
  // ("iphone 1"; alone, "1" would be every number of the catalog).
  const modelNumber = (w: string) =>
    /^\p{N}$/u.test(w) && clauses.some((c) => c !== last && c.words.some((x) => x.length >= 2));
  if (
    last &&
    !last.negated &&
    last.words.length === 1 &&
    (last.words[0]!.length >= 2 || modelNumber(last.words[0]!)) &&
    /[\p{L}\p{N}]$/u.test(text)
  ) {
    last.prefix = true;
  }
  return { clauses, normalized: text.trim().toLowerCase().replace(/\s+/g, ' ') };
}

/** The query as a shopper would type it, e.g. after a typo correction replaced some words. */
export function queryText(q: Pick<ParsedQuery, 'clauses'>): string {
  return q.clauses
    .map((c) => {
      const body = c.words.length > 1 ? `"${c.words.join(' ')}"` : c.words[0]!;
      return `${c.orWithPrevious ? 'or ' : ''}${c.negated ? '-' : ''}${body}`;
    })
    .join(' ');
}
