import { loadConfigOrExit } from '../config';
import { createLogger } from '../logger';
import { runCli } from '../startup/cli';
import { migrate } from './migrate';
import { withDatabaseUrl } from './resolve-database';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main() {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  await withDatabaseUrl(config, log, 'npm run db:migrate', async (url) => {
    const result = await migrate(url, { log: (m) => log.info(m) });
    log.info(
      { applied: result.applied.length, alreadyApplied: result.alreadyApplied },
      'migrations up to date',
    );
  });
}

runCli('db:migrate', main);
