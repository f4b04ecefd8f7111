import { startJobQueue, SEND_LATER_MS } from '../../src/jobs/job-queue';
import type { QueuePayloads } from '../../src/jobs/queues';
import { createLogger, type Logger } from '../../src/logger';
import { startTestApp, type TestApp } from '../support/test-app';

const log = (i: number): QueuePayloads['search.log'] => ({
  query: `batched ${i}`,
  normalizedQuery: `batched ${i}`,
  filters: {},
  sort: 'RELEVANCE',
  resultCount: 1,
  latencyMs: i,
  customerId: null,
  correctedQuery: null,
});

/** Jobs of the search.log queue whose query starts with `prefix`, with the statement time that created each. */
const jobsOf = (t: TestApp, prefix: string) =>
  t.prisma.$queryRaw<{ query: string; created: Date }[]>`
    SELECT data->>'query' AS query, created_on AS created FROM pgboss.job
    WHERE name = 'search.log' AND data->>'query' LIKE ${`${prefix}%`} ORDER BY (data->>'latencyMs')::int`;

describe('JobQueue.sendLater', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('inserts the jobs sent within the window together, with one statement', async () => {
    // Nothing for the caller to wait on (no promise).
    for (let i = 0; i < 30; i++) expect(t.app.deps.jobs.sendLater('search.log', log(i))).toBeUndefined();
    let jobs = await jobsOf(t, 'batched');
    for (const until = Date.now() + SEND_LATER_MS + 10_000; jobs.length < 30 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 100));
      jobs = await jobsOf(t, 'batched');
    }
    expect(jobs.map((j) => j.query)).toEqual(Array.from({ length: 30 }, (_, i) => `batched ${i}`));
    // One INSERT: one transaction time for all of them.
    expect(new Set(jobs.map((j) => j.created.getTime())).size).toBe(1);
  });

  it('inserts what is pending when the queue stops', async () => {
    const queue = await startJobQueue({ url: t.db.url, log: createLogger('silent'), schedule: false });
    queue.sendLater('search.log', { ...log(0), query: 'at stop' });
    await queue.stop();
    expect((await jobsOf(t, 'at stop')).map((j) => j.query)).toEqual(['at stop']);
  });

  it('drops batches rather than holding them without bound while inserts hang', async () => {
    const warnings: unknown[] = [];
    const quiet = createLogger('silent');
    const logger = { ...quiet, warn: (o: unknown) => warnings.push(o) } as unknown as Logger;
    const queue = await startJobQueue({ url: t.db.url, log: logger, schedule: false });
    const insert = queue.boss.insert.bind(queue.boss);
    const hung: (() => void)[] = [];
    queue.boss.insert = ((...args: Parameters<typeof insert>) =>
      new Promise<string[] | null>((resolve) => hung.push(() => resolve(insert(...args))))) as typeof insert;
    // Nine full batches: eight inserts may wait at once, the ninth batch is dropped.
    for (let i = 0; i < 9 * 500; i++) queue.sendLater('search.log', { ...log(i), query: `hung ${i}` });
    expect(hung).toHaveLength(8);
    expect(warnings).toHaveLength(1);
    for (const release of hung) release();
    await queue.stop();
    const [row] = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'search.log' AND data->>'query' LIKE 'hung %'`;
    expect(row!.n).toBe(8 * 500);
  });
});
