import { randomUUID } from 'node:crypto';
import { writeSearchLogs } from '../../src/jobs/handlers/write-search-log';
import type { QueuePayloads } from '../../src/jobs/queues';
import { addMonths, monthOf, partitionName } from '../../src/modules/retention/months';
import { listPartitions, maintainPartitions } from '../../src/modules/retention/partitions.service';
import type { AppDeps } from '../../src/server/context';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const search = (i: number): QueuePayloads['search.log'] => ({
  query: `Q${i}`,
  normalizedQuery: `q${i % 3}`,
  filters: {},
  sort: 'RELEVANCE',
  resultCount: i % 2,
  latencyMs: 5,
  customerId: null,
  correctedQuery: null,
});

describe('monthly partitions of search_logs and analytics_events', () => {
  let t: TestApp;
  let deps: AppDeps;
  const now = new Date();
  const current = monthOf(now);
  /** A row of search_logs at `at`, returning the partition it landed in. */
  const logAt = async (at: string, query = 'x') => {
    const [row] = await t.prisma.$queryRaw<[{ part: string }]>`
      INSERT INTO search_logs (query, normalized_query, result_count, latency_ms, zero_result, created_at)
      VALUES (${query}, ${query}, 1, 1, false, ${new Date(at)}) RETURNING tableoid::regclass::text AS part`;
    return row.part;
  };
  const count = async (table: string) => {
    const [row] = await t.prisma.$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  };

  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    deps = {
      ...t.app.deps,
      config: {
        ...t.app.deps.config,
        PARTITIONS_AHEAD_MONTHS: 3,
        SEARCH_LOGS_RETENTION_MONTHS: 13,
        ANALYTICS_EVENTS_RETENTION_MONTHS: 6,
      },
    };
  });
  afterAll(() => t.stop());

  it('has the current month and three ahead after migrating, plus a DEFAULT partition', async () => {
    for (const table of ['search_logs', 'analytics_events'] as const) {
      const parts = await listPartitions(deps, table);
      for (let i = 0; i <= 3; i++) expect(parts).toContain(partitionName(table, addMonths(current, i)));
      expect(parts).toContain(`${table}_default`);
    }
  });

  it('writes a batch of search logs with one statement into the current month', async () => {
    const jobs = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), data: search(i) }));
    const { result, statements } = await t.countStatements(() => writeSearchLogs(t.app.deps, jobs));
    expect(statements).toBe(1);
    expect(result.every((r) => r.status === 'completed')).toBe(true);
    const rows = await t.prisma.$queryRaw<{ part: string; n: number }[]>`
      SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM search_logs GROUP BY 1`;
    expect(rows).toEqual([{ part: partitionName('search_logs', current), n: 50 }]);
    const terms = await t.prisma.$queryRaw<{ normalized_query: string; searches: number }[]>`
      SELECT normalized_query, searches FROM analytics.search_terms ORDER BY 1`;
    expect(terms).toEqual([
      { normalized_query: 'q0', searches: 17 },
      { normalized_query: 'q1', searches: 17 },
      { normalized_query: 'q2', searches: 16 },
    ]);
    await t.prisma.$executeRaw`DELETE FROM search_logs`;
  });

  it('creates the months ahead as time passes, moving rows the DEFAULT partition took', async () => {
    const later = addMonths(current, 5);
    // Beyond the partitions made so far: the DEFAULT partition takes it, the insert does not fail.
    expect(await logAt(`${later.slice(0, 7)}-15T12:00:00Z`, 'early')).toBe('search_logs_default');
    const inFiveMonths = new Date(`${later.slice(0, 7)}-01T00:00:00Z`);
    inFiveMonths.setUTCMonth(inFiveMonths.getUTCMonth() - 2); // "now" is 3 months ahead

    const dry = await maintainPartitions(deps, { dryRun: true, now: inFiveMonths });
    const expected = [4, 5, 6].map((i) => partitionName('search_logs', addMonths(current, i)));
    expect(dry.created.filter((n) => n.startsWith('search_logs'))).toEqual(expected);
    expect((await listPartitions(deps, 'search_logs')).filter((n) => expected.includes(n))).toEqual([]);

    const run = await maintainPartitions(deps, { dryRun: false, now: inFiveMonths });
    expect(run.created).toEqual(dry.created);
    expect(run.dropped).toEqual([]);
    const [moved] = await t.prisma.$queryRaw<[{ part: string }]>`
      SELECT tableoid::regclass::text AS part FROM search_logs WHERE query = 'early'`;
    expect(moved.part).toBe(partitionName('search_logs', later));
    expect(await count('search_logs_default')).toBe(0);

    // Idempotent: a second run changes nothing.
    const again = await maintainPartitions(deps, { dryRun: false, now: inFiveMonths });
    expect(again).toMatchObject({ created: [], dropped: [], defaultRowsDeleted: 0 });
    await t.prisma.$executeRaw`DELETE FROM search_logs`;
  });

  it('drops months past the retention whole and keeps the rest, row for row', async () => {
    // Two old months of search logs and of events, plus a stray old row in the DEFAULT partition.
    const old = [addMonths(current, -15), addMonths(current, -13), addMonths(current, -12)];
    for (const m of old) {
      await t.prisma.$queryRaw`SELECT create_month_partition('search_logs', ${m}::date)`;
      await t.prisma.$queryRaw`SELECT create_month_partition('analytics_events', ${m}::date)`;
    }
    for (const [i, m] of old.entries()) {
      for (let k = 0; k <= i; k++) await logAt(`${m.slice(0, 7)}-10T00:00:00Z`, `old${i}`);
      await t.prisma.$executeRaw`
        INSERT INTO analytics_events (name, created_at) VALUES ('product_viewed', ${new Date(`${m.slice(0, 7)}-10T00:00:00Z`)})`;
    }
    await logAt(`${current.slice(0, 7)}-01T00:00:00Z`, 'recent');
    expect(await logAt('2001-01-01T00:00:00Z', 'stray')).toBe('search_logs_default');
    expect(await count('search_logs')).toBe(1 + 2 + 3 + 1 + 1);

    const dry = await maintainPartitions(deps, { dryRun: true, now });
    expect(dry).toMatchObject({
      dropped: [
        partitionName('search_logs', old[0]!),
        partitionName('analytics_events', old[0]!),
        partitionName('analytics_events', old[1]!),
        partitionName('analytics_events', old[2]!),
      ],
      defaultRowsDeleted: 1,
    });
    expect(await count('search_logs')).toBe(8);

    const run = await maintainPartitions(deps, { dryRun: false, now });
    // search_logs keeps 13 months: the month 15 months back goes, 13 and 12 months back stay.
    // analytics_events keeps 6 months here: all three old months go.
    expect(run.dropped).toEqual(dry.dropped);
    expect(run.defaultRowsDeleted).toBe(1);
    const left = await t.prisma.$queryRaw<{ query: string; n: number }[]>`
      SELECT query, count(*)::int AS n FROM search_logs GROUP BY 1 ORDER BY 1`;
    expect(left).toEqual([
      { query: 'old1', n: 2 },
      { query: 'old2', n: 3 },
      { query: 'recent', n: 1 },
    ]);
    expect(await count('analytics_events')).toBe(0);
    const parts = await listPartitions(deps, 'search_logs');
    expect(parts).not.toContain(partitionName('search_logs', old[0]!));
    expect(parts).toContain(partitionName('search_logs', old[1]!));
    // The search-term view reads the remaining months.
    const [terms] = await t.prisma.$queryRaw<[{ n: number }]>`
      SELECT sum(searches)::int AS n FROM analytics.search_terms`;
    expect(terms.n).toBe(6);
  });

  it('is scheduled daily and runs as a job', async () => {
    expect(await t.app.deps.jobs.boss.getSchedules('partitions.maintain')).toHaveLength(1);
    const id = await t.app.deps.jobs.send('partitions.maintain', { dryRun: true });
    await waitFor(
      async () => (await t.app.deps.jobs.boss.getJobById('partitions.maintain', id!))?.state === 'completed',
    );
    const job = await t.app.deps.jobs.boss.getJobById('partitions.maintain', id!);
    expect(job?.output).toMatchObject({ dryRun: true, skipped: [] });
  });
});
