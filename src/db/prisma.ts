import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
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
  close(): Promise<void>;
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
}): Database {
  const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, application_name: 'bazaar' });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  if (opts.onQuery) countStatements(pool, opts.onQuery);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    prisma,
    pool,
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
