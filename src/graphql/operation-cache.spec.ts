import { parse } from 'graphql';
import { operationMemo } from './operation-cache';

describe('operationMemo', () => {
  const query = parse('query Q($q: String) { a(q: $q) }');
  const counted = () => {
    const memo = operationMemo<number>();
    let calls = 0;
    const run = (doc = query, variables: Record<string, unknown> = { q: 'x' }, name: string | null = null) =>
      memo(doc, name, variables, () => ++calls);
    return { run, calls: () => calls };
  };

  it('computes a query once per document, operation name and variables', () => {
    const c = counted();
    expect([
      c.run(),
      c.run(),
      c.run(query, { q: 'y' }),
      c.run(query, { q: 'y' }),
      c.run(query, { q: 'x' }, 'Q'),
    ]).toEqual([1, 1, 2, 2, 3]);
    // The same text parsed again is another document (Apollo hands the cached one).
    c.run(parse('query Q($q: String) { a(q: $q) }'));
    expect(c.calls()).toBe(4);
  });

  it.each([
    ['a mutation', parse('mutation { b }'), {}],
    ['a subscription', parse('subscription { c }'), {}],
    ['variables too long to key', parse('query { a }'), { big: 'x'.repeat(5_000) }],
  ])('never remembers %s', (_label, doc, variables) => {
    const c = counted();
    c.run(doc, variables);
    c.run(doc, variables);
    expect(c.calls()).toBe(2);
  });

  it('does not remember a thrown error', () => {
    const memo = operationMemo<number>();
    let calls = 0;
    const fail = () => {
      calls++;
      throw new Error('over the limit');
    };
    expect(() => memo(query, null, {}, fail)).toThrow('over the limit');
    expect(() => memo(query, null, {}, fail)).toThrow('over the limit');
    expect(calls).toBe(2);
  });
});
