/**
 * Parses what a shopper types into clauses with web-search syntax (`"phrase"`, `or`, `-word`) and
 * builds the `to_tsquery` text for it. We build the tsquery ourselves rather than calling
 * websearch_to_tsquery because synonyms and the search-as-you-type prefix have to be spliced
 * into individual terms. Only letters and digits ever reach the tsquery text, so no input can
 * inject tsquery operators or make to_tsquery raise a syntax error.
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
  if (
    last &&
    !last.negated &&
    last.words.length === 1 &&
    last.words[0]!.length >= 2 &&
    /[\p{L}\p{N}]$/u.test(text)
  ) {
    last.prefix = true;
  }
  return { clauses, normalized: text.trim().toLowerCase().replace(/\s+/g, ' ') };
}

/** True when at least one clause must match (a query of exclusions only matches by absence). */
export const hasPositiveTerms = (q: ParsedQuery) => q.clauses.some((c) => !c.negated);

const phrase = (ws: string[]) => (ws.length === 1 ? ws[0]! : `(${ws.join(' <-> ')})`);

function clauseTsquery(c: Clause, synonyms: SynonymMap): string {
  const key = c.words.join(' ');
  const alternatives = [phrase(c.words)];
  if (c.prefix) alternatives.push(`${c.words[0]}:*`);
  for (const syn of synonyms.get(key) ?? []) {
    const sw = words(syn);
    if (sw.length) alternatives.push(phrase(sw));
  }
  const body = alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`;
  return c.negated ? `!${body}` : body;
}

/**
 * The `to_tsquery('english', …)` text of a parsed query. `or` binds adjacent clauses
 * (`big tv or television` = big AND (tv OR television)), as web search engines read it.
 */
export function toTsqueryText(q: ParsedQuery, synonyms: SynonymMap = new Map()): string {
  const groups: string[][] = [];
  for (const c of q.clauses) {
    const t = clauseTsquery(c, synonyms);
    if (c.orWithPrevious && groups.length) groups[groups.length - 1]!.push(t);
    else groups.push([t]);
  }
  return groups.map((g) => (g.length === 1 ? g[0]! : `(${g.join(' | ')})`)).join(' & ');
}

/** The query as a shopper would type it, e.g. after a typo correction replaced some words. */
export function queryText(q: ParsedQuery): string {
  return q.clauses
    .map((c) => {
      const body = c.words.length > 1 ? `"${c.words.join(' ')}"` : c.words[0]!;
      return `${c.orWithPrevious ? 'or ' : ''}${c.negated ? '-' : ''}${body}`;
    })
    .join(' ');
}
