import type { JobResult } from 'pg-boss';
import type { AppDeps } from '../server/context';
import type { QueueName, QueuePayloads } from './queues';

/** A job as batch handlers see it. */
export interface QueuedJob<Q extends QueueName> {
  id: string;
  data: QueuePayloads[Q];
}

/** Handles a fetched batch; returns one result per job, so one bad job fails (and retries) alone. */
export type BatchHandler<Q extends QueueName> = (deps: AppDeps, jobs: QueuedJob<Q>[]) => Promise<JobResult[]>;

/**
 * Turns a one-job handler into a batch handler whose jobs run one by one and fail individually.
 * What a handler returns (an object: rows changed, partitions dropped) becomes the job's output in
 * pgboss.job, so an operator can read what each run did.
 */
export function oneByOne<Q extends QueueName>(
  handle: (deps: AppDeps, data: QueuePayloads[Q]) => Promise<unknown>,
): BatchHandler<Q> {
  return async (deps, jobs) => {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        const output = await handle(deps, job.data);
        results.push({
          id: job.id,
          status: 'completed',
          ...(output !== null && typeof output === 'object' ? { output: output as object } : {}),
        });
      } catch (err) {
        deps.log.warn({ err, jobId: job.id }, 'job failed');
        results.push({ id: job.id, status: 'failed', output: { message: (err as Error).message } });
      }
    }
    return results;
  };
}
