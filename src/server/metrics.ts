import type { ApolloServerPlugin } from '@apollo/server';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GraphQLContext } from './context';
import { registerDataMetrics } from './data-metrics';

/**
 * Prometheus metrics of one process: HTTP requests, GraphQL operations and their error codes,
 * the database pool, open WebSockets, plus Node's defaults (event-loop lag, heap, GC); and, read
 * from the database (src/server/data-metrics.ts), job queues, notification deliveries and LLM use.
 * A registry per app (not the global one) so tests can run several apps in one process.
 */
export interface Metrics {
  registry: Registry;
  httpMiddleware(req: Request, res: Response, next: NextFunction): void;
  apolloPlugin: ApolloServerPlugin<GraphQLContext>;
  /**
   * GET /metrics: the Prometheus text. With a token, only for `Authorization: Bearer <token>`
   * (401 otherwise; compared in constant time).
   */
  handler(token?: string): (req: Request, res: Response) => void;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request carries `Authorization: Bearer <token>` (timing-safe). */
export function hasBearer(req: Request, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

export function createMetrics(opts: { pool: Pool; openSockets: () => number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bazaar_' });
  const http = new Histogram({
    name: 'bazaar_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const operations = new Counter({
    name: 'bazaar_graphql_operations_total',
    help: 'GraphQL operations by type and outcome (ok or the first error code)',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  const opDuration = new Histogram({
    name: 'bazaar_graphql_operation_duration_seconds',
    help: 'GraphQL operation duration from parse to response, by type',
    labelNames: ['type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'bazaar_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, opts.pool.totalCount);
      this.set({ state: 'idle' }, opts.pool.idleCount);
      this.set({ state: 'waiting' }, opts.pool.waitingCount);
    },
  });
  registerDataMetrics(registry, opts.pool);
  new Gauge({
    name: 'bazaar_websocket_connections',
    help: 'Open graphql-ws connections',
    registers: [registry],
    collect() {
      this.set(opts.openSockets());
    },
  });

  return {
    registry,
    handler(token) {
      return (req, res) => {
        if (token !== undefined && !hasBearer(req, token)) {
          res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text').send('Unauthorized\n');
          return;
        }
        registry.metrics().then(
          (text) => res.type(registry.contentType).send(text),
          () => res.status(500).type('text').send('metrics unavailable\n'),
        );
      };
    },
    httpMiddleware(req, res, next) {
      const end = http.startTimer();
      res.on('finish', () => {
        // Route labels stay few: the known paths, everything else as "other".
        const path = req.originalUrl.split('?')[0] ?? '';
        const route = ['/graphql', '/healthz', '/readyz', '/metrics'].includes(path) ? path : 'other';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
    apolloPlugin: {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse({ operation, errors }) {
            const type = operation?.operation ?? 'unknown';
            const code = errors?.[0]?.extensions?.code;
            operations.inc({ type, outcome: errors?.length ? String(code ?? 'ERROR') : 'ok' });
            opDuration.observe({ type }, (performance.now() - started) / 1000);
          },
        };
      },
    },
  };
}
