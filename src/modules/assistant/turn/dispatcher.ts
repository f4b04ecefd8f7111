/**
 * Runs `assistant.reply` jobs with up to LLM_WORKER_CONCURRENCY turns at once per process, taking
 * a job the moment a slot is free. pg-boss keeps the jobs (durability, retries, expiry); this loop
 * replaces its worker loop, which fetches per worker and, woken by a NOTIFY, sends one fetch per
 * idle worker. Here one fetch asks for as many jobs as there are free slots, and it is woken by
 * the event `enqueueAssistantReply` sends with the llm_requests insert (`ASSISTANT_QUEUE_TOPIC`,
 * delivered at commit to every process), when a turn ends, and by a poll (retries wait out
 * their delay; a missed event costs at most one poll).
 */
import type { JobWithMetadata } from 'pg-boss';
import type { QueuePayloads } from '../../../jobs/queues';
import type { AppDeps } from '../../../server/context';

export const ASSISTANT_QUEUE = 'assistant.reply';
/** The pub/sub topic that says "a reply was enqueued". */
export const ASSISTANT_QUEUE_TOPIC = 'assistant:queue';
/** Fetches at least this often while slots are free (retries become due; missed wake-ups). */
const POLL_MS = 1000;

type Payload = QueuePayloads['assistant.reply'];
export type ReplyHandler = (job: JobWithMetadata<Payload>) => Promise<void>;

export interface Dispatcher {
  /** Fetch now (a reply was enqueued). */
  wake(): void;
  /** Stops fetching and waits for the turns in progress (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
  readonly running: number;
}

export function startDispatcher(deps: AppDeps, concurrency: number, handle: ReplyHandler): Dispatcher {
  const boss = deps.jobs.boss;
  const inFlight = new Set<Promise<void>>();
  let fetching = false;
  let again = false;
  let stopped = false;

  const run = (job: JobWithMetadata<Payload>) => {
    const p = handle(job)
      .then(
        () => boss.complete(ASSISTANT_QUEUE, { id: job.id, retryCount: job.retryCount }),
        (err: unknown) =>
          boss.fail(
            ASSISTANT_QUEUE,
            { id: job.id, retryCount: job.retryCount },
            { message: err instanceof Error ? err.message : String(err) },
          ),
      )
      .then(
        () => undefined,
        (err: unknown) => deps.log.error({ err, jobId: job.id }, 'could not settle an assistant job'),
      )
      .finally(() => {
        inFlight.delete(p);
        wake();
      });
    inFlight.add(p);
  };

  const fetchLoop = async () => {
    fetching = true;
    try {
      do {
        again = false;
        const free = concurrency - inFlight.size;
        if (stopped || free <= 0) break;
        const jobs = await boss.fetch<Payload>(ASSISTANT_QUEUE, { batchSize: free, includeMetadata: true });
        for (const job of jobs) run(job);
        // A full fetch may have left more behind.
        if (jobs.length === free) again = true;
      } while (again && !stopped);
    } catch (err) {
      deps.log.warn({ err }, 'assistant job fetch failed (the next poll tries again)');
    } finally {
      fetching = false;
    }
  };

  function wake() {
    if (stopped) return;
    if (fetching) again = true;
    else void fetchLoop();
  }

  const timer = setInterval(wake, POLL_MS);
  timer.unref();
  const events = deps.pubsub.subscribe(ASSISTANT_QUEUE_TOPIC, { bufferSize: 10_000 });
  void (async () => {
    try {
      for await (const _ of events) wake();
    } catch (err) {
      if (!stopped) deps.log.warn({ err }, 'assistant queue events ended; polling only');
    }
  })();
  wake();

  return {
    wake,
    get running() {
      return inFlight.size;
    },
    async stop(timeoutMs = 10_000) {
      stopped = true;
      clearInterval(timer);
      await events.return?.();
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((r) => (timeout = setTimeout(r, timeoutMs))),
      ]);
      clearTimeout(timeout);
    },
  };
}
