/**
 * `npm run bench:compare [-- list|search|drain …]`: the benchmark operations against the API and
 * against the hand-written reference (bench/reference/), in one run on the same database, and
 * the ratio of the two — so a figure is judged against what this machine can do at most, not
 * against an absolute number that moves with the machine.
 *
 * For each operation: responses of both sides are checked deep-equal first (the run stops on
 * any difference), then each side is warmed up, measured by a single sequential client (p95)
 * and by 16 concurrent connections (req/s), from a load generator in its own process.
 * `drain` then loads the API with searches at full speed and reports the search-log queue.
 *
 * Env: DATABASE_URL (default: the seeded `seedbench` database), BENCH_SECONDS (measured window,
 * default 20), BENCH_WARMUP (default 5), BENCH_SINGLE (sequential requests, default 200),
 * BENCH_DRAIN_SECONDS (default 60), BENCH_API_NODE_ARGS (e.g. `--cpu-prof`).
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/seedbench npm run bench:compare
 */
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import {
  DEFAULT_URL,
  fmt,
  loadTest,
  post,
  singleClient,
  startServer,
  type BenchServer,
  type LoadResult,
  type SingleClientResult,
} from './harness';
import { body, LIST, LIST_PAGES, SEARCH, SEARCHES } from './queries';

const url = process.env.DATABASE_URL ?? DEFAULT_URL;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 200);
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);

interface Scenario {
  name: 'list' | 'search';
  label: string;
  /** The rotating request bodies (may ask the API for cursors). */
  bodies(api: BenchServer): Promise<string[]>;
  /** Whether the reference answers this operation. */
  reference: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'list',
    label: `products(first: 50) with nested fields, ${LIST_PAGES} keyset pages`,
    reference: true,
    async bodies(api) {
      const bodies = [body(LIST, {})];
      let after: string | null = null;
      for (let i = 1; i < LIST_PAGES; i++) {
        const r = (await post(api.endpoint, body(LIST, { after }))) as {
          data: { products: { pageInfo: { endCursor: string } } };
        };
        after = r.data.products.pageInfo.endCursor;
        bodies.push(body(LIST, { after }));
      }
      return bodies;
    },
  },
  {
    name: 'search',
    label: `searchProducts with facets and highlights, ${SEARCHES.length} queries`,
    reference: true,
    bodies: async () => SEARCHES.map((v) => body(SEARCH, v)),
  },
];

interface Side {
  single: SingleClientResult;
  load: LoadResult;
}

/** Stops the run when the two servers answer any body differently. */
async function assertSameAnswers(api: BenchServer, ref: BenchServer, bodies: string[]) {
  for (const b of bodies) {
    const [ours, theirs] = await Promise.all([post(api.endpoint, b), post(ref.endpoint, b)]);
    if (ours.errors || !isDeepStrictEqual(ours, theirs)) {
      console.error('request:', b);
      console.error('api:      ', JSON.stringify(ours).slice(0, 2000));
      console.error('reference:', JSON.stringify(theirs).slice(0, 2000));
      throw new Error('the API and the reference answer differently: fix one of them before comparing');
    }
  }
}

async function measure(s: BenchServer, bodies: string[]): Promise<Side> {
  await loadTest(s, bodies, WARMUP);
  const single = await singleClient(s, bodies, SINGLE);
  const load = await loadTest(s, bodies, SECONDS);
  return { single, load };
}

/** Jobs of a queue not yet completed (created, retry or active). */
async function queueDepth(db: Client, queue: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`,
    [queue],
  );
  return rows[0]!.n;
}

async function drain(api: BenchServer) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const bodies = SEARCHES.map((v) => body(SEARCH, v));
    const before = await queueDepth(db, 'search.log');
    const load = await loadTest(api, bodies, DRAIN_SECONDS);
    const stopped = performance.now();
    const atEnd = await queueDepth(db, 'search.log');
    let depth = atEnd;
    while (depth > 0 && performance.now() - stopped < 120_000) {
      await new Promise((r) => setTimeout(r, 250));
      depth = await queueDepth(db, 'search.log');
    }
    const drainedIn = (performance.now() - stopped) / 1000;
    console.log(`\nsearch-log queue after ${DRAIN_SECONDS} s of searches at full speed`);
    console.log(
      `  ${fmt(load.reqPerSec)} searches/s (${load.total}, ${load.failed} failed); queue depth before ${before}, ` +
        `at the end of the load ${atEnd}; ${depth === 0 ? `empty ${fmt(drainedIn)} s after the load stopped` : `still ${depth} after ${fmt(drainedIn)} s`}`,
    );
  } finally {
    await db.end();
  }
}

function printTable(rows: { scenario: Scenario; api: Side; ref: Side | null }[]) {
  const head = [
    'operation',
    'project req/s',
    'reference req/s',
    'ratio',
    'project p95 (1 client)',
    'reference p95',
    'p95 ratio',
    'statements/request',
    'server CPU ms/request',
    'failed',
  ];
  const lines = rows.map(({ scenario, api, ref }) => [
    scenario.name,
    fmt(api.load.reqPerSec),
    ref ? fmt(ref.load.reqPerSec) : '—',
    ref ? `${fmt(api.load.reqPerSec / ref.load.reqPerSec, 2)}×` : '—',
    `${fmt(api.single.p95)} ms`,
    ref ? `${fmt(ref.single.p95)} ms` : '—',
    ref ? `${fmt(api.single.p95 / ref.single.p95, 2)}×` : '—',
    `${fmt(api.single.statementsPerRequest)} (load: ${fmt(api.load.statementsPerRequest)})`,
    `${fmt(api.load.cpuMsPerRequest, 2)}${ref ? ` / ${fmt(ref.load.cpuMsPerRequest, 2)}` : ''}`,
    `${api.load.failed}${ref ? ` / ${ref.load.failed}` : ''}`,
  ]);
  console.log(`\n| ${head.join(' | ')} |\n| ${head.map((h, i) => (i ? '--:' : '---')).join(' | ')} |`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
  for (const { scenario, api, ref } of rows) {
    console.log(
      `${scenario.name}: ${scenario.label}; under load p50/p95/p99 project ${fmt(api.load.p50)}/${fmt(api.load.p95)}/${fmt(api.load.p99)} ms` +
        (ref ? `, reference ${fmt(ref.load.p50)}/${fmt(ref.load.p95)}/${fmt(ref.load.p99)} ms` : ''),
    );
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const want = (name: string) => wanted.length === 0 || wanted.includes(name);
  const env = { DATABASE_URL: url };
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const api = await startServer('api', 'api-server.cjs', env, nodeArgs);
  const ref = await startServer('reference', 'reference/server.ts', env);
  try {
    console.log(
      `database ${url.replace(/\/\/[^@]*@/, '//')}; ${SECONDS} s measured after ${WARMUP} s warm-up, 16 connections; ` +
        `${SINGLE} sequential requests for p95`,
    );
    const rows: { scenario: Scenario; api: Side; ref: Side | null }[] = [];
    for (const scenario of SCENARIOS.filter((s) => want(s.name))) {
      const bodies = await scenario.bodies(api);
      if (scenario.reference) await assertSameAnswers(api, ref, bodies);
      const apiSide = await measure(api, bodies);
      const refSide = scenario.reference ? await measure(ref, bodies) : null;
      rows.push({ scenario, api: apiSide, ref: refSide });
    }
    if (rows.length) printTable(rows);
    if (want('drain')) await drain(api);
  } finally {
    await Promise.all([api.stop(), ref.stop()]);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
