import { Client, type Pool } from 'pg';
import type { Db } from '../db/prisma';
import { AppError, ErrorCode } from '../graphql/errors';
import type { Logger } from '../logger';

/** The one PostgreSQL channel that carries every application event between API processes. */
export const EVENTS_CHANNEL = 'bazaar_events';

/**
 * NOTIFY payloads are capped at 8000 bytes by PostgreSQL. Events carry ids and small scalars, never
 * bodies: a subscriber loads what it needs (e.g. the message by id) when the event arrives.
 */
export const MAX_EVENT_BYTES = 7900;

/** Events a subscriber may have queued before it is cut off (it then resumes from its last id). */
export const DEFAULT_SUBSCRIBER_BUFFER = 256;

interface Envelope {
  /** Topic, e.g. `order:42` or `conversation:<uuid>`. */
  t: string;
  /** The event. */
  d: unknown;
}

/**
 * Publishes an event on `topic` to every API process. Pass the transaction that made the change:
 * PostgreSQL delivers a NOTIFY only when its transaction commits, so subscribers never hear of a
 * change that was rolled back, and never before it is visible to their own queries.
 * @example await publish(tx, `order:${order.id}`, { orderId: order.id, status: 'SHIPPED' });
 */
export async function publish(db: Db, topic: string, event: Record<string, unknown>): Promise<void> {
  await publishMany(db, [{ topic, event }]);
}

/**
 * Publishes several events in one statement (one round trip), in the order given. Same delivery
 * rules as {@link publish}.
 */
export async function publishMany(
  db: Db,
  events: { topic: string; event: Record<string, unknown> }[],
): Promise<void> {
  if (events.length === 0) return;
  const payloads = events.map(({ topic, event }) => eventPayload(topic, event));
  if (payloads.length === 1) {
    await db.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${payloads[0]})`;
    return;
  }
  await db.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, p) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS e(p, i) ORDER BY i`;
}

/**
 * The NOTIFY payload of an event on {@link EVENTS_CHANNEL}, for a statement that sends it itself
 * (`pg_notify(EVENTS_CHANNEL, payload)` inside a write, saving a round trip).
 */
export function eventPayload(topic: string, event: Record<string, unknown>): string {
  const payload = JSON.stringify({ t: topic, d: event } satisfies Envelope);
  if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) {
    throw new Error(`event on ${topic} is ${Buffer.byteLength(payload)} bytes; publish ids, not bodies`);
  }
  return payload;
}

export interface SubscribeOptions {
  /** Events queued for a slow consumer before the subscription fails. @default 256 */
  bufferSize?: number;
}

/** In-process fan-out of the events this process hears on {@link EVENTS_CHANNEL}. */
export interface PubSub {
  /**
   * An async iterator of the events published on `topic` from now on (by any process). Ending the
   * iteration (`return()`, which graphql-ws calls when the client unsubscribes) releases it. A
   * consumer that falls `bufferSize` events behind gets a `RATE_LIMITED` error instead of growing
   * memory without bound; resumable streams then resubscribe from the last id they saw.
   */
  subscribe<T = unknown>(topic: string, opts?: SubscribeOptions): AsyncIterableIterator<T>;
  /**
   * Called after the LISTEN connection was lost and re-established: events published meanwhile were
   * missed, so subscribers that promise completeness should re-read from their last position.
   * Returns a function that removes the callback.
   */
  onReconnect(cb: () => void): () => void;
  /** Resolves once this process is listening. */
  ready: Promise<void>;
  /** Number of open subscriptions (metrics, tests). */
  readonly size: number;
  /** Ends every subscription and closes the LISTEN connection. */
  close(): Promise<void>;
}

class Subscription<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private failure: unknown = null;
  private done = false;

  constructor(
    private readonly bufferSize: number,
    private readonly release: (s: Subscription<T>) => void,
  ) {}

  push(value: T) {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= this.bufferSize) {
      this.fail(
        new AppError(ErrorCode.RATE_LIMITED, 'Subscriber fell behind; subscribe again from the last event', {
          retryAfterSeconds: 1,
        }),
      );
      return;
    }
    this.queue.push(value);
  }

  fail(err: unknown) {
    if (this.done) return;
    this.failure = err;
    this.queue.length = 0;
    this.finish();
    if (this.failWaiting) {
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = null;
      reject(err);
    }
  }

  end() {
    if (this.done) return;
    this.finish();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  private finish() {
    this.done = true;
    this.release(this);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const err = this.failure;
      this.failure = null;
      return Promise.reject(err);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = null;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    this.return();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/**
 * Opens a dedicated connection (LISTEN holds it for the life of the process, so not from the pool)
 * and fans the events out to this process's subscribers by topic. Reconnects after errors and tells
 * `onReconnect` callbacks so resumable streams can fill the gap from the database.
 * @example
 * const pubsub = createPubSub(db.pool, log);
 * for await (const e of pubsub.subscribe<{ orderId: number }>(`order:${id}`)) console.log(e.orderId);
 */
export function createPubSub(pool: Pool, log: Logger, listenUrl?: string): PubSub {
  const topics = new Map<string, Set<Subscription<unknown>>>();
  const reconnectCallbacks = new Set<() => void>();
  let client: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let connectedOnce = false;
  let open = 0;

  const dispatch = (payload: string | undefined) => {
    if (!payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (err) {
      log.warn({ err }, 'malformed event on the events channel');
      return;
    }
    const subs = topics.get(envelope.t);
    if (!subs) return;
    for (const s of [...subs]) s.push(envelope.d);
  };

  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect().catch((err: unknown) => {
        log.warn({ err }, 'events listener could not reconnect; retrying');
        scheduleReconnect();
      });
    }, 1000);
  };

  const connect = async (): Promise<void> => {
    // listenUrl: LISTEN needs a session of its own, never a transaction pooler (DATABASE_DIRECT_URL).
    const c = new Client({
      ...pool.options,
      ...(listenUrl ? { connectionString: listenUrl } : {}),
      application_name: 'bazaar-events',
    });
    c.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL) dispatch(msg.payload);
    });
    c.on('error', (err) => {
      log.warn({ err }, 'events listener lost its connection; reconnecting');
      void c.end().catch(() => undefined);
      if (client === c) client = null;
      scheduleReconnect();
    });
    await c.connect();
    if (stopped) {
      await c.end();
      return;
    }
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
    if (connectedOnce) for (const cb of [...reconnectCallbacks]) cb();
    connectedOnce = true;
  };

  const ready = connect().catch((err: unknown) => {
    log.error({ err }, 'could not start the events listener');
    scheduleReconnect();
  });

  return {
    ready,
    get size() {
      return open;
    },
    subscribe<T>(topic: string, opts: SubscribeOptions = {}) {
      let set = topics.get(topic);
      if (!set) topics.set(topic, (set = new Set()));
      const sub = new Subscription<unknown>(opts.bufferSize ?? DEFAULT_SUBSCRIBER_BUFFER, (s) => {
        const subs = topics.get(topic);
        if (subs?.delete(s)) open--;
        if (subs && subs.size === 0) topics.delete(topic);
      });
      set.add(sub);
      open++;
      if (stopped) sub.end();
      return sub as AsyncIterableIterator<T>;
    },
    onReconnect(cb) {
      reconnectCallbacks.add(cb);
      return () => reconnectCallbacks.delete(cb);
    },
    async close() {
      stopped = true;
      if (retry) clearTimeout(retry);
      for (const subs of [...topics.values()]) for (const s of [...subs]) s.end();
      await ready;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
