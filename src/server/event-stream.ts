import { ErrorCode } from '../graphql/errors';
import type { GraphQLContext } from './context';
import type { PubSub } from './pubsub';

/** Returned by {@link EventWaiter.next} when events may have been lost: re-read from the database. */
export const MISSED = Symbol('missed');

export interface EventWaiter<E> {
  /**
   * The next event on the topic; {@link MISSED} when events may have been lost since the previous
   * one (the LISTEN connection was re-established, or this consumer fell behind and was
   * re-subscribed); null once the stream is closed.
   */
  next(): Promise<E | typeof MISSED | null>;
}

const fellBehind = (err: unknown) =>
  (err as { extensions?: { code?: string } }).extensions?.code === ErrorCode.RATE_LIMITED;

/**
 * A subscription stream driven by pub/sub events, for resolvers' `subscribe`:
 * - the topic is subscribed BEFORE `body` runs, so a body that first reads the database (a replay)
 *   and then waits for events misses nothing in between;
 * - after a LISTEN reconnect (`pubsub.onReconnect`) or when the consumer fell behind (the pub/sub
 *   cut it off), the body is told {@link MISSED} (already re-subscribed) and re-reads;
 * - `return()` (graphql-ws calls it when the client unsubscribes or the socket closes) ends a body
 *   that is waiting for events at once and releases the subscription — an async generator alone
 *   would stay suspended in its `await` until the next event, holding the subscription.
 * The body returns when `events.next()` gives null.
 * @example
 * return eventStream(ctx.pubsub, `order:${id}`, async function* (events) {
 *   yield await loadOrder(id);
 *   for (let e = await events.next(); e !== null; e = await events.next()) yield await loadOrder(id);
 * });
 */
export function eventStream<E, T>(
  pubsub: PubSub,
  topic: string,
  body: (events: EventWaiter<E>) => AsyncGenerator<T, void, undefined>,
): AsyncIterableIterator<T> {
  let sub = pubsub.subscribe<E>(topic);
  let closed = false;
  let missed = false;
  let pending: Promise<IteratorResult<E>> | null = null;
  let wake: (() => void) | null = null;
  const offReconnect = pubsub.onReconnect(() => {
    missed = true;
    wake?.();
  });

  const waiter: EventWaiter<E> = {
    async next() {
      for (;;) {
        if (closed) return null;
        if (missed) {
          missed = false;
          return MISSED;
        }
        pending ??= sub.next();
        const woken = new Promise<'wake'>((resolve) => (wake = () => resolve('wake')));
        let res: IteratorResult<E> | 'wake';
        try {
          res = await Promise.race([pending, woken]);
        } catch (err) {
          pending = null;
          if (!fellBehind(err) || closed) throw err;
          sub = pubsub.subscribe<E>(topic);
          return MISSED;
        } finally {
          wake = null;
        }
        if (res === 'wake') continue;
        pending = null;
        return res.done ? null : res.value;
      }
    },
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    offReconnect();
    wake?.();
    pending?.catch(() => undefined);
    await sub.return?.();
  };
  const gen = body(waiter);
  const settle = async <R>(step: Promise<IteratorResult<T, R>>) => {
    try {
      const r = await step;
      if (r.done) await close();
      return r;
    } catch (err) {
      await close();
      throw err;
    }
  };
  return {
    next: () => settle(gen.next()),
    async return() {
      await close();
      return gen.return(undefined);
    },
    async throw(err?: unknown) {
      await close();
      return gen.throw(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Gives a subscription fresh per-request loaders before each value is resolved: the operation's
 * context lives as long as the subscription, and its DataLoader caches would otherwise serve stale
 * rows and grow with every event.
 */
export function withFreshLoaders<T>(
  ctx: GraphQLContext,
  it: AsyncIterableIterator<T>,
): AsyncIterableIterator<T> {
  return {
    async next() {
      const r = await it.next();
      if (!r.done) ctx.freshLoaders();
      return r;
    },
    return: () => (it.return ? it.return() : Promise.resolve({ value: undefined, done: true })),
    throw: (err?: unknown) => (it.throw ? it.throw(err) : Promise.reject(err)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
