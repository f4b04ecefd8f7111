import express, { type NextFunction, type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { costModel } from '../graphql/cost-model';
import { createApollo } from './apollo';
import { apolloHandler } from './apollo-express';
import { authenticate } from './auth';
import { compileTrustProxy } from './client-ip';
import { corsMiddleware } from './cors';
import { drainHttpServer, lingerAccepting } from './drain';
import { graphiqlHandler } from './graphiql';
import { bearerToken, buildContext, type AppDeps, type GraphQLContext } from './context';
import { attachGraphqlWs } from './graphql-ws';
import { healthRoutes } from './health';
import { createMetrics, type Metrics } from './metrics';
import { bodyErrorsAsGraphql, requireJsonBody } from './http-errors';
import { budgetLimits, RequestBudget, runWithBudget } from './request-budget';
import { requestIdMiddleware } from './request-id';
import { securityHeaders } from './security-headers';
import { buildSchema } from './schema';
import type { ApolloServer } from '@apollo/server';

export interface HttpApp {
  server: Server;
  apollo: ApolloServer<GraphQLContext>;
  wsServer: WebSocketServer;
  /** Starts listening; resolves with the bound port (0 picks a free one). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Starts the metrics listener when METRICS_PORT is set (`port` overrides it, 0 picks a free one);
   * resolves with its port, or null when metrics have no port of their own.
   */
  listenMetrics(port?: number, host?: string): Promise<number | null>;
  /** Stops accepting, drains HTTP and WebSocket connections within the configured grace period. */
  close(): Promise<void>;
}

/**
 * One http server: express 5 with Apollo on POST/GET /graphql, graphql-ws on the same path,
 * GraphiQL (from the installed package, no CDN) for browsers, /healthz and /readyz. Prometheus
 * `/metrics` is on a port of its own (METRICS_PORT), or on this one behind METRICS_TOKEN, or not
 * served: never open to anyone who can reach the API.
 */
export async function createHttpApp(deps: AppDeps): Promise<HttpApp> {
  const schema = buildSchema();
  costModel(schema); // built at start rather than by the first request
  const app = express();
  app.disable('x-powered-by');
  // Hashing every GraphQL response body for a weak ETag costs more than it saves: POSTs are not cached.
  app.set('etag', false);
  // X-Forwarded-For counts only from the proxies TRUST_PROXY names (none by default): anyone else could
  // claim any address and escape per-IP limits or forge the audit log.
  const trust = compileTrustProxy(deps.config.TRUST_PROXY);
  app.set('trust proxy', trust);
  const server = createServer(app);
  // A WebSocket message is bounded like an HTTP body (ws would accept 100 MiB): larger ones close
  // the socket with 1009 before they are buffered.
  const wsServer = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: deps.config.MAX_REQUEST_BYTES,
  });
  const wsHandle = attachGraphqlWs(wsServer, schema, deps, trust);
  const metrics = createMetrics({ pool: deps.db.pool, openSockets: () => wsServer.clients.size });
  const metricsServed = deps.config.METRICS_TOKEN !== undefined || deps.config.METRICS_PORT !== undefined;
  const apollo = createApollo({
    schema,
    config: deps.config,
    log: deps.log,
    httpServer: server,
    // Nobody can read metrics that are not served: then they are not collected either.
    extraPlugins: metricsServed ? [metrics.apolloPlugin] : [],
  });
  await apollo.start();
  let shuttingDown = false;

  app.use((_req, res, next) => {
    // While draining, every answer ends its connection, so clients reconnect to another instance.
    if (shuttingDown) res.setHeader('Connection', 'close');
    next();
  });
  app.use(securityHeaders());
  app.use(requestIdMiddleware(deps.log));
  if (metricsServed) app.use(metrics.httpMiddleware);
  app.use(healthRoutes(deps, () => shuttingDown));
  if (deps.config.METRICS_TOKEN !== undefined && deps.config.METRICS_PORT === undefined) {
    app.get('/metrics', metrics.handler(deps.config.METRICS_TOKEN));
  }
  const metricsServer = deps.config.METRICS_PORT === undefined ? null : metricsOnlyServer(metrics, deps);
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/graphql', graphiqlHandler());
  const budget = budgetLimits(deps.config);
  app.use('/graphql', corsMiddleware(deps.config.CORS_ORIGINS));
  app.use(
    '/graphql',
    // Every statement this request sends is counted against its statement cap and deadline.
    (_req: Request, _res: Response, next: NextFunction) => runWithBudget(new RequestBudget(budget), next),
    requireJsonBody,
    express.json({ limit: deps.config.MAX_REQUEST_BYTES }),
    apolloHandler(apollo, async ({ req }) => {
      const token = bearerToken(req.headers.authorization);
      return buildContext(deps, {
        requestId: req.id,
        viewer: await authenticate(deps, token),
        token,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        transport: 'http',
      });
    }),
    bodyErrorsAsGraphql(deps.log),
  );
  // Our own 404 (express's replaces the security headers' CSP with its own).
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text').send('Not found\n');
  });

  return {
    server,
    apollo,
    wsServer,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    listenMetrics(port = deps.config.METRICS_PORT, host = deps.config.METRICS_HOST ?? deps.config.HOST) {
      if (!metricsServer || port === undefined) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        metricsServer.once('error', reject);
        metricsServer.listen(port, host, () => resolve((metricsServer.address() as AddressInfo).port));
      });
    },
    async close() {
      shuttingDown = true; // /readyz answers 503, every response carries Connection: close
      await lingerAccepting(deps.config.SHUTDOWN_TIMEOUT_MS);
      // Tell WebSocket clients we are going away (1001) so they reconnect elsewhere.
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await wsHandle.dispose();
      const forceAfter = setTimeout(() => {
        for (const client of wsServer.clients) client.terminate();
      }, deps.config.SHUTDOWN_TIMEOUT_MS);
      forceAfter.unref();
      await drainHttpServer(server, deps.config.SHUTDOWN_TIMEOUT_MS); // requests in flight finish
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      await apollo.stop();
      clearTimeout(forceAfter);
      if (metricsServer?.listening) {
        await new Promise<void>((resolve) => {
          metricsServer.close(() => resolve());
          metricsServer.closeAllConnections(); // scrapers keep theirs alive
        });
      }
    },
  };
}

/** The metrics listener: GET /metrics (behind METRICS_TOKEN when set) and nothing else. */
function metricsOnlyServer(metrics: Metrics, deps: AppDeps): Server {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/metrics', metrics.handler(deps.config.METRICS_TOKEN));
  return createServer(app);
}
