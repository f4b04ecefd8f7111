import { GraphQLError } from 'graphql';
import { DatabaseError, Pool } from 'pg';
import { Prisma } from '../../src/generated/prisma/client';
import { inlineSql, queryRows } from '../../src/db/statements';
import { createLogger } from '../../src/logger';
import { createFormatError } from '../../src/server/error-masking';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

/**
 * The hot read paths write values into the statement text (src/db/statements.ts) so PostgreSQL
 * plans a repeated search once per connection: the inlined text must mean exactly what the same
 * statement with parameters means, whatever a shopper typed.
 */
describe('inlined statements', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it.each([
    ['quotes', `it's "quoted"`],
    ['backslashes', 'a\\b\\\\c\\'],
    ['SQL', `'); DROP TABLE products; --`],
    ['tsquery syntax', `jacket & !(red | "blue") <-> x:*`],
    ['dollar quoting', '$$ $1 $tag$'],
    ['emoji and mixed scripts', '👟 кроссовки 運動鞋'],
    ['an array with quotes and backslashes', [`a"b`, `c'd`, 'e\\f', 'NULL', '']],
  ])('%s: the same value as a parameter', async (_label, value) => {
    const sql = Prisma.sql`SELECT ${value}::text${Prisma.raw(Array.isArray(value) ? '[]' : '')} AS v`;
    const inlined = inlineSql(sql);
    expect(inlined).not.toBeNull();
    const [viaText] = (await pool.query<{ v: unknown }>(inlined!)).rows;
    const [viaParam] = (await pool.query<{ v: unknown }>(sql.text, sql.values)).rows;
    expect(viaText!.v).toEqual(value);
    expect(viaParam!.v).toEqual(value);
  });

  it('plans a repeated statement once per connection (a named, generic plan)', async () => {
    const sql = Prisma.sql`SELECT count(*)::int AS n FROM products WHERE name = ${"o'brien"} AND id = ANY(${[1, 2]}::int[])`;
    for (let i = 0; i < 3; i++)
      expect(await queryRows(pool, sql, { inline: true, namedKb: 1024 })).toEqual([{ n: 0 }]);
    const { rows } = await pool.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1`,
      [inlineSql(sql)],
    );
    // First use unnamed; from the second on, prepared once and executed from its plan.
    expect(rows).toEqual([{ generic_plans: '2', custom_plans: '0' }]);
  });

  it('DB_NAMED_STATEMENTS_KB=0: nothing is kept by the session (a transaction pooler may hand it to anyone)', async () => {
    const sql = Prisma.sql`SELECT ${'unnamed'}::text AS v`;
    for (let i = 0; i < 3; i++)
      expect(await queryRows(pool, sql, { inline: true, namedKb: 0 })).toEqual([{ v: 'unnamed' }]);
    const { rows } = await pool.query(`SELECT 1 FROM pg_prepared_statements WHERE statement = $1`, [
      inlineSql(sql),
    ]);
    expect(rows).toEqual([]);
  });

  it('a statement PostgreSQL cancels (statement_timeout) is answered QUERY_TOO_COMPLEX, as through Prisma', async () => {
    const client = await pool.connect();
    let cancelled: unknown;
    try {
      await client.query(`SET statement_timeout = 10`);
      await queryRows(client as unknown as Pool, Prisma.sql`SELECT pg_sleep(${1})`, {
        inline: true,
        namedKb: 0,
      }).catch((err: unknown) => (cancelled = err));
      await client.query(`RESET statement_timeout`);
    } finally {
      client.release();
    }
    expect(cancelled).toBeInstanceOf(DatabaseError);
    const format = createFormatError({ log: createLogger('silent'), exposeInternals: false });
    const answer = format(
      { message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new GraphQLError('x', { originalError: cancelled as Error, path: ['searchProducts'] }),
    );
    expect(answer.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(JSON.stringify(answer)).not.toContain('pg_sleep');
  });
});
