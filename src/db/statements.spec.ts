import { Prisma } from '../generated/prisma/client';
import { inlineSql, statementName } from './statements';

describe('inlineSql', () => {
  it.each([
    ['a string', Prisma.sql`SELECT ${'jacket'}`, `SELECT 'jacket'`],
    ['a quote', Prisma.sql`SELECT ${"it's"}`, `SELECT 'it''s'`],
    ['a backslash (E-string)', Prisma.sql`SELECT ${'a\\b'}`, `SELECT  E'a\\\\b'`],
    [
      'an injection attempt stays one literal',
      Prisma.sql`SELECT ${"'); DROP TABLE x; --"}`,
      `SELECT '''); DROP TABLE x; --'`,
    ],
    ['a number (untyped, as a parameter is)', Prisma.sql`LIMIT ${21}`, `LIMIT '21'`],
    ['a boolean', Prisma.sql`WHERE ${true}`, `WHERE 'true'`],
    ['null', Prisma.sql`SELECT ${null}`, 'SELECT NULL'],
    ['an array', Prisma.sql`= ANY(${[1, 2]}::int[])`, `= ANY('{"1","2"}'::int[])`],
    ['an array of quoted strings', Prisma.sql`${['a"b', "c'd"]}`, ` E'{"a\\\\"b","c''d"}'`],
    [
      'a date',
      Prisma.sql`${new Date(Date.UTC(2026, 0, 2, 3, 4, 5))}`,
      /^'2026-01-02T\d\d:04:05\.000[+-]\d\d:\d\d'$/,
    ],
    ['nested fragments', Prisma.sql`A ${Prisma.sql`B ${'x'} C`} ${'y'}`, `A B 'x' C 'y'`],
  ])('%s', (_label, sql, expected) => {
    const text = inlineSql(sql);
    if (expected instanceof RegExp) expect(text).toMatch(expected);
    else expect(text).toBe(expected);
  });

  it.each([
    ['a NUL character', 'a\0b'],
    ['bytes', Buffer.from('x')],
  ])('refuses %s (the statement goes with parameters instead)', (_label, value) => {
    expect(inlineSql(Prisma.sql`SELECT ${value}`)).toBeNull();
  });
});

describe('statementName', () => {
  const BUDGET = 1_000_000;

  it('names a text from its second use on, then keeps the name', () => {
    const text = `SELECT 'statements.spec ${Math.random()}'`;
    expect(statementName(text, BUDGET)).toBeUndefined();
    const name = statementName(text, BUDGET);
    expect(name).toMatch(/^bazaar_\d+$/);
    expect(statementName(text, BUDGET)).toBe(name);
    expect(statementName(`${text} `, BUDGET)).toBeUndefined();
  });

  it('names no text past the budget of named text (what each session keeps is bounded)', () => {
    const big = `SELECT '${'x'.repeat(2_000)}' -- ${Math.random()}`;
    statementName(big, 1_000);
    expect(statementName(big, 1_000)).toBeUndefined();
    expect(statementName(big, BUDGET)).toBeUndefined(); // uses past the budget were not counted as seen
    expect(statementName(big, BUDGET)).toMatch(/^bazaar_\d+$/);
  });
});
