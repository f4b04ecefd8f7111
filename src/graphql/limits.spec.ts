import { buildSchema, parse } from 'graphql';
import { assertWithinLimits } from './limits';

const schema = buildSchema(`
  type Query { items(first: Int): ItemConnection! item: Item }
  type ItemConnection { nodes: [Item!]! }
  type Item { id: ID! name: String tags: [String!]! children: [Item!]! parent: Item }
`);
const limits = { maxDepth: 5, maxCost: 1000, maxPageSize: 100 };
const check = (q: string, variables?: Record<string, unknown>) =>
  assertWithinLimits(schema, parse(q), undefined, variables, limits);

describe('query limits', () => {
  it.each([
    ['{ item { id } }', 2, 2],
    ['{ item { parent { parent { id } } } }', 4, 4],
    ['{ items(first: 10) { nodes { id name } } }', 3, 1 + 10 + 20],
    ['{ item { children { id } } }', 3, 1 + 1 + 3],
    ['query($n: Int) { items(first: $n) { nodes { id } } }', 3, 1 + 5 + 5],
    ['{ item { ...F } } fragment F on Item { id parent { id } }', 3, 1 + 1 + 1 + 1],
    ['{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }', 0, 0],
  ])('measures %s', (q, depth, cost) => {
    expect(check(q, { n: 5 })).toEqual({ depth, cost });
  });

  it.each([
    ['too deep', '{ item { parent { parent { parent { parent { parent { id } } } } } } }', {}],
    ['too costly', '{ items(first: 100) { nodes { children { children { id } } } } }', {}],
    ['page too large', '{ items(first: 101) { nodes { id } } }', {}],
    ['page too large via variable', 'query($n: Int) { items(first: $n) { nodes { id } } }', { n: 1000 }],
  ])('rejects a query that is %s', (_name, q, variables) => {
    expect(() => check(q, variables)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }),
    );
  });
});
