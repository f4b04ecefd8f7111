/**
 * Streams a reply's tokens to `assistantTokens` subscribers through the shared pub/sub (topic
 * `assistant:<conversation uuid>`). The first token goes out at once (time to first token); later
 * tokens are joined into one piece per flush (every FLUSH_MS), so a long reply is a handful of
 * NOTIFYs, each well under the 8 kB payload limit, and a handful of `assistantTokens` events per
 * subscriber rather than one GraphQL execution and one WebSocket frame per model token (which cost
 * more CPU than the reply itself). Events go out one after another from this single chain, so they
 * arrive in order; the closing `done` event is sent by the statement that stores the reply.
 */
import type { Db } from '../../../db/prisma';
import { publish } from '../../../server/pubsub';

export const assistantTopic = (conversationId: string) => `assistant:${conversationId}`;

/**
 * One NOTIFY: the next piece(s) of one reply (`a` = attempt, so a retry's pieces restart visibly).
 * This stream sends one piece an event; `t` stays a list for events of earlier versions.
 */
export interface TokenEvent {
  m: number;
  a: number;
  t: { i: number; x: string }[];
  d?: boolean;
}

/** Payload bytes of the pieces of one event (the NOTIFY limit is 8,000 bytes with the envelope). */
const MAX_EVENT_TEXT = 6000;
const FLUSH_MS = 15;

export interface TokenStream {
  push(text: string): void;
  /** Waits until every pushed token is published. */
  flush(): Promise<void>;
  /** The closing `done` event, sent by the statement that stores the message (see `storeTurn`). */
  doneEvent(): { topic: string; event: Record<string, unknown> };
  /** Pieces sent so far (the next piece's index). */
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
  let piece: { i: number; x: string } | null = null;
  let pieceBytes = 0;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let firstTokenAt: number | null = null;
  let failed: unknown = null;

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!piece) return;
    const t = [piece];
    piece = null;
    pieceBytes = 0;
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
        // What the text adds to the NOTIFY payload once JSON-escaped.
        const bytes = Buffer.byteLength(JSON.stringify(x)) - 2;
        if (piece && pieceBytes + bytes > MAX_EVENT_TEXT) send();
        if (piece) piece.x += x;
        else piece = { i: index++, x };
        pieceBytes += bytes;
      }
      if (firstTokenAt == null) {
        firstTokenAt = Date.now();
        // The first token goes out at once: with whatever else this same tick produced (a provider
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
