import { refreshAnalytics, type MaterializedView } from '../../modules/analytics/refresh.service';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/**
 * Every 15 minutes: the materialized analytics views refreshed concurrently (readers never wait),
 * those whose sources were not written since skipped; a job naming its views refreshes them all.
 */
export async function runAnalyticsRefresh(deps: AppDeps, data: QueuePayloads['analytics.refresh']) {
  const views = data.views as MaterializedView[] | undefined;
  return { views: await refreshAnalytics(deps, { views, onlyChanged: !views }) };
}
