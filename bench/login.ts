/**
 * `npm run bench:login`: login latency (single client, p50/p95 over 200 logins) and logins/s at
 * 16 concurrent clients for 10 s (autocannon), against the app started in-process.
 * Database: DATABASE_URL, required (use a scratch one: it is migrated and a bench user is added;
 * every login leaves a session row).
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_login npm run bench:login
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { createLogger } from '../src/logger';
import { createApp } from '../src/server/app';

/** The part of autocannon's API used here (the package ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p97_5: number };
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = require('autocannon') as Autocannon;

const LOGIN = `mutation($input: CustomerLoginInput!) { customerLogin(input: $input) { token userErrors { code } } }`;
const REGISTER = `mutation($input: CustomerRegisterInput!) { customerRegister(input: $input) { token userErrors { code } } }`;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'Set DATABASE_URL to a scratch database, e.g. postgresql://postgres@127.0.0.1:5432/bench_login',
    );
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', SEED_DEMO: 'false' });
  const log = createLogger('warn');
  await migrate(url, { log: () => undefined });
  const app = await createApp({ config, log, databaseUrl: url, workers: false });
  const port = await app.http.listen(0, '127.0.0.1');
  const endpoint = `http://127.0.0.1:${port}/graphql`;
  const post = async (query: string, variables: unknown) => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as {
      data?: Record<string, { token: string | null; userErrors: { code: string }[] }>;
    };
  };
  const credentials = { email: `bench-${randomUUID()}@example.com`, password: 'bench password 123' };
  const reg = await post(REGISTER, { input: credentials });
  if (!reg.data?.customerRegister?.token) throw new Error(`register failed: ${JSON.stringify(reg)}`);

  for (let i = 0; i < 10; i++) await post(LOGIN, { input: credentials }); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const r = await post(LOGIN, { input: credentials });
    times.push(performance.now() - t0);
    if (!r.data?.customerLogin?.token) throw new Error(`login failed: ${JSON.stringify(r)}`);
  }
  times.sort((a, b) => a - b);

  let failed = 0;
  const result = await autocannon({
    url: endpoint,
    method: 'POST',
    connections: 16,
    duration: 10,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { input: credentials } }),
    setupClient: (client: { on(event: 'body', cb: (buf: Buffer) => void): void }) =>
      client.on('body', (buf: Buffer) => {
        if (!buf.toString().includes('"token":"')) failed++;
      }),
  });

  console.log(
    `argon2id m=${config.ARGON2_MEMORY_KIB} KiB t=${config.ARGON2_TIME_COST} p=${config.ARGON2_PARALLELISM}, max ${config.ARGON2_MAX_CONCURRENCY} hashes at once`,
  );
  console.log(
    `single client, 200 logins: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`,
  );
  console.log(
    `16 connections, 10 s: ${result.requests.average.toFixed(1)} logins/s (total ${result.requests.total}), ` +
      `latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, non-2xx ${result.non2xx}, failed logins ${failed}`,
  );
  // autocannon stops with requests still queued behind the hash limiter: let them finish first.
  await new Promise((r) => setTimeout(r, 2000));
  await app.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
