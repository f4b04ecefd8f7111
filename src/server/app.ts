import type { Config } from '../config';
import { createDatabase } from '../db/prisma';
import { startJobQueue } from '../jobs/job-queue';
import { startWorkers } from '../jobs/workers';
import type { Logger } from '../logger';
import type { AppDeps } from './context';
import { createHttpApp, type HttpApp } from './http';
import { createPubSub } from './pubsub';
import { registerAssistant } from '../modules/assistant/register';
import { currentBudget } from './request-budget';

export interface App {
  deps: AppDeps;
  http: HttpApp;
  /** Stops in dependency order: HTTP/WebSocket first, then jobs, then the pool. */
  stop(): Promise<void>;
}

/**
 * Wires the long-lived pieces together against an already-migrated database.
 * @example
 * const app = await createApp({ config, log, databaseUrl });
 * const port = await app.http.listen(config.PORT);
 */
export async function createApp(opts: {
  config: Config;
  log: Logger;
  databaseUrl: string;
  /** Run job workers in this process. @default config.JOBS_ENABLED */
  workers?: boolean;
  onQuery?: (sql: string) => void;
}): Promise<App> {
  const { config, log } = opts;
  const workers = opts.workers ?? config.JOBS_ENABLED;
  const db = createDatabase({
    url: opts.databaseUrl,
    poolSize: config.DB_POOL_SIZE,
    onQuery: opts.onQuery,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    beforeStatement: () => currentBudget()?.beforeStatement(),
    directUrl: config.DATABASE_DIRECT_URL,
  });
  // pg-boss LISTENs for its wake-ups: it needs a session, so the direct address.
  const jobs = await startJobQueue({ url: db.directUrl, log, schedule: workers });
  const pubsub = createPubSub(db.pool, log, db.directUrl);
  await pubsub.ready;
  const deps: AppDeps = { config, log, db, jobs, pubsub };
  registerAssistant();
  if (workers) await startWorkers(deps);
  const http = await createHttpApp(deps);
  let stopping: Promise<void> | undefined;
  return {
    deps,
    http,
    stop() {
      stopping ??= (async () => {
        await http.close();
        log.debug('http and websocket drained');
        await pubsub.close();
        await jobs.stop();
        log.debug('job queue stopped');
        await db.close();
        log.debug('database pool closed');
      })();
      return stopping;
    },
  };
}
