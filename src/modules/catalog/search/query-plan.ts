/**
 * Turns a parsed query into what is searched: for each clause its alternatives (the words as
 * typed, the shop's own synonyms, the default dictionary's synonyms and narrower terms that the
 * catalog uses, typo corrections of words it does not use), grouped into units that must match
 * (or, relaxed, most of them), and renders them as `to_tsquery('english', …)` texts. Pure: the
 * vocabulary's answers come in as a function, so every rule has a table-driven test.
 */
import { correctable, corrections, type TypoSettings } from './correction';
import type { Expansions } from './lexicon';
import { queryText, type Clause, type ParsedQuery, type SynonymMap } from './query-parser';
import type { CategoryIndex } from './type-words';
import type { WordInfo, WordQuery } from './vocabulary';

/** A word, or a phrase of adjacent words; `prefix`: the last word is still being typed. */
export interface Term {
  words: string[];
  prefix: boolean;
}

export interface PlannedClause {
  clause: Clause;
  /** The nearest broader terms (dictionary): their categories are this clause's type too. */
  kindOf: Term[];
  /** As typed (as a prefix while typing), and the shop's own synonyms (admin rules). */
  exact: Term[];
  /**
   * Default-dictionary synonyms that the catalog uses, and narrower terms when the catalog hardly
   * uses the word itself (see NARROWER_BELOW).
   */
  dictionary: Term[];
  /** Corrections of words the catalog does not use, fewest typos first. */
  typos: Term[];
  /** Products using its most used alternative; 0: nothing in the catalog matches it. */
  docs: number;
  /** The words with each typo replaced by its best correction, when there was one. */
  corrected: string[] | null;
  /**
   * Found only through broader or similar words (the catalog uses neither the word nor a synonym
   * of it): a guess at what the shopper meant, so relaxed ranking does not count it as a word matched.
   */
  inferred: boolean;
}

/**
 * One unit of meaning that a product matches or not: clauses joined by `or`, or consecutive
 * clauses that together name a category or brand ("bar accessories"), all of which must match.
 */
export interface Unit {
  clauses: PlannedClause[];
  /**
   * `and`: all the clauses, each `gaps[i]` words after the previous (a name), or anywhere where
   * the gap is 0 (two words the catalog also writes as one).
   */
  join: 'or' | 'and';
  gaps: number[];
  /** What else matches the unit as a whole: the words written as one ("sunglasses"). */
  joined: Term[];
  docs: number;
  /** Every clause of it is inferred (PlannedClause.inferred). */
  inferred: boolean;
  /**
   * Rarity (inverse document frequency): rarer words weigh more when only some units match. A unit
   * the catalog knows nothing of weighs more than the rarest word: dropping it must be paid for.
   */
  weight: number;
  /** Categories (with descendants) that its words name: type words. */
  categories: number[];
  /** Of those, the categories named by the words as typed (typos corrected), not by synonyms. */
  ownCategories: number[];
  /** Brands that its words name: brand words. */
  brands: number[];
  /** Products may match it: it has products, or dictionary phrases whose words all occur somewhere. */
  possible: boolean;
}

export interface SearchPlan {
  /** Units with at least one positive clause. */
  units: Unit[];
  /** Groups of exclusions only (`-word`): every result must avoid them. */
  filters: PlannedClause[][];
  correctedQuery: string | null;
  /**
   * The query's words in order, as one tsquery phrase in the name (weight A), typos corrected:
   * a product named with the words as typed ranks first. Null for fewer than two words, `or`.
   */
  phrase: string | null;
  /** The whole query as a product's whole name would be written (lower case; typos corrected), or null. */
  name: string | null;
}

/** A clause before the vocabulary is consulted. */
export interface DraftClause {
  clause: Clause;
  admin: Term[];
  /** Dictionary synonyms. */
  dictionary: Term[];
  /** Dictionary narrower terms: kinds of the word. */
  narrower: Term[];
  /** Broader terms, nearest level first: tried when the catalog never uses the word (see planQuery). */
  broader: Term[][];
  /** Dictionary synonyms of this word and the next one as a phrase ("mobile phone": cellphone). */
  phrase: Term[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const termOf = (text: string): Term => ({ words: text.toLowerCase().match(WORD) ?? [], prefix: false });
const nonEmpty = (t: Term) => t.words.length > 0;

const NO_ENTITIES: CategoryIndex = {
  named: () => [],
  brands: () => [],
  entity: () => null,
  compounds: () => [],
  kinds: () => [],
};

/** Admin synonyms win over the dictionary; exclusions stay literal. */
export function draftClauses(
  parsed: ParsedQuery,
  admin: SynonymMap,
  dictionary: (term: string) => Expansions,
): DraftClause[] {
  const single = (c: Clause | undefined) => !!c && !c.negated && c.words.length === 1;
  return parsed.clauses.map((clause, i, all) => {
    const key = clause.words.join(' ');
    const own = admin.get(key);
    const expansions = own || clause.negated ? null : dictionary(key);
    const next = all[i + 1];
    const pair = single(clause) && single(next) && !next!.orWithPrevious ? `${key} ${next!.words[0]}` : null;
    return {
      clause,
      phrase: pair && !admin.has(pair) ? dictionary(pair).synonyms.map(termOf).filter(nonEmpty) : [],
      admin: (own ?? []).map(termOf).filter(nonEmpty),
      dictionary: (expansions?.synonyms ?? []).map(termOf).filter(nonEmpty),
      narrower: (expansions?.narrower ?? []).map(termOf).filter(nonEmpty),
      broader: (expansions?.broader ?? []).map((level) => level.map(termOf).filter(nonEmpty)),
    };
  });
}

/** The words to ask the vocabulary about: typed words (with prefix and typo flags) and alternatives. */
export function wordQueries(drafts: DraftClause[], typos: TypoSettings): WordQuery[] {
  const out = new Map<string, WordQuery>();
  const add = (word: string, prefix: boolean, correct: boolean) => {
    const q = out.get(word);
    out.set(word, { word, prefix: prefix || !!q?.prefix, correct: correct || !!q?.correct });
  };
  for (const d of drafts) {
    for (const w of d.clause.words) add(w, d.clause.prefix, !d.clause.negated && correctable(w, typos));
    for (const t of [...d.admin, ...d.dictionary, ...d.narrower, ...d.broader.flat(), ...d.phrase])
      for (const w of t.words) add(w, false, false);
  }
  for (let i = 0; i + 1 < drafts.length; i++) {
    const joined = concatenation(drafts[i]!.clause, drafts[i + 1]!.clause);
    if (joined) add(joined.words[0]!, joined.prefix, false);
  }
  return [...out.values()];
}

/** Shortest closed compound tried for two typed words ("sun glasses" → sunglasses). */
const MIN_CONCATENATION = 5;

/**
 * A word used by this many products or more is taken in the catalog's own sense: its dictionary
 * kinds are not added ("machine" in "espresso machine" must not also find computers, motors and
 * presses — and each added alternative is work for every matching product).
 */
export const NARROWER_BELOW = 5;

/**
 * Two consecutive plain words typed apart that the catalog may write as one ("sun glasses",
 * "tea pot", "smart wat" while typing): their concatenation, as Algolia and Typesense try it.
 */
function concatenation(a: Clause, b: Clause): Term | null {
  const plain = (c: Clause) => !c.negated && c.words.length === 1;
  if (!plain(a) || !plain(b) || b.orWithPrevious) return null;
  const word = a.words[0]! + b.words[0]!;
  return word.length >= MIN_CONCATENATION ? { words: [word], prefix: b.prefix } : null;
}

/**
 * Decides each clause's alternatives from the vocabulary's answers. `catalogSize` is the number of
 * products the rarity of words is measured against.
 */
export function planQuery(
  drafts: DraftClause[],
  info: (word: string) => WordInfo,
  catalogSize: number,
  typos: TypoSettings,
  categories: CategoryIndex = NO_ENTITIES,
): SearchPlan {
  /** Typo corrections are vocabulary words: their products come with them, not from a lookup. */
  const correctionDocs = new Map<string, number>();
  const lookup = (w: string): WordInfo =>
    correctionDocs.has(w)
      ? { lexeme: w, docs: correctionDocs.get(w)!, prefixDocs: 0, candidates: [] }
      : info(w);
  const content = (ws: string[]) => ws.filter((w) => lookup(w).lexeme !== '');
  /** Products using all of a term's words (a phrase needs every one); stop words do not count. */
  const termDocs = (t: Term) => {
    const ws = content(t.words);
    if (ws.length === 0) return 0;
    const last = t.words[t.words.length - 1]!;
    const docs = (w: string) => lookup(w).docs;
    return Math.min(
      ...ws.map((w) => (t.prefix && w === last ? Math.max(docs(w), lookup(w).prefixDocs) : docs(w))),
    );
  };

  const planned: PlannedClause[] = [];
  for (const d of drafts) {
    const { clause } = d;
    if (content(clause.words).length === 0) continue; // stop words only: full text ignores them
    const exact = [{ words: clause.words, prefix: clause.prefix }, ...d.admin];
    const own = Math.max(...exact.map(termDocs));
    const found = own > 0;
    let dictionary = [...d.dictionary, ...(own < NARROWER_BELOW ? d.narrower : [])].filter(
      (t) => termDocs(t) > 0,
    );
    // A word the catalog never uses: also its nearest broader words that the catalog uses
    // ("loveseat" → sofa; "soda" → soft drink, where "pop" is only ever a pop of colour). Only
    // those found through them, not even a single word the dictionary relates it to (a phrase's
    // words may all occur apart), are a guess.
    let inferred = false;
    if (!found) {
      const guess = dictionary.every((t) => t.words.length > 1);
      // Beside what the dictionary relates it to, only the very next broader words: siblings and
      // words two levels up are for when nothing else is known ("jewelry" is no decoration swing).
      const levels = guess ? d.broader : d.broader.slice(0, 1);
      const level = levels.map((l) => l.filter((t) => termDocs(t) > 0)).find((l) => l.length) ?? [];
      inferred = level.length > 0 && guess;
      dictionary = [...dictionary, ...level];
    }
    let typoTerms: Term[] = [];
    let corrected: string[] | null = null;
    // A dictionary word that found its meaning is no typo ("settee" is not "setter").
    if (!clause.negated && !found && dictionary.length === 0) {
      const fixes = clause.words.map((w) =>
        info(w).lexeme === '' || info(w).docs > 0 ? [] : corrections(w, info(w).candidates, typos),
      );
      for (const c of fixes.flat()) if (!correctionDocs.has(c.word)) correctionDocs.set(c.word, c.docs);
      const unknown = clause.words.filter((w, i) => fixes[i]!.length === 0 && info(w).docs === 0);
      if (fixes.some((f) => f.length > 0) && unknown.every((w) => info(w).lexeme === '')) {
        corrected = clause.words.map((w, i) => fixes[i]![0]?.word ?? w);
        typoTerms =
          clause.words.length === 1
            ? fixes[0]!.map((c) => ({ words: [c.word], prefix: false }))
            : [{ words: corrected, prefix: false }];
      }
    }
    // How many products the clause finds: a dictionary phrase's words may all occur, but apart.
    const all = [...exact, ...dictionary.filter((t) => t.words.length === 1), ...typoTerms];
    planned.push({
      clause,
      kindOf: d.broader[0] ?? [],
      exact,
      dictionary,
      typos: typoTerms,
      docs: Math.max(0, ...all.map(termDocs)),
      corrected,
      inferred: inferred && typoTerms.length === 0,
    });
  }

  // Words the catalog writes as one must have been typed next to each other (no stop word between).
  const order = new Map(drafts.map((d, i) => [d.clause, i]));
  // What else two adjacent words match as a whole: written as one, or a dictionary phrase's synonyms.
  const groups = groupClauses(planned, categories, (a, b, concat) => {
    const i = order.get(a)!;
    if (order.get(b) !== i + 1) return [];
    return [...(concat ? [concat] : []), ...drafts[i]!.phrase].filter((t) => termDocs(t) > 0);
  });
  const size = Math.max(catalogSize, 1, ...planned.map((c) => c.docs * 2));
  const units = groups
    .filter((g) => g.clauses.some((c) => !c.clause.negated))
    .map(({ clauses, join, gaps, joined }): Unit => {
      const positive = clauses.filter((c) => !c.clause.negated);
      const docs = Math.max(
        join === 'and'
          ? Math.min(...positive.map((c) => c.docs))
          : Math.max(0, ...positive.map((c) => c.docs)),
        ...joined.map(termDocs),
      );
      const typed = positive.map((c) => c.corrected ?? c.clause.words);
      const terms = positive.flatMap((c) => [...c.exact, ...c.dictionary, ...c.typos, ...c.kindOf]);
      const own = [
        ...(join === 'and' ? categories.named(typed.flat()) : typed.flatMap((w) => categories.named(w))),
        ...joined.flatMap((t) => categories.named(t.words)),
      ];
      const named = join === 'and' ? own : terms.flatMap((t) => categories.named(t.words));
      const ids = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
      return {
        clauses,
        join,
        gaps,
        docs,
        joined,
        inferred: positive.every((c) => c.inferred),
        possible:
          join === 'and'
            ? joined.length > 0 || positive.every((c) => c.docs > 0 || c.dictionary.length > 0)
            : docs > 0 || positive.some((c) => c.dictionary.length > 0),
        weight: Math.log(1 + size / (docs > 0 ? docs : 0.5)),
        categories: ids([...named, ...own]),
        ownCategories: ids(own),
        brands: ids(
          join === 'and' ? categories.brands(typed.flat()) : typed.flatMap((w) => categories.brands(w)),
        ),
      };
    });
  const fixed = new Map(planned.filter((c) => c.corrected).map((c) => [c.clause, c.corrected!]));
  return {
    units,
    filters: groups.filter((g) => g.clauses.every((c) => c.clause.negated)).map((g) => g.clauses),
    phrase: namePhrase(drafts, planned),
    name: wholeName(drafts, fixed),
    correctedQuery:
      fixed.size > 0
        ? queryText({ clauses: drafts.map(({ clause: c }) => ({ ...c, words: fixed.get(c) ?? c.words })) })
        : null,
  };
}

type Group = Pick<Unit, 'clauses' | 'join' | 'gaps' | 'joined'>;

/** Most words that may name one category or brand together ("dolce gabbana eau de parfum" is not one). */
const MAX_ENTITY_WORDS = 4;

/**
 * Clauses joined by `or` form one unit; so do consecutive plain clauses that together name a
 * category or brand (longest first), and two words the catalog also writes as one or that the
 * dictionary knows as a phrase with synonyms the catalog uses; the others are a unit each.
 */
function groupClauses(
  planned: PlannedClause[],
  entities: CategoryIndex,
  together: (a: Clause, b: Clause, concatenation: Term | null) => Term[],
): Group[] {
  const groups: Group[] = [];
  const plain = (i: number) =>
    !!planned[i] &&
    !planned[i]!.clause.negated &&
    !planned[i]!.clause.orWithPrevious &&
    !planned[i + 1]?.clause.orWithPrevious;
  for (let i = 0; i < planned.length;) {
    let end = i;
    let gaps: number[] | null = null;
    for (let j = Math.min(planned.length, i + MAX_ENTITY_WORDS); j >= i + 2 && !gaps; j--) {
      const run = planned.slice(i, j);
      // One word a clause: a quoted phrase is already matched as typed.
      if (!run.every((c, k) => plain(i + k) && c.clause.words.length === 1)) continue;
      gaps = entities.entity(run.map((c) => (c.corrected ?? c.clause.words)[0]!));
      end = j;
    }
    if (gaps) {
      groups.push({ clauses: planned.slice(i, end), join: 'and', gaps, joined: [] });
      i = end;
      continue;
    }
    const next = planned[i + 1];
    const joined =
      next && plain(i) && plain(i + 1)
        ? together(planned[i]!.clause, next.clause, concatenation(planned[i]!.clause, next.clause))
        : [];
    if (joined.length) {
      groups.push({ clauses: [planned[i]!, next!], join: 'and', gaps: [0], joined });
      i += 2;
      continue;
    }
    const c = planned[i]!;
    if (c.clause.orWithPrevious && groups.length && groups[groups.length - 1]!.join === 'or')
      groups[groups.length - 1]!.clauses.push(c);
    else groups.push({ clauses: [c], join: 'or', gaps: [], joined: [] });
    i++;
  }
  return groups;
}

/** The typed words (typos corrected) as a phrase in the name; see SearchPlan.phrase. */
function namePhrase(drafts: DraftClause[], planned: PlannedClause[]): string | null {
  const positive = planned.filter((c) => !c.clause.negated);
  if (positive.length < 2 || drafts.some((d) => d.clause.orWithPrevious)) return null;
  const fixed = new Map(positive.map((c) => [c.clause, c.corrected ?? c.clause.words]));
  // Stop-word clauses stay in: to_tsquery counts their positions ("set of 4" is `set <2> 4`).
  const words = drafts
    .filter((d) => !d.clause.negated)
    .flatMap((d, i, all) => {
      const ws = fixed.get(d.clause) ?? d.clause.words;
      const prefix =
        d.clause.prefix && i === all.length - 1 && !planned.find((c) => c.clause === d.clause)?.corrected;
      return ws.map((w, k) => `${w}:${prefix && k === ws.length - 1 ? '*' : ''}A`);
    });
  return words.join(' <-> ');
}

/** SearchPlan.name: every word as typed (stop words too), when there is no `or` and no exclusion. */
function wholeName(drafts: DraftClause[], fixed: Map<Clause, string[]>): string | null {
  if (drafts.length === 0 || drafts.some((d) => d.clause.orWithPrevious || d.clause.negated)) return null;
  return drafts.flatMap((d) => fixed.get(d.clause) ?? d.clause.words).join(' ');
}
