/**
 * Shared harness of bench:list and bench:search: the app in-process against DATABASE_URL (default:
 * the seeded `seedbench` database), SQL statements counted through createApp's onQuery, autocannon
 * for throughput and a sequential client for single-request latency.
 */
import './production-env';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createApp, type App } from '../src/server/app';

import { spawn } from 'node:child_process';
import path from 'node:path';

export const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/seedbench';

export interface Bench {
  app: App;
  endpoint: string;
  /** SQL statements sent since the last reset. */
  statements: { count: number };
  post(body: string): Promise<{ errors?: unknown[]; data?: unknown }>;
  stop(): Promise<void>;
}

export async function startBench(): Promise<Bench> {
  const url = process.env.DATABASE_URL ?? DEFAULT_URL;
  const config = loadConfig({
    NODE_ENV: 'production',
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
  });
  const statements = { count: 0 };
  // Jobs run in this process as in production (search logs are written by a worker).
  // The search-log worker shares the Prisma client: its INSERTs are not part of any request.
  const onQuery = (sql: string) => {
    if (!sql.trimStart().startsWith('INSERT INTO search_logs')) statements.count++;
  };
  const app = await createApp({ config, log: createLogger('warn'), databaseUrl: url, onQuery });
  const port = await app.http.listen(0, '127.0.0.1');
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  return {
    app,
    endpoint,
    statements,
    async post(body) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      return (await res.json()) as { errors?: unknown[]; data?: unknown };
    },
    stop: () => app.stop(),
  };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Sequential requests: latency percentiles and statements per request. */
export async function singleClient(b: Bench, bodies: string[], n: number) {
  const times: number[] = [];
  b.statements.count = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await b.post(bodies[i % bodies.length]!);
    times.push(performance.now() - t0);
    if (r.errors) throw new Error(`request failed: ${JSON.stringify(r.errors).slice(0, 500)}`);
  }
  const perRequest = b.statements.count / n;
  times.sort((x, y) => x - y);
  return { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99), statementsPerRequest: perRequest };
}

/** 16 connections for `seconds`, cycling through the bodies, from a separate load-generator process. */
export async function loadTest(b: Bench, bodies: string[], seconds: number) {
  b.statements.count = 0;
  const child = spawn(process.execPath, [path.join(__dirname, 'load-runner.cjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify({ url: b.endpoint, connections: 16, seconds, bodies }));
  await new Promise<void>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`load runner exited with ${code}`)),
    ),
  );
  const r = JSON.parse(out) as {
    reqPerSec: number;
    total: number;
    p50: number;
    p95: number;
    p99: number;
    failed: number;
  };
  return { ...r, statementsPerRequest: b.statements.count / Math.max(1, r.total) };
}

export const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
