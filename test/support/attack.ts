/**
 * Helpers for replaying attacks against a listening test app while watching that the server stays
 * responsive: `/healthz` is polled back to back for as long as the attack runs, and the server's
 * event loop is watched for work that does not yield.
 */

export interface Watched<T> {
  result: T;
  /**
   * The longest stretch of CPU the server's event loop spent without coming back to its timers
   * (ms): how long a /healthz arriving at the worst moment would have waited on an otherwise idle
   * machine.
   */
  longestBlockMs: number;
  /** The slowest /healthz answer seen while the attack ran (wall clock, ms: includes the machine's load). */
  slowestHealthMs: number;
  healthChecks: number;
  /** /healthz answers that were not 200. */
  healthFailures: number;
}

/**
 * Runs `attack` while /healthz is polled back to back and the event loop is watched.
 *
 * What a frozen server looks like is measured in CPU, not wall time: the machine running the tests
 * is shared and often loaded several times over, so a /healthz round trip can take 100 ms because
 * the process was not scheduled, while a server stuck in a 9 s cost walk spends that time on the
 * CPU. A 1 ms timer samples the main thread's own CPU time (`process.threadCpuUsage()`: not the
 * thread pool, not other processes); the CPU spent between two consecutive ticks is work the loop
 * did without yielding — the wait a /healthz would have had on an idle machine. The server runs
 * in this process, so the test's own client work counts too (attacks build their payloads first).
 * A stretch can still be long for a reason of its own (a major GC of the test process), so an
 * attack whose watch saw a long one is replayed (up to `replays` times): an attack that blocks the
 * server blocks it on every replay, a GC does not.
 */
export async function watchingHealth<T>(
  base: string,
  attack: () => Promise<T>,
  opts: { replays?: number; limitMs?: number } = {},
): Promise<Watched<T>> {
  const { replays = 3, limitMs = 100 } = opts;
  let best: Watched<T> | undefined;
  for (let i = 0; i < replays && !(best && best.longestBlockMs < limitMs); i++) {
    const w = await watchOnce(base, attack);
    if (!best || w.longestBlockMs < best.longestBlockMs) best = w;
  }
  return best!;
}

/** Samples the main thread's CPU time every millisecond; reports the most spent between two ticks. */
function watchEventLoop() {
  const cpuMs = () => {
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
  };
  let last = cpuMs();
  let longest = 0;
  const sample = () => {
    const now = cpuMs();
    longest = Math.max(longest, now - last);
    last = now;
  };
  const timer = setInterval(sample, 1);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return longest;
    },
  };
}

async function watchOnce<T>(base: string, attack: () => Promise<T>): Promise<Watched<T>> {
  let done = false;
  let slowest = 0;
  let checks = 0;
  let failures = 0;
  const loop = watchEventLoop();
  const poller = (async () => {
    // At least one check overlaps the attack even when it is refused at once.
    do {
      const started = performance.now();
      const res = await fetch(`${base}/healthz`);
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
      slowest = Math.max(slowest, performance.now() - started);
      checks++;
    } while (!done);
  })();
  let result: T;
  let longestBlockMs: number;
  try {
    result = await attack();
  } finally {
    longestBlockMs = loop.stop();
    done = true;
    // The check in flight when the attack ended counts: it was waiting on the same server.
    await poller;
  }
  return { result, longestBlockMs, slowestHealthMs: slowest, healthChecks: checks, healthFailures: failures };
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
