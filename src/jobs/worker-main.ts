import { loadConfigOrExit } from '../config';
import { createDatabase } from '../db/prisma';
import { migrate } from '../db/migrate';
import { resolveDatabase } from '../db/resolve-database';
import { createLogger } from '../logger';
import type { AppDeps } from '../server/context';
import { createPubSub } from '../server/pubsub';
import { startJobQueue } from './job-queue';
import { startWorkers } from './workers';

/**
 * `npm run worker`: pg-boss workers and schedules without the HTTP server, for deployments that
 * scale API and background work separately (then start the API with JOBS_ENABLED=false).
 */
async function main() {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const database = await resolveDatabase(config, log);
  await migrate(database.url, { log: (m) => log.info(m) });
  const db = createDatabase({ url: database.url, poolSize: Math.min(config.DB_POOL_SIZE, 5) });
  const jobs = await startJobQueue({ url: database.url, log, schedule: true });
  // Workers publish events (NOTIFY) that API processes deliver; the listener is unused here but cheap.
  const pubsub = createPubSub(db.pool, log);
  const deps: AppDeps = { config, log, db, jobs, pubsub };
  await startWorkers(deps);
  log.info('worker ready');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down');
    await jobs.stop().catch((err) => log.error({ err }, 'job queue stop failed'));
    await pubsub.close();
    await db.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
