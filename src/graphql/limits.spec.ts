import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { STATEMENT_COST } from './cost-model';
import { assertWithinLimits } from './limits';

const schema = buildSchema(`
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!]) on FIELD_DEFINITION
  directive @cost(weight: Int!) on FIELD_DEFINITION
  interface Node { id: ID! }
  type Query {
    items(first: Int, last: Int): ItemConnection!
    item: Item
    nodes(ids: [ID!]!): [Node]! @listSize(slicingArguments: ["ids"])
    loose: [Item!]!
  }
  type ItemConnection { nodes: [Item!]! edges: [ItemEdge!]! totalCount: Int! pageInfo: PageInfo! }
  type ItemEdge { cursor: String! node: Item! }
  type PageInfo { hasNextPage: Boolean! }
  type Item implements Node {
    id: ID! name: String tags: [String!]!
    children: [Item!]! @listSize(assumedSize: 3)
    parent: Item
    heavy: Int @cost(weight: 50)
    related(first: Int): ItemConnection!
  }
`);
const limits = { maxDepth: 5, maxCost: 1_000_000, maxPageSize: 100 };
const S = STATEMENT_COST;
const check = (q: string, variables?: Record<string, unknown>, l = limits) =>
  assertWithinLimits(schema, parse(q), undefined, variables, l);

describe('query cost and depth', () => {
  it.each([
    ['a field costs 1 per item above it', '{ item { id name } }', 2, 3],
    ['nesting adds depth', '{ item { parent { parent { id } } } }', 4, 4],
    [
      'a connection costs a statement, its nodes the page size',
      '{ items(first: 10) { nodes { id } } }',
      3,
      S + 1 + 10,
    ],
    [
      'edges and nodes carry the page size, pageInfo does not',
      '{ items(first: 10) { edges { node { id } } pageInfo { hasNextPage } } }',
      4,
      S + 1 + 10 * 2 + 2,
    ],
    ['totalCount is a statement', '{ items(first: 10) { totalCount } }', 2, S + S],
    ['no page size: the default page of 20', '{ items { nodes { id } } }', 3, S + 1 + 20],
    ['a page size from a variable', 'query($n: Int) { items(first: $n) { nodes { id } } }', 3, S + 1 + 5],
    [
      'a page size from a variable default',
      'query($m: Int = 50) { items(first: $m) { nodes { id } } }',
      3,
      S + 1 + 50,
    ],
    ['unpaginated lists count their declared maximum', '{ item { children { id } } }', 3, 1 + 1 + 3],
    ['@cost weights a field', '{ item { heavy } }', 2, 1 + 50],
    [
      'a nested connection costs a statement per parent',
      '{ items(first: 10) { nodes { related(first: 2) { nodes { id } } } } }',
      5,
      S + 1 + 10 * (S + 1 + 2),
    ],
    ['nodes(ids:) counts the ids sent', '{ nodes(ids: ["a", "b", "c"]) { id } }', 2, 1 + 3],
    ['nodes(ids:) counts ids from variables', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', 2, 1 + 7],
    [
      'a fragment is measured where it is spread',
      '{ item { ...F } } fragment F on Item { id parent { id } }',
      3,
      1 + 1 + 1 + 1,
    ],
    ['__typename is free', '{ item { __typename id } }', 2, 2],
    ['an undeclared list counts the maximum page size', '{ loose { id } }', 2, 1 + 100],
  ])('%s', (_name, q, depth, cost) => {
    expect(check(q, { n: 5, ids: ['1', '2', '3', '4', '5', '6', '7'] })).toEqual({ depth, cost });
  });

  it('counts introspection by what it returns, without depth', () => {
    const one = check('{ __schema { types { name } } }');
    const types = Object.keys(schema.getTypeMap()).length;
    expect(one).toEqual({ depth: 0, cost: 1 + 1 + types });
    const full = check(getIntrospectionQuery(), {}, { ...limits, maxDepth: 5 });
    expect(full.depth).toBe(0);
    expect(full.cost).toBeGreaterThan(types * 5);
  });

  it.each([
    ['too deep', '{ item { parent { parent { parent { parent { parent { id } } } } } } }', {}],
    [
      'too costly',
      '{ items(first: 100) { nodes { related(first: 100) { nodes { children { id } } } } } }',
      {},
    ],
    ['page too large', '{ items(first: 101) { nodes { id } } }', {}],
    ['page too large via variable', 'query($n: Int) { items(first: $n) { nodes { id } } }', { n: 1000 }],
    ['page too large via default', 'query($n: Int = 1000) { items(first: $n) { nodes { id } } }', {}],
    ['too many ids', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill('x') }],
    [
      'introspection aliased',
      `{ ${Array.from({ length: 500 }, (_, i) => `s${i}: __schema { types { fields { name } } }`).join(' ')} }`,
      {},
    ],
  ])('refuses a query that is %s', (_name, q, variables) => {
    expect(() => check(q, variables, { ...limits, maxCost: 20_000 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }),
    );
  });

  it('measures a fragment fan-out once per fragment and stops at the limit', () => {
    let q = 'query Q { ...F0 } ';
    for (let i = 0; i < 200; i++) q += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} } `;
    q += 'fragment F200 on Query { item { id } }';
    // 2^200 fields if expanded: the walk must finish at once rather than expand it.
    expect(() => check(q)).toThrow(expect.objectContaining({ message: expect.stringMatching(/cost/) }));
  });
});
