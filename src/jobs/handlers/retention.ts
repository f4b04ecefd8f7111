import { runRetention } from '../../modules/retention/retention.service';
import type { RetentionJob } from '../../modules/retention/retention-tasks';
import type { AppDeps } from '../../server/context';
import type { RetentionPayload } from '../queues';

/**
 * The handler of a retention queue: its tasks (src/modules/retention/retention-tasks.ts), dry run
 * when the payload or RETENTION_DRY_RUN says so. The report becomes the job's output.
 */
export const retentionHandler = (job: RetentionJob) => (deps: AppDeps, data: RetentionPayload) =>
  runRetention(deps, job, { dryRun: data.dryRun ?? deps.config.RETENTION_DRY_RUN });
