/**
 * Helpers for replaying attacks against a listening test app while watching that the server stays
 * responsive: `/healthz` is polled back to back for as long as the attack runs.
 */

export interface Watched<T> {
  result: T;
  /** The slowest /healthz answer seen while the attack ran (ms). */
  slowestHealthMs: number;
  healthChecks: number;
}

/**
 * Runs `attack` while /healthz is polled back to back and reports the slowest health answer. On a
 * shared, loaded machine a poll can be slow for reasons of its own, so an attack whose watch saw a
 * slow answer is replayed (up to `replays` times): an attack that blocks the server blocks it on
 * every replay, noise does not.
 */
export async function watchingHealth<T>(
  base: string,
  attack: () => Promise<T>,
  opts: { replays?: number; limitMs?: number } = {},
): Promise<Watched<T>> {
  const { replays = 5, limitMs = 100 } = opts;
  let best: Watched<T> | undefined;
  for (let i = 0; i < replays && !(best && best.slowestHealthMs < limitMs); i++) {
    const w = await watchOnce(base, attack);
    if (!best || w.slowestHealthMs < best.slowestHealthMs) best = w;
  }
  return best!;
}

async function watchOnce<T>(base: string, attack: () => Promise<T>): Promise<Watched<T>> {
  let done = false;
  let slowest = 0;
  let checks = 0;
  const poller = (async () => {
    // At least one check overlaps the attack even when it is refused at once.
    do {
      const started = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
      checks++;
    } while (!done);
  })();
  try {
    const result = await attack();
    return { result, slowestHealthMs: slowest, healthChecks: checks };
  } finally {
    done = true;
    await poller;
  }
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/**
 * POSTs a raw body to /graphql as a GraphQL-over-HTTP client that accepts
 * `application/graphql-response+json` (so request errors answer 4xx).
 */
export async function postRaw(
  base: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...headers,
    },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: JSON.parse(text) as never,
  };
}

export const gql = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify({ query, variables });

/** `n` aliases of the same selection: `{ a0: <field> a1: <field> … }`. */
export const aliased = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** The fragment fan-out of issue 7: each level spreads the next twice, 2^depth fields if expanded. */
export function fragmentFanOut(depth: number, leaf = 'me { id }'): string {
  let q = 'query Q { ...F0 }';
  for (let i = 0; i < depth; i++) q += ` fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`;
  return `${q} fragment F${depth} on Query { ${leaf} }`;
}
