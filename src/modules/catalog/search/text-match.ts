/**
 * Renders a search plan as the `to_tsquery('english', …)` texts search-sql.ts runs: the match
 * condition (every unit, or relaxed: most of them) and, per unit, the variants the ranking
 * compares (any alternative, no typo, as typed, in the name, in brand/category/tags).
 */
import { baseForms } from './lexicon';
import type { PlannedClause, SearchPlan, Term, Unit } from './query-plan';

type Kind = 'exact' | 'dictionary' | 'typos';
const ALL: Kind[] = ['exact', 'dictionary', 'typos'];

/** Per unit, the tsquery texts the ranking evaluates on each matched product. */
export interface UnitQueries {
  /** Any alternative. */
  any: string;
  /**
   * Without typo corrections, and a word being typed as it is (no prefix); null when the unit has
   * neither (then it equals `any`).
   */
  noTypo: string | null;
  /** As typed and the shop's own synonyms; null when the unit has no dictionary terms. */
  exact: string | null;
  /** Any alternative in the name (weight A), in brand/own category/tags (weight B). */
  name: string;
  meta: string;
  weight: number;
  /** Categories (with descendants) the unit's words name. */
  categories: number[];
  /** Of those, the categories the words as typed name (they count twice). */
  ownCategories: number[];
  /** Brands the unit's words name. */
  brands: number[];
  /** Matched only through broader or similar words (Unit.inferred). */
  inferred: boolean;
}

export interface TextMatch {
  kind: 'text';
  /** What every result matches. */
  where: string;
  /** True when products may match only some units (relaxed): the ranking counts them. */
  partial: boolean;
  /**
   * Relaxed: what matches every unit, when some products do. They rank first, so a bound on the
   * products relaxed matching reads must never drop them for products matching fewer words.
   */
  complete: string | null;
  units: UnitQueries[];
  /** For ts_rank_cd (how close together the words are). */
  proximity: string;
  /** The words in order in the name (SearchPlan.phrase), or null. */
  phrase: string | null;
  /** Whole names (lower case) the query is, singular or plural: such a product ranks first. */
  names: string[];
  /** Products of the categories of those matching `complete` match too, ranked below (relatedTo). */
  related?: boolean;
}

/**
 * `chair`, `mach:*`, `(coffee <-> maker)`; with a weight: `chair:A`, `mach:*A`. `whole`: a word
 * being typed is taken as it is, not as a prefix (`mach`).
 */
function term(t: Term, weight: string, whole = false): string {
  const last = t.words.length - 1;
  const prefix = t.prefix && !whole;
  const ws = t.words.map((w, i) => w + (prefix && i === last ? `:*${weight}` : weight ? `:${weight}` : ''));
  return ws.length === 1 ? ws[0]! : `(${ws.join(' <-> ')})`;
}

const anyOf = (parts: string[]) => (parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`);

function clauseQuery(c: PlannedClause, kinds: Kind[], weight = '', whole = false): string | null {
  const terms = kinds.flatMap((k) => (c.clause.negated ? (k === 'exact' ? c.exact : []) : c[k]));
  if (terms.length === 0) return null;
  const body = anyOf(terms.map((t) => term(t, weight, whole)));
  return c.clause.negated ? `!${body}` : body;
}

/**
 * A unit's clauses: any of them (`or`), or all of them as in the name they form (`and`, in order,
 * `gaps` apart; anywhere for a gap of 0), or the words written as one.
 */
function unitQuery(
  u: { clauses: PlannedClause[]; join?: Unit['join']; gaps?: number[]; joined?: Term[] },
  kinds: Kind[],
  weight = '',
  whole = false,
): string {
  const parts = u.clauses
    .map((c) => clauseQuery(c, kinds, weight, whole))
    .filter((x): x is string => x !== null);
  if (u.join !== 'and' || parts.length !== u.clauses.length) return anyOf(parts);
  const gap = (i: number) => {
    const g = u.gaps![i - 1]!;
    return g === 0 ? ' & ' : g === 1 ? ' <-> ' : ` <${g}> `;
  };
  const all = `(${parts.map((p, i) => (i === 0 ? p : gap(i) + p)).join('')})`;
  return u.joined?.length ? anyOf([all, ...u.joined.map((t) => term(t, weight, whole))]) : all;
}

/** Whether a word of the unit is still being typed (matched as a prefix). */
const isTyped = (u: Unit) =>
  u.clauses.some((c) => !c.clause.negated && c.exact.some((t) => t.prefix)) ||
  (u.joined ?? []).some((t) => t.prefix);

function unitQueries(u: Unit): UnitQueries {
  const positive = u.clauses.filter((c) => !c.clause.negated);
  return {
    any: unitQuery(u, ALL),
    // A word matched only as the start of a longer one ("car" in "carbon") is a guess at the
    // word being typed, like a typo correction: products with the word itself rank first.
    noTypo:
      positive.some((c) => c.typos.length) || isTyped(u)
        ? unitQuery(u, ['exact', 'dictionary'], '', true)
        : null,
    exact: positive.some((c) => c.dictionary.length) ? unitQuery(u, ['exact']) : null,
    name: unitQuery({ ...u, clauses: positive }, ALL, 'A'),
    meta: unitQuery({ ...u, clauses: positive }, ALL, 'B'),
    weight: u.weight,
    categories: u.categories,
    ownCategories: u.ownCategories,
    brands: u.brands,
    inferred: u.inferred,
  };
}

const and = (parts: string[]) => parts.join(' & ');

/** The query as a whole name, its last word singular or plural ("egg" and "eggs" name "Eggs"). */
function wholeNames(plan: SearchPlan): string[] {
  if (!plan.name) return [];
  const cut = plan.name.lastIndexOf(' ') + 1;
  const [head, last] = [plan.name.slice(0, cut), plan.name.slice(cut)];
  return [...new Set([...baseForms(last), `${last}s`, `${last}es`].map((w) => head + w))];
}

/** At most this many of the rarest units are combined when relaxing (C(6,3) = 20 alternatives). */
export const MAX_RELAXED_UNITS = 6;

/** Every k-element subset of xs, in order. */
function subsets<T>(xs: T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [head, ...rest] = xs;
  return [...subsets(rest, k - 1).map((s) => [head!, ...s]), ...subsets(rest, k)];
}

/**
 * The match of a plan: `full` needs every unit. Relaxed, a product needs a set of units that is
 * at least half of the units the catalog knows (rounded up, among the rarest MAX_RELAXED_UNITS).
 * When nothing matched every unit (`nothingFull`), the set must also carry at least half of the
 * query's weight, unknown units counting as the rarest words: then a rare word or a word the
 * catalog never uses cannot be dropped for a common one ("dog food" in a furniture shop finds
 * nothing rather than everything about food). Null when there is nothing to match, or nothing
 * can be relaxed. `widest` needs one unit (still with the weight rule when nothing was full):
 * the last step when even most words find too few products, ranked by how many words match.
 * The same plan and mode give the same (shared, never modified) object.
 */
export function textMatch(
  plan: SearchPlan,
  mode: 'full' | 'relaxed' | 'widest',
  nothingFull = false,
): TextMatch | null {
  let byMode = matches.get(plan);
  if (!byMode) matches.set(plan, (byMode = new Map()));
  const key = `${mode}:${nothingFull}`;
  if (!byMode.has(key)) byMode.set(key, renderMatch(plan, mode, nothingFull));
  return byMode.get(key)!;
}

/**
 * The matches of each plan, rendered once: a cached plan is searched again and again, and the same
 * match object lets search-sql.ts reuse the statement it built for it.
 */
const matches = new WeakMap<SearchPlan, Map<string, TextMatch | null>>();

function renderMatch(
  plan: SearchPlan,
  mode: 'full' | 'relaxed' | 'widest',
  nothingFull: boolean,
): TextMatch | null {
  const filters = plan.filters.map((g) => unitQuery({ clauses: g }, ['exact']));
  const units = plan.units.map(unitQueries);
  if (units.length === 0 && filters.length === 0) return null;
  const all = units.map((u) => u.any);
  /** Every unit and every exclusion: the full match, and what ranks first when relaxed. */
  const complete = and([...all, ...filters]);
  if (mode === 'full') {
    return {
      kind: 'text',
      where: complete,
      partial: false,
      complete: null,
      units,
      proximity: and(all),
      phrase: plan.phrase,
      names: wholeNames(plan),
    };
  }
  const known = plan.units
    .map((u, i) => ({ u, i }))
    .filter(({ u }) => u.docs > 0)
    .sort((a, b) => b.u.weight - a.u.weight)
    .slice(0, MAX_RELAXED_UNITS);
  if (plan.units.length < 2 || known.length === 0) return null;
  const need = mode === 'widest' ? 1 : Math.ceil(known.length / 2);
  const half = nothingFull ? plan.units.reduce((s, u) => s + u.weight, 0) / 2 : 0;
  const sets: (typeof known)[] = [];
  for (let k = need; k <= known.length; k++)
    for (const set of subsets(known, k))
      if (
        set.reduce((s, x) => s + x.u.weight, 0) >= half - 1e-9 &&
        !sets.some((smaller) => smaller.every((x) => set.includes(x)))
      )
        sets.push(set);
  if (sets.length === 0) return null;
  const alternatives = sets.map((s) =>
    s.length === 1 ? units[s[0]!.i]!.any : `(${and(s.map((x) => units[x.i]!.any))})`,
  );
  const where = and([anyOf(alternatives), ...filters]);
  return {
    kind: 'text',
    where,
    partial: true,
    complete: nothingFull ? null : complete,
    units,
    proximity: all.join(' | '),
    phrase: plan.phrase,
    names: wholeNames(plan),
  };
}

/**
 * The match that also finds the other products of the categories of the products matching every
 * word, below all matches (they do not match as the matches do, though some may share a word;
 * `related` on their edges): what a shop shows as
 * "more like this" when a search finds only a few products ("lipstik" → the red lipstick, then the
 * rest of Beauty). Null when nothing matched every word (no sure category to go by), and for a
 * query with exclusions, which the category's other products would not honour.
 */
export function relatedTo(found: TextMatch, plan: SearchPlan): TextMatch | null {
  // Once per match, like textMatch's: the same object lets search-sql.ts reuse its statement.
  if (!relatedOf.has(found)) {
    const complete = found.partial ? found.complete : found.where;
    relatedOf.set(
      found,
      !complete || plan.filters.length > 0 || found.related
        ? null
        : {
            ...found,
            partial: true,
            complete,
            proximity: found.units.map((u) => u.any).join(' | ') || found.proximity,
            related: true,
          },
    );
  }
  return relatedOf.get(found)!;
}

const relatedOf = new WeakMap<TextMatch, TextMatch | null>();
