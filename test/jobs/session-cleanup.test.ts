import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('auth session cleanup job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
  });
  afterAll(() => t.stop());

  it('is scheduled and, when run, deletes only sessions expired or revoked over a day ago', async () => {
    const schedules = await t.app.deps.jobs.boss.getSchedules('auth.sessions.cleanup');
    expect(schedules).toHaveLength(1);

    const c = await t.prisma.customer.create({ data: { email: 'jobs@example.com', passwordHash: 'x' } });
    const day = 86_400_000;
    const mk = (hash: string, expiresAt: Date, revokedAt: Date | null = null) =>
      t.prisma.authSession.create({
        data: { customerId: c.id, tokenHash: hash.padEnd(64, '0'), expiresAt, revokedAt },
      });
    await mk('a1', new Date(Date.now() - 10 * day)); // long expired → deleted
    await mk('b2', new Date(Date.now() + 10 * day), new Date(Date.now() - 10 * day)); // long revoked → deleted
    await mk('c3', new Date(Date.now() - day / 24)); // expired an hour ago → kept a day (SESSION_RETENTION_DAYS)
    await mk('d4', new Date(Date.now() + 10 * day)); // live → kept

    await t.app.deps.jobs.send('auth.sessions.cleanup', {});
    await waitFor(async () => (await t.prisma.authSession.count()) === 2);
    const left = await t.prisma.authSession.findMany({ orderBy: { tokenHash: 'asc' } });
    expect(left.map((s) => s.tokenHash.slice(0, 2))).toEqual(['c3', 'd4']);
  });

  it('enqueues inside a transaction: a rolled-back transaction leaves no job', async () => {
    const countJobs = async () => {
      const [row] = await t.prisma.$queryRaw<
        [{ n: number }]
      >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'search.log'`;
      return row.n;
    };
    const start = await countJobs();
    await expect(
      t.prisma.$transaction(async (tx) => {
        await t.app.deps.jobs.send(
          'search.log',
          {
            query: 'x',
            normalizedQuery: 'x',
            filters: {},
            sort: 'RELEVANCE',
            resultCount: 0,
            latencyMs: 1,
            customerId: null,
            correctedQuery: null,
          },
          { tx },
        );
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await countJobs()).toBe(start);
    await t.prisma.$transaction(async (tx) => {
      await t.app.deps.jobs.send(
        'search.log',
        {
          query: 'y',
          normalizedQuery: 'y',
          filters: {},
          sort: 'RELEVANCE',
          resultCount: 0,
          latencyMs: 1,
          customerId: null,
          correctedQuery: null,
        },
        { tx },
      );
    });
    await waitFor(async () => (await t.prisma.searchLog.count({ where: { query: 'y' } })) === 1);
  });
});
