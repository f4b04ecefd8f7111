import { parse } from 'node:url';
import { searchOf } from './apollo-express';

describe('searchOf', () => {
  // What Apollo reads from it: the parameters, as from url.parse(url).search before.
  const params = (search: string | null) => [...new URLSearchParams(search ?? '').entries()];

  it.each([
    ['/', ''],
    ['/graphql', ''],
    ['/graphql?', '?'],
    ['/graphql?query={a}', '?query={a}'],
    ['/graphql?query=%7B%20a%20%7D&variables={"x":1}', '?query=%7B%20a%20%7D&variables={"x":1}'],
    ["/graphql?query={a(s:'x y')}&operationName=Q", "?query={a(s:'x y')}&operationName=Q"],
    ['/graphql?a=1?b=2', '?a=1?b=2'],
    ['/graphql?a=1#frag', '?a=1'],
    ['/graphql#frag?a=1', ''],
    ['/graphql?a=+b+&c=%2B', '?a=+b+&c=%2B'],
  ])('%s: %s', (url, search) => {
    expect(searchOf(url)).toBe(search);
    expect(params(searchOf(url))).toEqual(params(parse(url).search));
  });
});
