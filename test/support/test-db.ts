import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from './pg-url';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** `bazaar_t_<unix seconds>_<random>`: the time lets global setup drop databases of crashed runs. */
export const TEST_DB_PREFIX = 'bazaar_t_';
const testDatabaseName = () =>
  `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: process.env.BAZAAR_TEST_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh database for one test file, cloned from the migrated template (a file copy: tens of
 * milliseconds, not a migration run).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.BAZAAR_TEST_TEMPLATE;
  if (!template || !process.env.BAZAAR_TEST_ADMIN_URL)
    throw new Error('test/support/global-setup.ts did not run');
  const name = testDatabaseName();
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: withDatabase(process.env.BAZAAR_TEST_ADMIN_URL, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** An empty database (no migrations) for tests of the migration runner itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = testDatabaseName();
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  return {
    name,
    url: withDatabase(process.env.BAZAAR_TEST_ADMIN_URL!, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
