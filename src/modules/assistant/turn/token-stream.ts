/**
 * Streams a reply's tokens to `assistantTokens` subscribers through the shared pub/sub (topic
 * `assistant:<conversation uuid>`). The first piece goes out at once (time to first token); later
 * pieces are coalesced into one event per flush so a long reply is a handful of NOTIFYs, each well
 * under the 8 kB payload limit. Events go out one after another from this single chain, so they
 * arrive in order; the closing `done` event is sent by the statement that stores the reply.
 */
import type { Db } from '../../../db/prisma';
import { publish } from '../../../server/pubsub';

export const assistantTopic = (conversationId: string) => `assistant:${conversationId}`;

/** One NOTIFY: consecutive tokens of one reply (`a` = attempt, so a retry's tokens restart visibly). */
export interface TokenEvent {
  m: number;
  a: number;
  t: { i: number; x: string }[];
  d?: boolean;
}

/** Payload bytes of the pieces of one event (the NOTIFY limit is 8,000 bytes with the envelope). */
const MAX_EVENT_TEXT = 6000;
const PIECE_OVERHEAD = 16;
const FLUSH_MS = 15;

export interface TokenStream {
  push(text: string): void;
  /** Waits until every pushed token is published. */
  flush(): Promise<void>;
  /** The closing `done` event, sent by the statement that stores the message (see `storeTurn`). */
  doneEvent(): { topic: string; event: Record<string, unknown> };
  readonly count: number;
  readonly firstTokenAt: number | null;
}

export function createTokenStream(
  db: Db,
  conversationId: string,
  messageId: number,
  attempt: number,
): TokenStream {
  const topic = assistantTopic(conversationId);
  let index = 0;
  let buffer: { i: number; x: string }[] = [];
  let bufferChars = 0;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let firstTokenAt: number | null = null;
  let failed: unknown = null;

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffer.length === 0) return;
    const t = buffer;
    buffer = [];
    bufferChars = 0;
    chain = chain
      .then(() => publish(db, topic, { m: messageId, a: attempt, t } satisfies TokenEvent))
      .catch((err: unknown) => {
        failed ??= err;
      });
  };

  return {
    get count() {
      return index;
    },
    get firstTokenAt() {
      return firstTokenAt;
    },
    push(text: string) {
      // A piece is at most 1,000 characters: even fully escaped it fits one event.
      for (let k = 0; k < text.length; k += 1000) {
        const x = text.slice(k, k + 1000);
        // What the piece adds to the NOTIFY payload: its JSON text and the {"i":…,"x":…} around it.
        const bytes = Buffer.byteLength(JSON.stringify(x)) + PIECE_OVERHEAD;
        if (bufferChars + bytes > MAX_EVENT_TEXT) send();
        buffer.push({ i: index++, x });
        bufferChars += bytes;
      }
      if (firstTokenAt == null) {
        firstTokenAt = Date.now();
        // The first piece goes out at once: with whatever else this same tick produced (a provider
        // that composes its reply at once streams it in one event instead of two).
        queueMicrotask(send);
      } else timer ??= setTimeout(send, FLUSH_MS);
    },
    async flush() {
      send();
      await chain;
      if (failed) throw failed;
    },
    doneEvent() {
      const event: TokenEvent = { m: messageId, a: attempt, t: [{ i: index, x: '' }], d: true };
      return { topic, event: event as unknown as Record<string, unknown> };
    },
  };
}
