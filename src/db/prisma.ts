import { PrismaPg } from '@prisma/adapter-pg';
import { AsyncResource } from 'node:async_hooks';
import { Client, Pool, type PoolClient } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient };
/** The client inside `$transaction(async (tx) => …)`. */
export type PrismaTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** Either the root client or a transaction: services accept both so callers choose the boundary. */
export type Db = PrismaClient | PrismaTx;

export interface Database {
  prisma: PrismaClient;
  /** The same pool Prisma uses, for COPY, LISTEN and admin statements Prisma cannot express. */
  pool: Pool;
  /**
   * Where connections that need a session of their own go (LISTEN): DATABASE_DIRECT_URL, or the
   * pool's URL. The pool may sit behind a transaction pooler; this must not.
   */
  directUrl: string;
  close(): Promise<void>;
}

/** Transaction control always goes through: refusing a ROLLBACK would leave a transaction open. */
const TRANSACTION_CONTROL = /^\s*(BEGIN|START|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|SET|DEALLOCATE)\b/i;

/**
 * A pg Client that calls `before` ahead of every statement; when it throws, the statement is not
 * sent and the caller gets the error (promise or callback, as it asked). Transaction control and
 * streams (COPY, cursors: bulk loads of the CLIs) pass unchecked.
 */
function checkedClient(before: () => void): typeof Client {
  return class CheckedClient extends Client {
    override query(...args: unknown[]): never {
      const first = args[0] as string | { submit?: unknown; text?: string } | undefined;
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      const stream = typeof first === 'object' && typeof first.submit === 'function';
      if (!stream && !TRANSACTION_CONTROL.test(text)) {
        try {
          before();
        } catch (err) {
          const cb = args[args.length - 1];
          if (typeof cb === 'function') {
            process.nextTick(cb as (e: unknown) => void, err);
            return undefined as never;
          }
          return Promise.reject(err) as never;
        }
      }
      return (super.query as unknown as (...a: unknown[]) => never)(...args);
    }
  } as unknown as typeof Client;
}

/**
 * A pool whose `connect` callbacks run in the async context of the caller. pg-pool calls a waiting
 * callback from whoever releases a client, so without this a statement queued behind a busy pool
 * would run (and be counted) as part of another request.
 */
class ContextPool extends Pool {
  override connect(): Promise<PoolClient>;
  override connect(
    cb: (err: Error | undefined, client: PoolClient | undefined, done: () => void) => void,
  ): void;
  override connect(cb?: (err: Error | undefined, client: PoolClient | undefined, done: () => void) => void) {
    return cb ? super.connect(AsyncResource.bind(cb)) : super.connect();
  }
}

/**
 * Opens one pg pool and a Prisma client over it (`@prisma/adapter-pg`).
 * @example
 * const db = createDatabase({ url: process.env.DATABASE_URL!, poolSize: 10 });
 * await db.prisma.product.count();
 * await db.close();
 */
export function createDatabase(opts: {
  url: string;
  poolSize?: number;
  /** Called for every SQL statement sent through the pool, by Prisma or directly (statement counting in tests and benches). */
  onQuery?: (sql: string) => void;
  /** Called before every statement sent through the pool; throwing refuses the statement (request budgets). */
  beforeStatement?: () => void;
  /** PostgreSQL `statement_timeout` of the pool's connections: no single statement runs longer. */
  statementTimeoutMs?: number;
  /** See {@link Database.directUrl}. @default url */
  directUrl?: string;
}): Database {
  const pool = new (opts.beforeStatement ? ContextPool : Pool)({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    application_name: 'bazaar',
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
    ...(opts.beforeStatement ? { Client: checkedClient(opts.beforeStatement) } : {}),
  });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  if (opts.onQuery) countStatements(pool, opts.onQuery);
  // Prisma's defaults (2 s to get a connection, 5 s to finish) fail row-locking transactions that
  // queue behind each other under load (20 concurrent reviews of one product on a busy machine);
  // the request deadline bounds the work, not these.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
  let closed = false;
  return {
    prisma,
    pool,
    directUrl: opts.directUrl ?? opts.url,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Reports every statement each pool connection sends, whoever sends it (Prisma's adapter, a
 * direct `pg` query, a transaction's BEGIN/COMMIT) and whether or not it fails.
 */
function countStatements(pool: Pool, onQuery: (sql: string) => void) {
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      onQuery(typeof first === 'string' ? first : first.text);
      return query(...args);
    };
  });
}
