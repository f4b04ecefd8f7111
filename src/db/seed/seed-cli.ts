/**
 * `npm run seed -- --products 1000 --customers 100 --orders 500 [--searches N] [--seed 42] [--reset] [--password P]`
 * Seeds DATABASE_URL (or the embedded PostgreSQL, like `npm start`) after applying pending
 * migrations. The customers of a run share one password, generated unless --password is given.
 * When the run creates the demo shopper (the first run, or after --reset), it also creates the
 * demo admin and stores both sign-ins in DATA_DIR like `npm start`. With ADMIN_EMAIL and
 * ADMIN_PASSWORD set, also creates or updates that admin.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { runCli } from '../../startup/cli';
import { migrate } from '../migrate';
import { withDatabaseUrl } from '../resolve-database';
import { ensureAdmin } from './admin';
import { generateDemoSignIns, saveDemoSignIns } from './demo-sign-ins';
import { seed } from './seed';

const USAGE =
  'usage: npm run seed -- [--products N] [--customers N] [--orders N] [--searches N] [--seed S] [--reset] [--password P]\n' +
  '  defaults: --products 1000 --customers 100 --orders 500 --searches (8 per customer) --seed 42, a generated password';

const count = (def: number) => z.coerce.number().int().min(0).max(10_000_000).default(def);
const Args = z.object({
  products: count(1000),
  customers: count(100),
  orders: count(500),
  searches: z.coerce.number().int().min(0).max(10_000_000).optional(),
  password: z.string().min(8).max(256).optional(),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  reset: z.boolean().default(false),
});

async function main() {
  let raw;
  try {
    raw = parseArgs({
      options: {
        products: { type: 'string' },
        customers: { type: 'string' },
        orders: { type: 'string' },
        searches: { type: 'string' },
        password: { type: 'string' },
        seed: { type: 'string' },
        reset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (raw.help) {
    console.log(USAGE);
    return;
  }
  const parsed = Args.safeParse(raw);
  if (!parsed.success) {
    console.error(
      `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`,
    );
    process.exit(2);
  }
  const { password, ...args } = parsed.data;
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  await withDatabaseUrl(config, log, 'npm run seed', async (url) => {
    const m = await migrate(url, { log: (msg) => log.info(msg) });
    log.info({ applied: m.applied.length }, 'migrations up to date');
    const demo = generateDemoSignIns();
    const summary = await seed(
      url,
      {
        ...args,
        customerPassword: password ?? demo.shopper.password,
        demoShopperEmail: demo.shopper.email,
        argon2: {
          memoryCost: config.ARGON2_MEMORY_KIB,
          timeCost: config.ARGON2_TIME_COST,
          parallelism: config.ARGON2_PARALLELISM,
        },
      },
      log,
    );
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const admin = await ensureAdmin(
        url,
        { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD },
        config,
      );
      log.info({ id: admin.id, email: admin.email, created: admin.created }, 'admin account ready');
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
    console.error(
      `Seeded in ${s(summary.ms.total)} (catalog ${s(summary.ms.catalog)}, customers ${s(summary.ms.customers)}, ` +
        `orders ${s(summary.ms.orders)}, activity ${s(summary.ms.activity)}, vacuum ${s(summary.ms.vacuum)}, ` +
        `analytics views ${s(summary.ms.analytics)}): ` +
        Object.entries(summary.rows)
          .map(([t, n]) => `${t}=${n}`)
          .join(' '),
    );
    if (summary.demoShopper && summary.customerPassword) {
      const signIns = {
        shopper: { email: summary.demoShopper, password: summary.customerPassword },
        admin: demo.admin,
      };
      await ensureAdmin(url, signIns.admin, config);
      const file = await saveDemoSignIns(config.DATA_DIR, url, signIns);
      console.error(
        `Demo shopper: ${signIns.shopper.email} / ${signIns.shopper.password}\n` +
          `Demo admin:   ${signIns.admin.email} / ${signIns.admin.password}\n` +
          `(saved in ${file}; every customer seeded by this run shares the shopper's password)`,
      );
    } else if (summary.customerPassword) {
      console.error(
        `The customers seeded by this run sign in with the password "${summary.customerPassword}".`,
      );
    }
  });
}

runCli('seed', main);
