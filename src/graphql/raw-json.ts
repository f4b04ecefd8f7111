import { randomUUID } from 'node:crypto';

/**
 * JSON text that PostgreSQL built (the compiled read path's products, the `data` of a compiled
 * list), carried into the response as it is. Parsing it into objects only for Apollo to stringify
 * them again took 8% of a search request's CPU in a profile (JSON.parse and JSON.stringify), plus
 * collecting the objects in between; `stringifyResult` writes the text in place.
 *
 * Anything else that serializes it (JSON.stringify elsewhere, a test) gets the parsed value
 * through `toJSON`, so the text is never mistaken for a string.
 */
export class RawJson {
  /**
   * @param body The whole HTTP response body around `text` (`{"data":<text>}` and a newline), when
   * PostgreSQL wrote that too: stringifyResult then returns it as it is, without building a copy.
   */
  constructor(
    readonly text: string,
    readonly body: string | null = null,
  ) {}

  toJSON(): unknown {
    if (collecting === null) return JSON.parse(this.text);
    collecting.push(this.text);
    return MARK;
  }
}

/**
 * What a RawJson stands for in JSON.stringify's output while `stringifyResult` runs: a string
 * holding a per-process random id, which no value can contain by chance and no client can learn
 * (every occurrence is replaced before the text leaves the process).
 */
const MARK = `raw-json:${randomUUID()}`;
const QUOTED_MARK = JSON.stringify(MARK);

/** The texts of the RawJson values met by the JSON.stringify in progress (it is synchronous). */
let collecting: string[] | null = null;

/** Wraps JSON text PostgreSQL produced (never client input: it is written into responses unchecked). */
export const rawJson = (text: string) => new RawJson(text);

/** How PostgreSQL writes a whole response body around its `data` (see rawBody). */
export const BODY_PREFIX = '{"data":';
export const BODY_SUFFIX = '}\n';

/**
 * A response's `data` from the whole body PostgreSQL wrote (`{"data":…}` and a newline, as
 * stringifyResult would write it). A response of ~60 kB is otherwise copied once more per request
 * to put it between the two, which with the pg string and the socket write's buffer made a third of
 * what a product-list request allocated (sampling heap profile under load) and kept the young
 * generation's collections busy.
 */
export const rawBody = (body: string) =>
  new RawJson(body.slice(BODY_PREFIX.length, body.length - BODY_SUFFIX.length), body);

/**
 * Apollo's `stringifyResult`: JSON.stringify of the result, as Apollo's default (with its trailing
 * newline), with each RawJson's text in its place. The texts come back in the order JSON.stringify
 * met them, which is the order their marks appear in the output.
 */
export function stringifyResult(value: unknown): string {
  const whole = (value ?? {}) as { data?: unknown; errors?: unknown; extensions?: unknown };
  if (
    whole.data instanceof RawJson &&
    whole.data.body !== null &&
    whole.errors === undefined &&
    whole.extensions === undefined &&
    Object.keys(whole).every((k) => k === 'data' || k === 'errors' || k === 'extensions')
  ) {
    return whole.data.body;
  }
  const texts: string[] = [];
  collecting = texts;
  let out: string;
  try {
    out = JSON.stringify(value);
  } finally {
    collecting = null;
  }
  if (texts.length === 0) return `${out}\n`;
  const pieces: string[] = [];
  let from = 0;
  for (const text of texts) {
    const at = out.indexOf(QUOTED_MARK, from);
    pieces.push(out.slice(from, at), text);
    from = at + QUOTED_MARK.length;
  }
  pieces.push(out.slice(from), '\n');
  return pieces.join('');
}

/**
 * The value with every RawJson parsed: for in-process callers (Apollo's executeOperation), which
 * receive the result as objects rather than as the text stringifyResult writes.
 */
export function parseRawJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
