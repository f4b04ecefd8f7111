import { Pool } from 'pg';
import { silentProgress } from '../../src/db/seed/progress';
import { seed } from '../../src/db/seed/seed';
import { createLogger } from '../../src/logger';
import { importFile } from '../../src/modules/catalog/import/import.service';
import { DUMMYJSON_FIXTURE, dummyjsonQueries } from '../../bench/relevance/dummyjson-queries';
import { FIXTURE, importedQueries } from '../../bench/relevance/imported-queries';
import { report, type Kind, type Report } from '../../bench/relevance/judged';
import { RELEVANCE_QUERY, runJudged, type RelevanceResult } from '../../bench/relevance/run';
import { seededQueries } from '../../bench/relevance/seeded-queries';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The easy floor of search quality on the judged queries of `npm run bench:relevance` (which
 * prints the real figures): each kind of shopper query at or above a threshold set below what
 * the bench measured when this landed, so a change that breaks a kind of query fails here.
 */
const FLOORS: Record<'imported' | 'dummyjson' | 'seeded', Partial<Record<Kind, number>>> = {
  imported: {
    'exact name': 0.9,
    'category word': 0.9,
    'type + attribute': 0.9,
    synonym: 0.55,
    'one typo': 0.9,
    'half-typed': 0.8,
  },
  dummyjson: {
    'exact name': 0.9,
    'brand + type': 0.9,
    'category word': 0.9,
    'type + attribute': 0.9,
    synonym: 0.7,
    'one typo': 0.9,
    'half-typed': 0.9,
  },
  seeded: {
    'exact name': 0.9,
    'brand + type': 0.9,
    'category word': 0.9,
    'type + attribute': 0.9,
    'one typo': 0.9,
    'half-typed': 0.9,
  },
};

async function judge(t: TestApp, queries: Parameters<typeof runJudged>[0]): Promise<Report> {
  const outcomes = await runJudged(queries, async (q) => {
    const res = await t.execute<RelevanceResult>(RELEVANCE_QUERY, { variables: { q } });
    expect(res.errors).toBeUndefined();
    return res.data!;
  });
  return report(outcomes);
}

function expectFloors(r: Report, floors: Partial<Record<Kind, number>>) {
  const below = r.byKind.filter((k) => k.ndcg !== null && k.ndcg < (floors[k.kind] ?? 0));
  expect(below).toEqual([]);
}

describe('search relevance on judged shopper queries', () => {
  let t: TestApp;
  afterEach(() => t?.stop());

  async function imported(file: string): Promise<TestApp> {
    const app = await startTestApp({ env: { SEED_DEMO: 'false' } });
    const pool = new Pool({ connectionString: app.db.url, max: 1 });
    try {
      expect((await importFile(pool, file)).errors).toEqual([]);
    } finally {
      await pool.end();
    }
    return app;
  }

  it('an imported public catalog (no demo data): every kind above its floor, typos found, nonsense empty', async () => {
    t = await imported(FIXTURE);
    const r = await judge(t, importedQueries());
    expect(r.queries).toBeGreaterThanOrEqual(80);
    expectFloors(r, FLOORS.imported);
    expect(r.overall).toBeGreaterThanOrEqual(0.87);
    expect(r.typoRecallAt3).toBeGreaterThanOrEqual(0.9);
    expect(r.zeroResultPrecision).toBeGreaterThanOrEqual(0.6);
    expect(r.absentAnsweredEmpty).toBe(1);
  });

  it('a second imported public catalog with brands (DummyJSON): every kind above its floor', async () => {
    t = await imported(DUMMYJSON_FIXTURE);
    const r = await judge(t, dummyjsonQueries());
    expect(r.queries).toBeGreaterThanOrEqual(100);
    expectFloors(r, FLOORS.dummyjson);
    expect(r.overall).toBeGreaterThanOrEqual(0.9);
    expect(r.typoRecallAt3).toBeGreaterThanOrEqual(0.9);
    expect(r.zeroResultPrecision).toBeGreaterThanOrEqual(0.6);
  });

  it('the seeded catalog: brand + type and the other kinds above their floors', async () => {
    t = await startTestApp();
    await seed(
      t.db.url,
      { products: 800, customers: 0, orders: 0, seed: 42, progress: silentProgress },
      createLogger('silent'),
    );
    const judged = await seededQueries(async (text, params) =>
      t.prisma.$queryRawUnsafe(text, ...(params ?? [])),
    );
    const r = await judge(t, judged);
    expect(r.queries).toBeGreaterThanOrEqual(40);
    expectFloors(r, FLOORS.seeded);
    expect(r.overall).toBeGreaterThanOrEqual(0.95);
    expect(r.typoRecallAt3).toBeGreaterThanOrEqual(0.9);
  });
});
