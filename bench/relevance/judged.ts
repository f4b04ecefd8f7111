/**
 * Judged queries and the measures of bench:relevance: graded relevance (0/1/2) per product slug,
 * nDCG@10 per kind of query, typo recall@3 and zero-result precision.
 */

export const KINDS = [
  'exact name',
  'brand + type',
  'category word',
  'type + attribute',
  'synonym',
  'one typo',
  'half-typed',
  'absent',
] as const;
export type Kind = (typeof KINDS)[number];

export interface Judged {
  q: string;
  kind: Kind;
  /** Slug → grade (2: what was asked for, 1: related); unlisted products are 0. */
  grades: Map<string, 1 | 2>;
}

export interface Outcome {
  judged: Judged;
  /** Slugs returned, best first (the first page). */
  slugs: string[];
  total: number;
}

const gain = (g: number) => 2 ** g - 1;

/** nDCG@k with gains 2^g − 1 and a log2 discount; null when nothing is relevant (absent). */
export function ndcg(o: Outcome, k = 10): number | null {
  const dcg = (gs: number[]) => gs.slice(0, k).reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
  const ideal = dcg([...o.judged.grades.values()].sort((a, b) => b - a));
  if (ideal === 0) return null;
  return dcg(o.slugs.map((s) => o.judged.grades.get(s) ?? 0)) / ideal;
}

export interface Report {
  queries: number;
  byKind: { kind: Kind; queries: number; ndcg: number | null }[];
  overall: number;
  /** Typo queries with a product of grade 2 in the top 3. */
  typoRecallAt3: number;
  /** Of the queries that returned nothing, the share that should have (kind absent). */
  zeroResultPrecision: number;
  zeroResults: number;
  /** Of the queries that should return nothing, the share that did. */
  absentAnsweredEmpty: number;
  worst: { q: string; kind: Kind; ndcg: number; top: string[] }[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function report(outcomes: Outcome[]): Report {
  const scored = outcomes.map((o) => ({ o, n: ndcg(o) }));
  const byKind = KINDS.map((kind) => {
    const xs = scored.filter((s) => s.o.judged.kind === kind);
    const ns = xs.map((s) => s.n).filter((n): n is number => n !== null);
    return { kind, queries: xs.length, ndcg: ns.length ? mean(ns) : null };
  });
  const typos = outcomes.filter((o) => o.judged.kind === 'one typo');
  const zero = outcomes.filter((o) => o.total === 0);
  const absent = outcomes.filter((o) => o.judged.kind === 'absent');
  return {
    queries: outcomes.length,
    byKind,
    overall: mean(scored.map((s) => s.n).filter((n): n is number => n !== null)),
    typoRecallAt3: mean(
      typos.map((o) => (o.slugs.slice(0, 3).some((s) => o.judged.grades.get(s) === 2) ? 1 : 0)),
    ),
    zeroResultPrecision: zero.length
      ? zero.filter((o) => o.judged.kind === 'absent').length / zero.length
      : 1,
    zeroResults: zero.length,
    absentAnsweredEmpty: mean(absent.map((o) => (o.total === 0 ? 1 : 0))),
    worst: scored
      .filter((s): s is { o: Outcome; n: number } => s.n !== null && s.n < 0.75)
      .sort((a, b) => a.n - b.n)
      .map((s) => ({ q: s.o.judged.q, kind: s.o.judged.kind, ndcg: s.n, top: s.o.slugs.slice(0, 5) })),
  };
}

/** The figures as bench:relevance prints them. */
export function formatReport(title: string, r: Report): string {
  const f = (n: number | null) => (n === null ? '  -  ' : n.toFixed(3));
  return [
    `${title}: ${r.queries} judged queries`,
    ...r.byKind.map((k) => `  nDCG@10 ${k.kind.padEnd(17)} ${f(k.ndcg)}  (${k.queries} queries)`),
    `  nDCG@10 overall           ${f(r.overall)}`,
    `  typo recall@3             ${f(r.typoRecallAt3)}`,
    `  zero-result precision     ${f(r.zeroResultPrecision)}  (${r.zeroResults} queries returned nothing)`,
    `  absent answered empty     ${f(r.absentAnsweredEmpty)}`,
  ].join('\n');
}
