import { maintainPartitions } from '../../modules/retention/partitions.service';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/** Daily: monthly partitions of analytics_events and search_logs created ahead, expired ones dropped. */
export function runPartitionMaintenance(deps: AppDeps, data: QueuePayloads['partitions.maintain']) {
  return maintainPartitions(deps, { dryRun: data.dryRun ?? deps.config.RETENTION_DRY_RUN });
}
