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
  /**
   * Enqueues a job off the caller's path, batched: jobs sent within SEND_LATER_MS go in together,
   * with one statement (a search logs its query this way: one INSERT per search cost more than
   * the search's own CPU). Never fails nor waits; a failed insert is logged and its jobs are lost.
   * Stopping the queue inserts what is pending first.
   */
  sendLater<Q extends QueueName>(queue: Q, payload: QueuePayloads[Q]): void;
  boss: PgBoss;
  /** Runs `fn` when the queue stops, before pg-boss does (workers of their own drain here). */
  onStop(fn: () => Promise<void>): void;
  stop(): Promise<void>;
}

/** How long `sendLater` collects jobs before inserting them, and how many it inserts at most at once. */
export const SEND_LATER_MS = 200;
const SEND_LATER_MAX = 500;
/** Inserts running at once at most (pg-boss's pool has 4 connections). */
const SEND_LATER_IN_FLIGHT = 8;

/** The buffers behind `sendLater`: per queue, the payloads waiting for the next insert. */
function laterSender(boss: PgBoss, log: Logger) {
  const pending = new Map<QueueName, object[]>();
  const inFlight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | null = null;
  const insert = (queue: QueueName, payloads: object[]) => {
    // PostgreSQL slower than the sends (or down): drop rather than queue memory without bound.
    if (inFlight.size >= SEND_LATER_IN_FLIGHT) {
      log.warn({ queue, jobs: payloads.length }, 'batched jobs dropped: earlier inserts still running');
      return;
    }
    const p = boss
      .insert(
        queue,
        payloads.map((data) => ({ data })),
      )
      .catch((err: unknown) => log.warn({ err, queue, jobs: payloads.length }, 'batched jobs not enqueued'))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const flushNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [queue, payloads] of pending) insert(queue, payloads);
    pending.clear();
  };
  return {
    send(queue: QueueName, payload: object) {
      const list = pending.get(queue) ?? [];
      pending.set(queue, list);
      list.push(payload);
      if (list.length >= SEND_LATER_MAX) {
        pending.delete(queue);
        insert(queue, list);
      }
      // The timer must not keep the process alive: stop() flushes what is left.
      timer ??= setTimeout(flushNow, SEND_LATER_MS).unref();
    },
    async flush() {
      flushNow();
      await Promise.allSettled([...inFlight]);
    },
  };
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
  const later = laterSender(boss, opts.log);
  beforeStop.push(later.flush);
  return {
    sendLater: later.send,
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
