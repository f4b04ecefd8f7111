import type { Job } from 'pg-boss';
import type { AppDeps } from '../server/context';
import { cleanupAuthSessions } from './handlers/cleanup-auth-sessions';
import { writeSearchLog } from './handlers/write-search-log';
import type { QueueName, QueuePayloads } from './queues';

type Handler<Q extends QueueName> = (deps: AppDeps, data: QueuePayloads[Q]) => Promise<unknown>;

const HANDLERS: { [Q in QueueName]: Handler<Q> } = {
  'auth.sessions.cleanup': cleanupAuthSessions,
  'search.log': writeSearchLog,
};

/** Attaches a worker to every queue; jobs in a batch run one by one and fail individually. */
export async function startWorkers(deps: AppDeps): Promise<void> {
  for (const name of Object.keys(HANDLERS) as QueueName[]) {
    const handler = HANDLERS[name] as Handler<QueueName>;
    await deps.jobs.boss.work(
      name,
      { batchSize: 20, pollingIntervalSeconds: 1 },
      async (jobs: Job<object>[]) => {
        for (const job of jobs) {
          await handler(deps, job.data as QueuePayloads[QueueName]);
        }
      },
    );
  }
  deps.log.info({ queues: Object.keys(HANDLERS) }, 'job workers started');
}
