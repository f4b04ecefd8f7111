import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Prisma } from '../../../generated/prisma/client';
import type { Config } from '../../../config';
import { queryRows } from '../../../db/statements';
import { operationMemo } from '../../../graphql/operation-cache';
import { parseRawJson, rawBody } from '../../../graphql/raw-json';
import type { GraphQLContext } from '../../../server/context';
import type { CompiledQuery } from './compiler';
import { compileCatalogRead } from './root';

/**
 * The statement's one row's `body`: the response body `{"data":…}` as JSON text (named once it
 * repeats; cursors stay parameters).
 */
async function runStatement(ctx: GraphQLContext, statement: Prisma.Sql): Promise<string> {
  const [row] = await queryRows<{ body: string }>(ctx.db.pool, statement, {
    inline: false,
    namedKb: ctx.config.DB_NAMED_STATEMENTS_KB,
  });
  return row!.body;
}

/**
 * The response's `data`: the statement's root fields and the searches', in the operation's order.
 * PostgreSQL's JSON goes into the response as text (RawJson), parsed only where it is merged with
 * a search's answer.
 */
async function execute(ctx: GraphQLContext, compiled: CompiledQuery): Promise<unknown> {
  const keys = [...compiled.deferred.keys()];
  const [fromSql, ...fromCode] = await Promise.all([
    compiled.statement ? runStatement(ctx, compiled.statement) : null,
    ...keys.map((k) => compiled.deferred.get(k)!.run(ctx)),
  ]);
  if (keys.length === 0) return rawBody(fromSql!);
  const parsed = fromSql === null ? {} : (JSON.parse(fromSql) as { data: Record<string, unknown> }).data;
  const data: Record<string, unknown> = {};
  for (const key of compiled.keys) {
    const i = keys.indexOf(key);
    data[key] = i < 0 ? parsed[key] : fromCode[i];
  }
  return data;
}

/**
 * The compiled read path: a query whose every root field the catalog compiler knows is answered
 * by one SQL statement that builds the response's `data` JSON in PostgreSQL (searches: by the
 * search service's statement, which builds the products' JSON too), instead of graphql-js
 * resolving each field (see docs/architecture.md). Runs after parsing, validation and the query
 * limits (`responseForOperation`); whatever it cannot answer — other fields, mutations, invalid
 * arguments, errors — goes down the general path, unchanged.
 */
export function compiledReadsPlugin(config: Config): ApolloServerPlugin<GraphQLContext> {
  // Compiling is a pure function of the operation: a repeated query reuses its statement.
  const compiledOf = operationMemo<CompiledQuery | null>();
  return {
    async requestDidStart() {
      if (!config.GRAPHQL_COMPILED_READS) return;
      return {
        async responseForOperation(rc) {
          if (rc.operation.operation !== 'query') return null;
          const ctx = rc.contextValue;
          let compiled;
          try {
            compiled = compiledOf(rc.document, rc.request.operationName, rc.request.variables, () =>
              compileCatalogRead({
                schema: rc.schema,
                document: rc.document,
                operationName: rc.request.operationName,
                variables: rc.request.variables,
                maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
              }),
            );
          } catch (err) {
            ctx.log.debug({ reason: (err as Error).message }, 'compiled read: general path');
            return null;
          }
          if (!compiled) return null;
          try {
            const data = await execute(ctx, compiled);
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: {
                kind: 'single',
                singleResult: {
                  // Only an HTTP response is written by stringifyResult; in-process callers get objects.
                  data: (ctx.transport === 'http' ? data : parseRawJson(data)) as Record<string, unknown>,
                },
              },
            };
          } catch (err) {
            // Errors (a refused cursor, a budget exceeded, a bug) are for the general path to report.
            ctx.log.debug({ err }, 'compiled read failed: general path');
            return null;
          }
        },
      };
    },
  };
}
