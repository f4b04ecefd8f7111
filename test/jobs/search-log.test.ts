import { randomUUID } from 'node:crypto';
import { writeSearchLogs } from '../../src/jobs/handlers/write-search-log';
import type { QueuePayloads } from '../../src/jobs/queues';
import { startTestApp, type TestApp } from '../support/test-app';

const log = (i: number, extra: Partial<QueuePayloads['search.log']> = {}): QueuePayloads['search.log'] => ({
  query: `Query ${i}`,
  normalizedQuery: `query ${i}`,
  filters: i % 2 ? { inStock: true } : {},
  sort: 'RELEVANCE',
  resultCount: i % 3,
  latencyMs: i,
  customerId: null,
  correctedQuery: i === 1 ? 'corrected' : null,
  ...extra,
});

const searchLogInserts = (sql: string[]) =>
  sql.filter((s) => s.trimStart().startsWith('INSERT INTO search_logs'));

describe('search-log writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
  });
  afterAll(() => t.stop());
  beforeEach(() => t.prisma.searchLog.deleteMany());

  it('writes a whole batch with one statement', async () => {
    const jobs = Array.from({ length: 300 }, (_, i) => ({ id: randomUUID(), data: log(i) }));
    const { result, statements } = await t.countStatements(() => writeSearchLogs(t.app.deps, jobs));
    expect(statements).toBe(1);
    expect(result.every((r) => r.status === 'completed')).toBe(true);
    expect(result.map((r) => r.id)).toEqual(jobs.map((j) => j.id));
    expect(await t.prisma.searchLog.count()).toBe(300);
    const rows = await t.prisma.searchLog.findMany({
      where: { latencyMs: { in: [0, 1] } },
      orderBy: { latencyMs: 'asc' },
      select: {
        query: true,
        normalizedQuery: true,
        filters: true,
        resultCount: true,
        zeroResult: true,
        correctedQuery: true,
      },
    });
    expect(rows).toEqual([
      {
        query: 'Query 0',
        normalizedQuery: 'query 0',
        filters: {},
        resultCount: 0,
        zeroResult: true,
        correctedQuery: null,
      },
      {
        query: 'Query 1',
        normalizedQuery: 'query 1',
        filters: { inStock: true },
        resultCount: 1,
        zeroResult: false,
        correctedQuery: 'corrected',
      },
    ]);
  });

  it('fails only the bad row of a batch: the others are written one by one', async () => {
    const jobs = [0, 1, 2, 3].map((i) => ({ id: randomUUID(), data: log(i) }));
    jobs[2]!.data.customerId = 2_000_000_000; // no such customer: the foreign key refuses the row
    const { result, statements } = await t.countStatements(() => writeSearchLogs(t.app.deps, jobs));
    expect(result.map((r) => r.status)).toEqual(['completed', 'completed', 'failed', 'completed']);
    expect(statements).toBe(1 + 4);
    expect(
      (await t.prisma.searchLog.findMany({ orderBy: { latencyMs: 'asc' } })).map((r) => r.query),
    ).toEqual(['Query 0', 'Query 1', 'Query 3']);
  });

  it('drains a backlog of 1,200 queued logs in three batches', async () => {
    const { sql } = await t.countStatements(async () => {
      await t.app.deps.jobs.boss.insert(
        'search.log',
        Array.from({ length: 1200 }, (_, i) => ({ data: log(i) })),
      );
      const until = Date.now() + 20_000;
      while ((await t.prisma.searchLog.count()) < 1200 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100));
    });
    expect(await t.prisma.searchLog.count()).toBe(1200);
    expect(searchLogInserts(sql)).toHaveLength(3);
  });
});
