/**
 * What every bench shares: the servers as child processes (the API and the hand-written
 * reference), a sequential client for single-request latency, and autocannon in a process of
 * its own (bench/load-runner.cjs) for throughput, so neither server shares an event loop with
 * the load generator.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { spawn } from 'node:child_process';
// The build script is CommonJS.
const { ensureBuilt } = require('../scripts/build.cjs') as { ensureBuilt: () => Promise<void> };

/** The node flags `npm start` and the image's CMD run the API with (package.json, Dockerfile). */
const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=4'];

export const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/seedbench';

export interface ServerStats {
  statements: number;
  cpuMs: number;
  rssMb: number;
  heapUsedMb: number;
  /** The heap V8 has committed (used or not): part of RSS. */
  heapTotalMb: number;
  /** Memory outside the V8 heap (Buffers, ArrayBuffers). */
  externalMb: number;
}

export interface BenchServer {
  name: string;
  endpoint: string;
  /** SQL statements the server sent and CPU time its process used since the last call; its memory now. */
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

/**
 * Starts `script` as a child that reports `{ port }` and answers `'stats'` / `'stop'` over IPC: a
 * TypeScript file through the same tsx loader as this process; `api-server.cjs` on plain node
 * with the production build (BENCH_BUILD=src: the sources, through tsx).
 * `nodeArgs` go to node itself, e.g. `--cpu-prof`.
 */
export async function startServer(
  name: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<BenchServer> {
  // The API from the production build runs on plain node (see api-server.cjs), built first if stale.
  const fromBuild = script.endsWith('.cjs') && process.env.BENCH_BUILD !== 'src';
  if (fromBuild) await ensureBuilt();
  const child = fork(path.join(__dirname, script), [], {
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...env },
    execArgv: fromBuild ? [...PRODUCTION_NODE_FLAGS, ...nodeArgs] : [...process.execArgv, ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as T);
      });
    });
  const { port } = await next<{ port: number }>();
  return {
    name,
    endpoint: `http://127.0.0.1:${port}/graphql`,
    async stats() {
      const reply = next<ServerStats>();
      child.send('stats');
      return reply;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

export async function post(
  endpoint: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ errors?: unknown[]; data?: unknown }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return (await res.json()) as { errors?: unknown[]; data?: unknown };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export interface SingleClientResult {
  p50: number;
  p95: number;
  p99: number;
  statementsPerRequest: number;
  /** CPU time of the server process per request (user + system). */
  cpuMsPerRequest: number;
}

/** `n` sequential requests cycling through `bodies`: latency percentiles and statements per request. */
export async function singleClient(s: BenchServer, bodies: string[], n: number): Promise<SingleClientResult> {
  const times: number[] = [];
  await s.stats();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await post(s.endpoint, bodies[i % bodies.length]!);
    times.push(performance.now() - t0);
    if (r.errors) throw new Error(`${s.name}: request failed: ${JSON.stringify(r.errors).slice(0, 500)}`);
  }
  const { statements, cpuMs } = await s.stats();
  times.sort((x, y) => x - y);
  return {
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    statementsPerRequest: statements / n,
    cpuMsPerRequest: cpuMs / n,
  };
}

export interface LoadResult {
  reqPerSec: number;
  total: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  statementsPerRequest: number;
  cpuMsPerRequest: number;
}

/** `connections` concurrent clients for `seconds`, cycling through the bodies, from bench/load-runner.cjs. */
export function loadTest(
  s: BenchServer,
  bodies: string[],
  seconds: number,
  connections = 16,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  return runLoad(s, { connections, seconds, bodies, headers });
}

/** A request of `loadOnce`: its body and its own headers (e.g. the shopper's token). */
export interface OnceRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * Sends every request exactly once from `connections` concurrent clients (bench/load-runner.cjs),
 * for operations that consume what they act on (a checkout converts its cart); req/s over the
 * time they took. A response counts as failed when it is not 2xx, has `errors`, or does not
 * contain `ok` (when given, e.g. `"userErrors":[]`).
 */
export function loadOnce(
  s: BenchServer,
  requests: OnceRequest[],
  connections = 16,
  ok?: string,
): Promise<LoadResult> {
  return runLoad(s, { connections, requests, ok });
}

async function runLoad(s: BenchServer, job: Record<string, unknown>): Promise<LoadResult> {
  await s.stats();
  const child = spawn(process.execPath, [path.join(__dirname, 'load-runner.cjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify({ url: s.endpoint, ...job }));
  await new Promise<void>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`load runner exited with ${code}`)),
    ),
  );
  const r = JSON.parse(out) as Omit<LoadResult, 'statementsPerRequest' | 'cpuMsPerRequest'>;
  const { statements, cpuMs } = await s.stats();
  const n = Math.max(1, r.total);
  return { ...r, statementsPerRequest: statements / n, cpuMsPerRequest: cpuMs / n };
}

export const fmt = (x: number, digits = 1) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
