import { execute, GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { prepareOperation } from '../graphql/operation-checks';
import { authenticate } from './auth';
import { clientIp, compileTrustProxy, type TrustFn } from './client-ip';
import { bearerToken, buildContext, type AppDeps, type Viewer } from './context';
import { budgetLimits, RequestBudget, runWithBudget } from './request-budget';
import { listenForRevokedSessions, SessionSocketRegistry } from './session-events';

type ConnectionExtra = {
  request: IncomingMessage;
  socket: WebSocket;
  viewer?: Viewer | null;
  token?: string | null;
  [key: string]: unknown;
};

/**
 * graphql-ws on the same path as HTTP. The token comes once, in `connectionParams.authorization`;
 * every operation on the socket runs with that viewer and fresh loaders.
 */
export function attachGraphqlWs(
  wsServer: WebSocketServer,
  schema: GraphQLSchema,
  deps: AppDeps,
  trust: TrustFn = compileTrustProxy(deps.config.TRUST_PROXY),
) {
  const limits = budgetLimits(deps.config);
  // A socket lives on after its token is revoked (the token was checked once, at connect): close it
  // when any API process revokes the session (PostgreSQL NOTIFY reaches every process).
  const sockets = new SessionSocketRegistry<WebSocket>();
  // graphql-ws awaits each send, so one operation never queues more than one message; but a
  // client that stops reading while it keeps many operations (or requests) going would make the
  // socket's send buffer grow without bound. Past the cap it is dropped: it reconnects and resumes
  // (messageAdded with afterSequence) like after any lost connection.
  const overBuffered = (socket: WebSocket) => {
    if (socket.bufferedAmount <= deps.config.WS_MAX_BUFFERED_BYTES) return false;
    deps.log.warn(
      { bufferedAmount: socket.bufferedAmount },
      'dropping a WebSocket client that does not read',
    );
    socket.terminate();
    return true;
  };
  const listener = listenForRevokedSessions(
    deps.db.pool,
    deps.log,
    (ids) => sockets.closeSessions(ids),
    deps.db.directUrl,
  );
  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema,
      async onConnect(ctx) {
        const token = bearerToken(ctx.connectionParams?.authorization);
        try {
          ctx.extra.viewer = await authenticate(deps, token);
          ctx.extra.token = token;
          if (ctx.extra.viewer) sockets.add(ctx.extra.viewer.sessionId, ctx.extra.socket);
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
          ip: clientIp(ctx.extra.request, trust),
          userAgent: ctx.extra.request.headers['user-agent'] ?? null,
          transport: 'websocket',
        });
      },
      // The same token limit, validation rules and pre-execution checks as HTTP.
      onSubscribe(ctx, _id, payload) {
        if (overBuffered(ctx.extra.socket)) return [new GraphQLError('The client does not read its socket')];
        const prepared = prepareOperation(schema, payload, deps.config);
        if ('errors' in prepared) return prepared.errors;
        return {
          schema,
          document: prepared.document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        } satisfies Partial<ExecutionArgs> as ExecutionArgs;
      },
      // Queries and mutations run under the same statement cap and deadline as over HTTP.
      // Subscriptions live on: each event is bounded by the cost limit and statement_timeout.
      execute: (args) => runWithBudget(new RequestBudget(limits), () => execute(args)),
      onNext(ctx) {
        overBuffered(ctx.extra.socket);
      },
      onClose(ctx) {
        if (ctx.extra.viewer) sockets.remove(ctx.extra.viewer.sessionId, ctx.extra.socket);
      },
      onError(_ctx, _id, _payload, errors) {
        deps.log.warn({ errors: errors.map((e) => e.message) }, 'graphql-ws operation error');
      },
    },
    wsServer,
    // Keep-alive pings so idle subscriptions behind proxies are not cut.
    12_000,
  );
  // graphql-ws reports a socket error with console.error (plain text, as if it were ours); the one
  // a client can cause is a message over maxPayload, which ws has already answered by closing 1009.
  // Replace its listener (registered just before this one) with a JSON warning.
  wsServer.on('connection', (socket: WebSocket) => {
    socket.removeAllListeners('error');
    socket.on('error', (err) => deps.log.warn({ err: err.message }, 'websocket closed on a client error'));
  });
  return {
    /** Resolves once this process listens for session revocations. */
    ready: listener.ready,
    async dispose() {
      await listener.stop();
      await server.dispose();
    },
  };
}

export { CloseCode };
