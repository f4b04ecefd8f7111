/**
 * `npm run bench:relevance`: search quality on judged shopper queries (bench/relevance/) over three
 * catalogs, each in a fresh database of the PostgreSQL at DATABASE_URL (default: the local one):
 * - commercetools: the public B2C lifestyle sample shop of test/fixtures/relevance (117 products:
 *   furniture, home decor, kitchen; no brands);
 * - DummyJSON: the public DummyJSON catalog of test/fixtures/relevance (194 products in 24
 *   categories, from beauty and groceries to phones, watches and vehicles; 102 with a brand);
 *   both loaded the way `npm run import:catalog` loads a file (SEED_DEMO=false, no synonyms but
 *   the defaults);
 * - seeded: `npm run seed` with RELEVANCE_SEED_PRODUCTS products (default 3000, seed 42).
 * Prints nDCG@10 per kind of query, typo recall@3 and zero-result precision, per catalog and
 * together, the queries that scored worst, and on the seeded catalog the latency of pathological
 * queries (30 words, 10 kB, typos everywhere). The databases are dropped afterwards.
 * @example npm run bench:relevance
 */
import './production-env';
import { Client, Pool } from 'pg';
import { loadConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { silentProgress } from '../src/db/seed/progress';
import { seed } from '../src/db/seed/seed';
import { createLogger } from '../src/logger';
import { importFile } from '../src/modules/catalog/import/import.service';
import { createApp } from '../src/server/app';
import { DUMMYJSON_FIXTURE, dummyjsonQueries } from './relevance/dummyjson-queries';
import { FIXTURE, importedQueries } from './relevance/imported-queries';
import { formatReport, report, type Judged, type Outcome } from './relevance/judged';
import { RELEVANCE_QUERY, runJudged, type RelevanceResult } from './relevance/run';
import { seededQueries } from './relevance/seeded-queries';

const BASE = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const withDb = (name: string) => {
  const u = new URL(BASE);
  u.pathname = `/${name}`;
  return u.toString();
};

type Search = (q: string) => Promise<RelevanceResult>;

async function onDatabase(
  name: string,
  load: (url: string) => Promise<void>,
  judge: (url: string) => Promise<Judged[]>,
  after: (search: Search) => Promise<void> = async () => {},
): Promise<Outcome[]> {
  const admin = new Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDb(name);
  try {
    await migrate(url);
    await load(url);
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    const app = await createApp({ config, log: createLogger('warn'), databaseUrl: url });
    const port = await app.http.listen(0, '127.0.0.1');
    try {
      const search: Search = async (q) => {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: RELEVANCE_QUERY, variables: { q } }),
        });
        const body = (await res.json()) as { data?: RelevanceResult; errors?: unknown };
        if (!body.data) throw new Error(`${q.slice(0, 80)}: ${JSON.stringify(body.errors)}`);
        return body.data;
      };
      const outcomes = await runJudged(await judge(url), search);
      await after(search);
      return outcomes;
    } finally {
      await app.stop();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Pathological queries stay bounded: relaxation over 30 words, 10 kB of text (first page, 40 runs each). */
const PATHOLOGICAL: [string, string][] = [
  [
    '30 words',
    'red leather office chair with wooden legs and a tall back for the home office desk in black or brown colour that is comfortable cheap durable modern ergonomic adjustable',
  ],
  ['10 kB', 'kettle '.repeat(1500)],
  ['typos in every word', 'lether ofice chiar wiht woden lges'],
];

async function latency(search: Search) {
  for (const [label, q] of PATHOLOGICAL) {
    await search(q);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await search(q);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(1);
    console.log(`  latency, ${label.padEnd(20)} p50 ${p(0.5)} ms, p95 ${p(0.95)} ms (single client)`);
  }
}

/** Loads a fixture file the way `npm run import:catalog` does; any refused row fails the bench. */
const importFixture = (file: string) => async (url: string) => {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    const stats = await importFile(pool, file);
    if (stats.errors.length) throw new Error(`fixture import refused rows: ${JSON.stringify(stats.errors)}`);
  } finally {
    await pool.end();
  }
};

async function main() {
  const products = Number(process.env.RELEVANCE_SEED_PRODUCTS ?? 3000);
  const imported = await onDatabase(
    `bazaar_relevance_imported_${process.pid}`,
    importFixture(FIXTURE),
    async () => importedQueries(),
  );
  const dummyjson = await onDatabase(
    `bazaar_relevance_dummyjson_${process.pid}`,
    importFixture(DUMMYJSON_FIXTURE),
    async () => dummyjsonQueries(),
  );
  const seeded =
    products === 0
      ? []
      : await onDatabase(
          `bazaar_relevance_seeded_${process.pid}`,
          async (url) => {
            await seed(
              url,
              { products, customers: 0, orders: 0, seed: 42, progress: silentProgress },
              createLogger('warn'),
            );
          },
          async (url) => {
            const pool = new Pool({ connectionString: url, max: 1 });
            try {
              return await seededQueries(async (text, params) => (await pool.query(text, params)).rows);
            } finally {
              await pool.end();
            }
          },
          latency,
        );
  console.log(formatReport('imported public catalog: commercetools (117 products)', report(imported)));
  console.log(formatReport('imported public catalog: DummyJSON (194 products)', report(dummyjson)));
  if (seeded.length) console.log(formatReport(`seeded catalog (${products} products)`, report(seeded)));
  const all = report([...imported, ...dummyjson, ...seeded]);
  console.log(formatReport('all', all));
  if (all.worst.length) {
    console.log('  below 0.75:');
    for (const w of all.worst)
      console.log(`    ${w.ndcg.toFixed(2)} ${w.kind.padEnd(17)} ${w.q} → ${w.top.join(', ')}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
