import type { Config } from '../config';
import type { Database, PrismaClient } from '../db/prisma';
import type { JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logger';
import type { PubSub } from './pubsub';
import { createLoaders, type Loaders } from './loaders';

/** Who is asking: resolved from the bearer token once per request (or per WebSocket connection). */
export interface Viewer {
  customerId: number;
  role: 'customer' | 'admin';
  sessionId: number;
}

/** Long-lived dependencies shared by every request. */
export interface AppDeps {
  config: Config;
  log: Logger;
  db: Database;
  jobs: JobQueue;
  /** Cross-process events (PostgreSQL LISTEN/NOTIFY) for subscriptions; publish with `publish(tx, …)`. */
  pubsub: PubSub;
}

/**
 * The per-request context every resolver and service receives (services take it first).
 * Loaders are created fresh per request so batching and caching never leak between viewers.
 */
export interface GraphQLContext {
  requestId: string;
  log: Logger;
  config: Config;
  prisma: PrismaClient;
  db: Database;
  jobs: JobQueue;
  pubsub: PubSub;
  /** This request's DataLoaders, created on first use. */
  loaders: Loaders;
  /**
   * Drops the loaders (and their caches); the next use creates new ones. Long-lived operations
   * (subscriptions) call it per event so they neither serve stale rows nor grow.
   */
  freshLoaders(): void;
  viewer: Viewer | null;
  /** The raw bearer token, kept so auth mutations (logout) can act on the current session. */
  token: string | null;
  ip: string | null;
  userAgent: string | null;
  transport: 'http' | 'websocket' | 'internal';
}

/** Where a context keeps its loaders once created. */
const LOADERS = Symbol('loaders');

type LazyLoaders = Pick<GraphQLContext, 'loaders' | 'freshLoaders' | 'prisma' | 'config'> & {
  [LOADERS]: Loaders | null;
};

/**
 * The loaders of a context, created on first use: an idle subscription keeps its context for hours
 * and may never need them, and a compiled catalog read never does. The accessors sit on the
 * contexts' prototype rather than on each context because Apollo clones the context of every
 * operation with Object.assign, which would call an own getter (building every module's loaders
 * for each request) and copy its value as a plain property that freshLoaders could not replace.
 */
const CONTEXT_PROTOTYPE = {
  get loaders(): Loaders {
    const ctx = this as unknown as LazyLoaders;
    return (ctx[LOADERS] ??= createLoaders(ctx.prisma, ctx.config));
  },
  set loaders(value: Loaders) {
    (this as unknown as LazyLoaders)[LOADERS] = value;
  },
  freshLoaders() {
    (this as unknown as LazyLoaders)[LOADERS] = null;
  },
};

export function buildContext(
  deps: AppDeps,
  req: {
    requestId: string;
    viewer: Viewer | null;
    token?: string | null;
    ip?: string | null;
    userAgent?: string | null;
    transport: GraphQLContext['transport'];
  },
): GraphQLContext {
  const own: Omit<GraphQLContext, 'loaders' | 'freshLoaders'> & { [LOADERS]: Loaders | null } = {
    requestId: req.requestId,
    log: deps.log.child({ requestId: req.requestId }),
    config: deps.config,
    prisma: deps.db.prisma,
    db: deps.db,
    jobs: deps.jobs,
    pubsub: deps.pubsub,
    viewer: req.viewer,
    token: req.token ?? null,
    ip: req.ip ?? null,
    userAgent: req.userAgent ?? null,
    transport: req.transport,
    [LOADERS]: null,
  };
  return Object.assign(Object.create(CONTEXT_PROTOTYPE) as typeof CONTEXT_PROTOTYPE, own);
}

/** Extracts the token from `Bearer <token>` (HTTP header or graphql-ws connectionParams). */
export function bearerToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^Bearer\s+(\S{10,200})$/i.exec(value.trim());
  return m ? m[1]! : null;
}
