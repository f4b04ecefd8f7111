import { fromPrisma, PgBoss } from 'pg-boss';
import type { PrismaTx } from '../db/prisma';
import type { Logger } from '../logger';
import { QUEUES, type QueueName, type QueuePayloads } from './queues';

export interface JobQueue {
  /**
   * Enqueues a job. Pass the Prisma transaction to make the job part of it: it exists only if the
   * transaction commits (the outbox pattern without an outbox table).
   */
  send<Q extends QueueName>(
    queue: Q,
    payload: QueuePayloads[Q],
    opts?: {
      tx?: PrismaTx;
      startAfterSeconds?: number;
      /** For queues with an `exclusive` policy: no second job with this key while one is queued or running. */
      singletonKey?: string;
    },
  ): Promise<string | null>;
  boss: PgBoss;
  /** Runs `fn` when the queue stops, before pg-boss does (workers of their own drain here). */
  onStop(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

/** pg-boss keeps its tables here, apart from the application's schemas. */
export const JOBS_SCHEMA = 'pgboss';

/**
 * Starts pg-boss (installing or migrating its schema), declares every queue and its schedule.
 * Workers are attached separately (`startWorkers`) so an API process can run without them.
 * @example const jobs = await startJobQueue({ url, log, schedule: true });
 */
export async function startJobQueue(opts: {
  url: string;
  log: Logger;
  schedule: boolean;
}): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: opts.url,
    schema: JOBS_SCHEMA,
    max: 4,
    application_name: 'bazaar-jobs',
    schedule: opts.schedule,
    supervise: opts.schedule,
    // Workers of queues declared with `notify` (assistant replies) wake on NOTIFY instead of polling.
    useListenNotify: opts.schedule,
  });
  boss.on('error', (err) => opts.log.error({ err }, 'job queue error'));
  await boss.start();
  for (const [name, { cron, ...options }] of Object.entries(QUEUES)) {
    await boss.createQueue(name, options);
    // createQueue leaves an existing queue as it was: apply what the code declares now (retries,
    // notify). A policy is fixed when the queue is created.
    const { policy: _policy, ...updatable } = options;
    if (Object.keys(updatable).length > 0) await boss.updateQueue(name, updatable);
    if (cron && opts.schedule) await boss.schedule(name, cron, {});
  }
  const beforeStop: (() => Promise<void>)[] = [];
  return {
    boss,
    send(queue, payload, sendOpts = {}) {
      return boss.send(queue, payload as object, {
        ...(sendOpts.tx ? { db: fromPrisma(sendOpts.tx) } : {}),
        ...(sendOpts.startAfterSeconds ? { startAfter: sendOpts.startAfterSeconds } : {}),
        ...(sendOpts.singletonKey ? { singletonKey: sendOpts.singletonKey } : {}),
      });
    },
    onStop(fn) {
      beforeStop.push(fn);
    },
    async stop() {
      await Promise.allSettled(beforeStop.splice(0).map((fn) => fn()));
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
