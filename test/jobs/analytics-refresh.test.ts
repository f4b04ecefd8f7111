import { MATERIALIZED_VIEWS } from '../../src/modules/analytics/refresh.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('analytics.refresh job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true, env: { ATTRIBUTION_WINDOW_DAYS: '3' } });
  });
  afterAll(() => t.stop());

  it('is scheduled every 15 minutes, refreshes every materialized view and applies the window', async () => {
    const [schedule] = await t.app.deps.jobs.boss.getSchedules('analytics.refresh');
    expect(schedule?.cron).toBe('*/15 * * * *');
    const id = await t.app.deps.jobs.send('analytics.refresh', {});
    const done = async () =>
      (await t.app.deps.jobs.boss.getJobById('analytics.refresh', id!))?.state === 'completed';
    await waitFor(done);
    const job = await t.app.deps.jobs.boss.getJobById('analytics.refresh', id!);
    expect((job?.output as { views: { view: string }[] }).views.map((v) => v.view)).toEqual([
      ...MATERIALIZED_VIEWS,
    ]);
    const refreshed = await t.prisma.analyticsRefresh.findMany({ orderBy: { viewName: 'asc' } });
    expect(refreshed.map((r) => [r.viewName, Number(r.rowCount)])).toEqual(
      [...MATERIALIZED_VIEWS].sort().map((v) => [v, 0]),
    );
    expect(await t.prisma.analyticsSetting.findMany({ select: { attributionWindowDays: true } })).toEqual([
      { attributionWindowDays: 3 },
    ]);
  });
});
