import type { Judged, Outcome } from './judged';

/** What the harness asks searchProducts: the first page's slugs (10, as nDCG@10 reads) and the total. */
export const RELEVANCE_QUERY = `query($q: String!) {
  searchProducts(query: $q, first: 10) { totalCount edges { node { slug } } } }`;

export type RelevanceResult = { searchProducts: { totalCount: number; edges: { node: { slug: string } }[] } };

/** Runs each judged query through `search` (one at a time: latency is not measured here). */
export async function runJudged(
  judged: Judged[],
  search: (q: string) => Promise<RelevanceResult>,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const j of judged) {
    const r = (await search(j.q)).searchProducts;
    out.push({ judged: j, slugs: r.edges.map((e) => e.node.slug), total: r.totalCount });
  }
  return out;
}
