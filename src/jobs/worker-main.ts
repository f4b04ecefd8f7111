import '../startup/node-version';
import { loadConfigOrExit } from '../config';
import { isAlive } from '../db/embedded-postgres/processes';
import { createDatabase } from '../db/prisma';
import { migrate } from '../db/migrate';
import { resolveDatabase } from '../db/resolve-database';
import { createLogger } from '../logger';
import type { AppDeps } from '../server/context';
import { createPubSub } from '../server/pubsub';
import { createLifecycle } from '../startup/lifecycle';
import { startJobQueue } from './job-queue';
import { startWorkers } from './workers';

/**
 * `npm run worker`: pg-boss workers and schedules without the HTTP server, for deployments that
 * scale API and background work separately (then start the API with JOBS_ENABLED=false). Without
 * DATABASE_URL it uses the embedded PostgreSQL of a running `npm start`, and stops when that does.
 */
async function main() {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const life = createLifecycle(log, { production: config.NODE_ENV === 'production' });
  let databaseUrl = config.DATABASE_URL;
  try {
    const database = await resolveDatabase(config, log, {
      owner: 'npm run worker',
      share: true,
      signal: life.signal,
    });
    life.onStop(() => database.stop());
    databaseUrl = database.url;
    const directUrl = config.DATABASE_DIRECT_URL ?? database.url;
    await migrate(directUrl, { log: (m) => log.info(m) });
    const db = createDatabase({ url: database.url, poolSize: Math.min(config.DB_POOL_SIZE, 5), directUrl });
    life.onStop(() => db.close());
    const jobs = await startJobQueue({ url: directUrl, log, schedule: true });
    // Workers publish events (NOTIFY) that API processes deliver; the listener is unused here but cheap.
    const pubsub = createPubSub(db.pool, log, directUrl);
    life.onStop(async () => {
      await jobs.stop().catch((err: unknown) => log.error({ err }, 'job queue stop failed'));
      await pubsub.close();
    });
    const deps: AppDeps = { config, log, db, jobs, pubsub };
    await startWorkers(deps);
    log.info('worker ready');
    const owner = database.borrowedFrom;
    if (owner) {
      // The embedded server goes away with its owner: leave with it instead of retrying forever.
      setInterval(() => {
        if (isAlive(owner.pid)) return;
        log.info(
          { owner: owner.owner },
          `${owner.owner} stopped, and its embedded database with it: worker exiting`,
        );
        process.kill(process.pid, 'SIGTERM');
      }, 1000).unref();
    }
  } catch (err) {
    await life.fail(err, databaseUrl);
  } finally {
    life.settled();
  }
}

void main();
