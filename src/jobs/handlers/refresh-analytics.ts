import { refreshAnalytics, type MaterializedView } from '../../modules/analytics/refresh.service';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/** Every 15 minutes: the materialized analytics views refreshed concurrently (readers never wait). */
export async function runAnalyticsRefresh(deps: AppDeps, data: QueuePayloads['analytics.refresh']) {
  return { views: await refreshAnalytics(deps, { views: data.views as MaterializedView[] | undefined }) };
}
