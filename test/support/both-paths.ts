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

/**
 * Posts a document over HTTP through the compiled read path and then through the resolvers: both
 * response bodies as clients parse them, and the compiled one's text (over HTTP the compiled path
 * writes PostgreSQL's JSON into its body as it is, src/graphql/raw-json.ts; in-process execution
 * gets objects). `baseUrl`: what `t.listen()` returned.
 */
export async function bothPathsOverHttp(
  t: TestApp,
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
) {
  const post = async () => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return res.text();
  };
  const compiledText = await post();
  t.config.GRAPHQL_COMPILED_READS = false;
  try {
    const general = JSON.parse(await post()) as GqlResult;
    return { compiled: JSON.parse(compiledText) as GqlResult, general, compiledText };
  } finally {
    t.config.GRAPHQL_COMPILED_READS = true;
  }
}
