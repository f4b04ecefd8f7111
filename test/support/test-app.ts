import { randomUUID } from 'node:crypto';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createApp, type App } from '../../src/server/app';
import { authenticate } from '../../src/server/auth';
import { buildContext } from '../../src/server/context';
import { createTestDatabase, type TestDatabase } from './test-db';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  db: TestDatabase;
  config: Config;
  prisma: App['deps']['db']['prisma'];
  /** In-process execution through Apollo's executeOperation (same plugins, masking and context as HTTP). */
  execute<T = Record<string, unknown>>(
    query: string,
    opts?: { variables?: Record<string, unknown>; token?: string | null; operationName?: string },
  ): Promise<GqlResult<T>>;
  /** Counts the SQL statements Prisma sends while `fn` runs. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }>;
  /** Starts listening on a free port (real-port tests); returns the base URL. */
  listen(): Promise<string>;
  /** POST /graphql over real HTTP. */
  post<T = Record<string, unknown>>(
    query: string,
    opts?: { variables?: Record<string, unknown>; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: GqlResult<T> }>;
  /** A graphql-ws client against the listening server. */
  wsClient(opts?: { token?: string | null; retryAttempts?: number }): WsClient;
  stop(): Promise<void>;
}

/**
 * A complete Bazaar (Apollo, graphql-ws, pg-boss, Prisma) on a database of its own, cloned from the
 * migrated template (or on another test app's database, to play a second API process). Jobs are
 * enqueued but not worked unless `workers: true`.
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    workers?: boolean;
    /** Another app's database: a second API process on the same data (not dropped by stop()). */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const db = opts.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    DB_POOL_SIZE: '5',
    ...opts.env,
  });
  const log = createLogger(config.LOG_LEVEL);
  let recorder: string[] | null = null;
  const app = await createApp({
    config,
    log,
    databaseUrl: db.url,
    workers: opts.workers ?? false,
    onQuery: (sql) => recorder?.push(sql),
  });
  let baseUrl: string | null = null;
  const clients: WsClient[] = [];

  const t: TestApp = {
    app,
    db,
    config,
    prisma: app.deps.db.prisma,
    async execute(query, { variables, token, operationName } = {}) {
      let viewer;
      try {
        viewer = await authenticate(app.deps, token ?? null);
      } catch (err) {
        const e = err as { message: string; extensions?: Record<string, unknown> };
        return { errors: [{ message: e.message, extensions: { code: e.extensions?.code } }] };
      }
      const contextValue = buildContext(app.deps, {
        requestId: randomUUID(),
        viewer,
        token: token ?? null,
        transport: 'internal',
      });
      const res = await app.http.apollo.executeOperation(
        { query, variables, operationName },
        { contextValue },
      );
      if (res.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return res.body.singleResult as GqlResult<never>;
    },
    async countStatements(fn) {
      const sql: string[] = [];
      recorder = sql;
      try {
        const result = await fn();
        return { result, statements: sql.length, sql };
      } finally {
        recorder = null;
      }
    },
    async listen() {
      const port = await app.http.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${port}`;
      return baseUrl;
    },
    async post(query, { variables, token, headers } = {}) {
      if (!baseUrl) throw new Error('call listen() first');
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GqlResult<never> };
    },
    wsClient({ token, retryAttempts = 0 } = {}) {
      if (!baseUrl) throw new Error('call listen() first');
      const client = createClient({
        url: `${baseUrl.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.dispose()));
      await app.stop();
      if (!opts.database) await db.drop();
    },
  };
  return t;
}

/** Runs one operation over a graphql-ws client and collects its results. */
export function wsExecute<T = Record<string, unknown>>(
  client: WsClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  return new Promise((resolve, reject) => {
    let result: GqlResult<T> = {};
    client.subscribe<T>(
      { query, variables },
      {
        next: (v) => (result = v as GqlResult<T>),
        error: (err) => (Array.isArray(err) ? resolve({ errors: err as never }) : reject(err)),
        complete: () => resolve(result),
      },
    );
  });
}
