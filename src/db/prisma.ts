import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
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
  /** Called for every SQL statement Prisma sends (statement counting in tests and benches). */
  onQuery?: (sql: string) => void;
}): Database {
  const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, application_name: 'bazaar' });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool);
  const prisma = opts.onQuery
    ? new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] })
    : new PrismaClient({ adapter });
  if (opts.onQuery) {
    const onQuery = opts.onQuery;
    (prisma as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (ev) =>
      onQuery(ev.query),
    );
  }
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
