import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Config } from '../config';
import { assertWithinLimits } from '../graphql/limits';
import type { Logger } from '../logger';
import type { GraphQLContext } from './context';
import { createFormatError } from './error-masking';

/** Rejects too deep / too costly operations before any resolver runs. */
export function queryLimitsPlugin(config: Config): ApolloServerPlugin<GraphQLContext> {
  const limits = {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxCost: config.GRAPHQL_MAX_COST,
    maxPageSize: config.GRAPHQL_MAX_PAGE_SIZE,
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          assertWithinLimits(schema, document, operationName, request.variables, limits);
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
    // main.ts owns SIGINT/SIGTERM and stops everything in order; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    formatError: createFormatError({ log: opts.log, exposeInternals: opts.config.isDev }),
    // Validation errors keep their codes; "did you mean" hints stay (the schema is public).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // We send no cache hints; the default plugin would wrap every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      queryLimitsPlugin(opts.config),
      operationLogPlugin(),
      ...(opts.httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer: opts.httpServer })] : []),
      ...(opts.extraPlugins ?? []),
    ],
  });
}
