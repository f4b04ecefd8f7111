import { parse } from 'graphql';
import { encodeCursor } from '../../../graphql/connection';
import { buildSchema } from '../../../server/schema';
import { compileCatalogRead } from './root';

const schema = buildSchema();
const compileOp = (query: string, variables: Record<string, unknown> = {}) =>
  compileCatalogRead({ schema, document: parse(query), operationName: null, variables, maxPageSize: 100 });
/** The operation's one statement (every root field compiled to SQL). */
const compile = (query: string, variables: Record<string, unknown> = {}) =>
  compileOp(query, variables)?.statement;

/** 'compiled', 'general' (null: not a query or variables do not coerce), or the reason it throws. */
function outcome(query: string, variables?: Record<string, unknown>): string {
  try {
    const c = compileOp(query, variables);
    return !c ? 'general' : c.deferred.size ? `compiled, ${c.deferred.size} run by code` : 'compiled';
  } catch (err) {
    return (err as Error).message;
  }
}

/** More response keys on one object than one json_build_object takes: the general path answers. */
const FIFTY_ONE = Array.from({ length: 51 }, (_, i) => `n${i}: name`).join(' ');

describe('compileCatalogRead', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['{ products { totalCount } }', {}, 'compiled'],
    [
      '{ products(first: 5) { edges { cursor node { id name brand { name } } } pageInfo { hasNextPage } } }',
      {},
      'compiled',
    ],
    [
      '{ product(slug: "x") { id variants { price { amount } } } category(slug: "y") { path } }',
      {},
      'compiled',
    ],
    ['{ categories { children { products(first: 2) { nodes { id } } } } brands { id } }', {}, 'compiled'],
    ['{ __typename products { __typename } }', {}, 'compiled'],
    ['query($s: Boolean!) { products { totalCount } me @skip(if: $s) { id } }', { s: true }, 'compiled'],
    ['query($s: Boolean!) { products { totalCount } me @skip(if: $s) { id } }', { s: false }, 'Query.me'],
    [
      '{ products { nodes { reviews(first: 2, after: "x") { totalCount edges { cursor node { id authorName } } } } } }',
      {},
      'Invalid cursor',
    ],
    [`{ products { nodes { ${FIFTY_ONE} } } }`, {}, 'more than 50 fields on Product'],
    ['{ me { id } }', {}, 'Query.me'],
    ['{ products { totalCount } node(id: "x") { id } }', {}, 'Query.node'],
    ['{ searchProducts(query: "x") { totalCount } }', {}, 'compiled, 1 run by code'],
    [
      '{ products { totalCount } searchProducts(query: "x") { edges { node { id } highlight { name } } facets { brands { brand { name } count } } } }',
      {},
      'compiled, 1 run by code',
    ],
    [
      '{ searchProducts(query: "x") { edges { node { reviews { totalCount } } } } }',
      {},
      'compiled, 1 run by code',
    ],
    ['mutation { customerLogout { userErrors { code } } }', {}, 'general'],
    ['query($n: Int) { products(first: $n) { totalCount } }', { n: 'ten' }, 'general'],
    ['{ products(first: 1, last: 1) { totalCount } }', {}, 'Pass either first or last, not both'],
    ['{ products(after: "nope") { totalCount } }', {}, 'Invalid cursor'],
    ['{ products(first: 101) { totalCount } }', {}, 'Page size 101 exceeds the maximum of 100'],
    ['{ product(id: "a", slug: "b") { id } }', {}, 'pass exactly one of id or slug'],
  ])('%s %j → %s', (query, variables, expected) => {
    expect(outcome(query, variables)).toBe(expected);
  });

  it('keeps one statement text per shape, so prepared statements are reused', () => {
    const page = `query($after: String, $sort: ProductSort, $f: ProductFilter) {
      products(first: 10, after: $after, sort: $sort, filter: $f) { edges { cursor node { id } } } }`;
    const a = compile(page, { after: encodeCursor(['true', '5', '10']), f: { minPrice: '1' } })!;
    const b = compile(page, { after: encodeCursor(['false', '9', '77']), f: { minPrice: '20.5' } })!;
    expect(b.text).toBe(a.text);
    expect(b.values).not.toEqual(a.values);
    expect(compile(page, { f: { minPrice: '1' } })!.text).not.toBe(a.text); // first page: no cursor predicate
    expect(compile(page, { sort: 'NEWEST', f: { minPrice: '1' } })!.text).not.toBe(a.text);
  });

  it('passes client input as parameters, never in the SQL text', () => {
    const s = compile(`{ product(slug: "x'); DROP TABLE products; --") { name } }`)!;
    expect(s.text).not.toContain('DROP');
    expect(s.values).toContain("x'); DROP TABLE products; --");
  });
});
