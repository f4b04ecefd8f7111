import { correctQuery, editDistance } from './correction';
import { parseQuery, queryText, toTsqueryText } from './query-parser';
import { buildSynonymMap } from './synonyms';

describe('parseQuery + toTsqueryText', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['!!! ??', ''],
    ['Shoes', '(shoes | shoes:*)'],
    ['shoes ', 'shoes'],
    ['red shoes', 'red & (shoes | shoes:*)'],
    ['"trail runner"', '(trail <-> runner)'],
    ['"trail runner', '(trail <-> runner)'],
    ['runner -trail', 'runner & !trail'],
    ['-"road race" shoe', '!(road <-> race) & (shoe | shoe:*)'],
    ['kettle or toaster', 'kettle | (toaster | toaster:*)'.replace(/^(.*)$/, '($1)')],
    ['big tv or television ', 'big & (tv | television)'],
    ['or shoes ', 'shoes'],
    ["t-shirt's & | ! <-> :*", '(t <-> shirt <-> s)'],
    ['a', 'a'],
  ])('%p → %p', (raw, tsq) => {
    expect(toTsqueryText(parseQuery(raw))).toBe(tsq);
  });

  it('caps the length and the number of clauses', () => {
    const q = parseQuery('word '.repeat(500));
    expect(q.clauses.length).toBeLessThanOrEqual(12);
    expect(parseQuery('x'.repeat(5000)).clauses[0]!.words[0]!.length).toBe(200);
  });

  it('splices synonyms into terms, both ways, and phrases of synonyms', () => {
    const syn = buildSynonymMap([{ term: 'TV', synonyms: ['television', 'flat screen'] }]);
    expect(toTsqueryText(parseQuery('tv '), syn)).toBe('(tv | television | (flat <-> screen))');
    expect(toTsqueryText(parseQuery('television '), syn)).toBe('(television | tv | (flat <-> screen))');
    expect(toTsqueryText(parseQuery('"flat screen" '), syn)).toBe('((flat <-> screen) | tv | television)');
  });
});

describe('typo correction', () => {
  it.each([
    ['velocity', 'velocty', 1],
    ['kettle', 'ketlte', 1],
    ['abc', 'abc', 0],
    ['electric', 'electrik', 1],
    ['', 'abc', 3],
  ])('editDistance(%p, %p) = %p', (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it('replaces words within the allowed distance and rebuilds the query text', () => {
    const q = parseQuery('electrik "stel kettle" -red');
    const fixed = correctQuery(
      q,
      new Map([
        ['electrik', 'electric'],
        ['stel', 'steel'],
        ['kettle', 'kettle'],
        ['red', 'bed'],
      ]),
    );
    expect(queryText(fixed!)).toBe('electric "steel kettle" -red');
  });

  it('refuses corrections that are too far or of short words, and reports no change as null', () => {
    expect(correctQuery(parseQuery('veloc'), new Map([['veloc', 'velocity']]))).toBeNull();
    expect(correctQuery(parseQuery('tv'), new Map([['tv', 'to']]))).toBeNull();
    expect(correctQuery(parseQuery('kettle'), new Map([['kettle', 'kettle']]))).toBeNull();
  });
});
