import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../../../config';
import type { GraphQLContext } from '../../../server/context';
import { compileCatalogRead } from './root';

/**
 * Named prepared statements by SQL text: PostgreSQL parses and plans each shape once per
 * connection. Bounded, so clients cannot make every connection hold an unbounded number of
 * statements; past the bound, statements are sent unnamed.
 */
const MAX_NAMED = 500;
const names = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED) names.set(text, (name = `bazaar_read_${names.size + 1}`));
  return name;
}

/**
 * The compiled read path: a query whose every root field the catalog compiler knows is answered
 * by one SQL statement that builds the response's `data` JSON in PostgreSQL, instead of
 * graphql-js resolving each field (see docs/architecture.md). Runs after parsing, validation and
 * the query limits (`responseForOperation`); whatever it cannot answer — other fields, mutations,
 * invalid arguments, errors — goes down the general path, unchanged.
 */
export function compiledReadsPlugin(config: Config): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      if (!config.GRAPHQL_COMPILED_READS) return;
      return {
        async responseForOperation(rc) {
          if (rc.operation.operation !== 'query') return null;
          const ctx = rc.contextValue;
          let statement;
          try {
            statement = compileCatalogRead({
              schema: rc.schema,
              document: rc.document,
              operationName: rc.request.operationName,
              variables: rc.request.variables,
              maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
            });
          } catch (err) {
            ctx.log.debug({ reason: (err as Error).message }, 'compiled read: general path');
            return null;
          }
          if (!statement) return null;
          const text = statement.text;
          try {
            const { rows } = await ctx.db.pool.query<{ data: Record<string, unknown> }>({
              name: statementName(text),
              text,
              values: statement.values,
            });
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data: rows[0]!.data } },
            };
          } catch (err) {
            // A bug here must not cost the client its answer: the general path tries again.
            ctx.log.error({ err }, 'compiled read failed: general path');
            return null;
          }
        },
      };
    },
  };
}
