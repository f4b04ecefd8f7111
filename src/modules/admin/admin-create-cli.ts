/**
 * `npm run admin:create -- --email ops@example.com [--password …]`: creates (or promotes) an admin.
 * Without --password one is generated and printed once. Uses DATABASE_URL, or the embedded
 * PostgreSQL like `npm start`; applies pending migrations first so it works on a fresh install.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { migrate } from '../../db/migrate';
import { resolveDatabase } from '../../db/resolve-database';
import { createLogger } from '../../logger';
import { runCli } from '../../startup/cli';
import { ensureAdmin } from './ensure-admin';

async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
  if (!values.email) {
    console.error('usage: npm run admin:create -- --email <email> [--password <password>]');
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const generated = values.password === undefined;
  const password = values.password ?? randomBytes(18).toString('base64url');
  const database = await resolveDatabase(config, log, { owner: 'npm run admin:create', share: true });
  try {
    await migrate(database.url, { log: (m) => log.info(m) });
    const admin = await ensureAdmin(database.url, { email: values.email, password }, config);
    console.log(`${admin.created ? 'Created' : 'Updated'} admin ${admin.email} (id ${admin.id})`);
    if (generated) console.log(`Generated password (shown once): ${password}`);
  } finally {
    await database.stop();
  }
}

runCli('admin:create', main);
