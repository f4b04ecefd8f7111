import { Client } from 'pg';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { ensureAdmin } from './admin';
import { type DemoSignIns, generateDemoSignIns } from './demo-sign-ins';
import { silentProgress } from './progress';
import { seed } from './seed';

// Any fixed 64-bit number works; it only has to differ from the migration lock (727_073_690_001).
const DEMO_LOCK_KEY = 727_073_690_002;

/** What a fresh install shows: enough to browse, search and check out, seeded in about a second. */
export const DEMO_COUNTS = { products: 300, customers: 50, orders: 200, seed: 42 } as const;

/**
 * Seeds a small demo shop when the catalog has no products, and does nothing otherwise. Several
 * API processes may boot at once against one database: they queue on an advisory lock, and the
 * ones that get it after the first find products and leave.
 *
 * The demo's sign-ins are generated here, per installation: a shopper (one of the seeded
 * customers, who all share that password) and an admin. They are returned when this call seeded;
 * the caller stores and prints them (`npm start` keeps them in DATA_DIR/demo-sign-ins.json).
 */
export async function seedDemoIfEmpty(
  url: string,
  log: Logger,
  config: Config,
): Promise<DemoSignIns | undefined> {
  const lock = new Client({ connectionString: url, application_name: 'bazaar-demo-seed' });
  lock.on('error', () => undefined); // an idle connection's loss surfaces on the next query
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [DEMO_LOCK_KEY]);
    const { rows } = await lock.query<{ empty: boolean }>(
      'SELECT NOT EXISTS (SELECT 1 FROM products) AS empty',
    );
    if (!rows[0]?.empty) return undefined;
    const started = Date.now();
    const signIns = generateDemoSignIns();
    const summary = await seed(
      url,
      {
        ...DEMO_COUNTS,
        progress: silentProgress,
        customerPassword: signIns.shopper.password,
        demoShopperEmail: signIns.shopper.email,
        argon2: {
          memoryCost: config.ARGON2_MEMORY_KIB,
          timeCost: config.ARGON2_TIME_COST,
          parallelism: config.ARGON2_PARALLELISM,
        },
      },
      log,
    );
    await ensureAdmin(url, signIns.admin, config);
    log.info({ rows: summary.rows, ms: Date.now() - started }, 'empty catalog: demo data seeded');
    return signIns;
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [DEMO_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
