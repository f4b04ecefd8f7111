import type { TestApp } from './test-app';

type Result = { searchProducts: { edges: { node: { slug: string } }[] } };

/** The slugs of a search's first 20 results, in order; fails the test on any GraphQL error. */
export async function searchSlugs(t: TestApp, q: string): Promise<string[]> {
  const res = await t.execute<Result>(
    `query($q: String!) { searchProducts(query: $q, first: 20) { edges { node { slug } } } }`,
    { variables: { q } },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.searchProducts.edges.map((e) => e.node.slug);
}
