import { parse, validate, type GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocketServer } from 'ws';
import { assertWithinLimits } from '../graphql/limits';
import { authenticate } from './auth';
import { bearerToken, buildContext, type AppDeps, type Viewer } from './context';

type ConnectionExtra = {
  request: IncomingMessage;
  viewer?: Viewer | null;
  token?: string | null;
  [key: string]: unknown;
};

/**
 * graphql-ws on the same path as HTTP. The token comes once, in `connectionParams.authorization`;
 * every operation on the socket runs with that viewer and fresh loaders.
 */
export function attachGraphqlWs(wsServer: WebSocketServer, schema: GraphQLSchema, deps: AppDeps) {
  const limits = {
    maxDepth: deps.config.GRAPHQL_MAX_DEPTH,
    maxCost: deps.config.GRAPHQL_MAX_COST,
    maxPageSize: deps.config.GRAPHQL_MAX_PAGE_SIZE,
  };
  return useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      async onConnect(ctx) {
        const token = bearerToken(ctx.connectionParams?.authorization);
        try {
          ctx.extra.viewer = await authenticate(deps, token);
          ctx.extra.token = token;
          return true;
        } catch {
          // graphql-ws closes with 4403 Forbidden; the client sees the session is not usable.
          return false;
        }
      },
      context(ctx) {
        return buildContext(deps, {
          requestId: randomUUID(),
          viewer: ctx.extra.viewer ?? null,
          token: ctx.extra.token ?? null,
          ip: ctx.extra.request.socket.remoteAddress ?? null,
          userAgent: ctx.extra.request.headers['user-agent'] ?? null,
          transport: 'websocket',
        });
      },
      onSubscribe(_ctx, _id, payload) {
        let document;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return [...errors];
        try {
          assertWithinLimits(schema, document, payload.operationName, payload.variables, limits);
        } catch (err) {
          return [err as GraphQLError];
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        } satisfies Partial<ExecutionArgs> as ExecutionArgs;
      },
      onError(_ctx, _id, _payload, errors) {
        deps.log.warn({ errors: errors.map((e) => e.message) }, 'graphql-ws operation error');
      },
    },
    wsServer,
    // Keep-alive pings so idle subscriptions behind proxies are not cut.
    12_000,
  );
}

export { CloseCode };
