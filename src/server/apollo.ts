import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Config } from '../config';
import { operationMemo } from '../graphql/operation-cache';
import { stringifyResult } from '../graphql/raw-json';
import { asRequestError, checkOperation, documentRules, parseOptions } from '../graphql/operation-checks';
import { compiledReadsPlugin } from '../modules/catalog/compiled/plugin';
import type { Logger } from '../logger';
import type { GraphQLContext } from './context';
import { createFormatError } from './error-masking';
import { graphqlOverHttpStatusPlugin } from './http-status';

/**
 * Refuses, before any resolver runs, operations over the depth, cost or page-size limits and input
 * PostgreSQL cannot store (NUL), as request errors (HTTP 400, never 500).
 */
export function queryLimitsPlugin(config: Config): ApolloServerPlugin<GraphQLContext> {
  // A query that passed once with these variables passes again (same schema, same limits).
  const passed = operationMemo<true>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          try {
            passed(document, operationName, request.variables, () => {
              checkOperation(schema, document, operationName, request.variables, config);
              return true;
            });
          } catch (err) {
            throw asRequestError(err);
          }
        },
      };
    },
  };
}

/** One log line per operation with its name, duration and error codes. */
function operationLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          contextValue.log.debug(
            {
              operationName,
              ms: Math.round((performance.now() - started) * 10) / 10,
              errors: errors?.map((e) => e.extensions?.code),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

export function createApollo(opts: {
  schema: GraphQLSchema;
  config: Config;
  log: Logger;
  httpServer?: Server;
  extraPlugins?: ApolloServerPlugin<GraphQLContext>[];
}): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: opts.schema,
    introspection: opts.config.GRAPHQL_INTROSPECTION,
    includeStacktraceInErrorResponses: opts.config.isDev,
    // Parsing stops after GRAPHQL_MAX_TOKENS tokens; aliases and directives are validation rules.
    parseOptions: parseOptions(opts.config),
    validationRules: documentRules(opts.config),
    // main.ts owns SIGINT/SIGTERM and stops everything in order; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    // Writes the JSON text PostgreSQL built for the compiled read path into the response as it is.
    stringifyResult,
    formatError: createFormatError({ log: opts.log, exposeInternals: opts.config.isDev }),
    // Validation errors keep their codes; "did you mean" hints stay (the schema is public).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // We send no cache hints; the default plugin would wrap every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin(opts.config),
      graphqlOverHttpStatusPlugin(),
      operationLogPlugin(),
      compiledReadsPlugin(opts.config),
      ...(opts.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: opts.httpServer })] : []),
      ...(opts.extraPlugins ?? []),
    ],
  });
}
