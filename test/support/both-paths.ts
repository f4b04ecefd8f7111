import type { GqlResult, TestApp } from './test-app';

/**
 * Runs a document through the compiled read path and then through the resolvers
 * (GRAPHQL_COMPILED_READS off); returns both answers as clients see them (JSON) and the SQL each sent.
 */
export async function bothPaths<T = Record<string, unknown>>(
  t: TestApp,
  query: string,
  variables?: Record<string, unknown>,
) {
  const json = (r: GqlResult<T>) => JSON.parse(JSON.stringify(r)) as GqlResult<T>;
  const compiled = await t.countStatements(() => t.execute<T>(query, { variables }));
  t.config.GRAPHQL_COMPILED_READS = false;
  try {
    const general = await t.countStatements(() => t.execute<T>(query, { variables }));
    return {
      compiled: json(compiled.result),
      general: json(general.result),
      compiledSql: compiled.sql,
      generalSql: general.sql,
      generalStatements: general.statements,
    };
  } finally {
    t.config.GRAPHQL_COMPILED_READS = true;
  }
}
