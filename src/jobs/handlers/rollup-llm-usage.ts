import { hourOf, rollupUsageHour } from '../../modules/assistant/llm/usage-rollup';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/**
 * Rolls LLM usage into llm_usage_stats: the given hour, or (scheduled) the current and the
 * previous hour, so the last hour is final soon after it ends and the current one stays fresh.
 */
export async function rollupLlmUsage(deps: AppDeps, data: QueuePayloads['llm.usage.rollup']) {
  const now = hourOf(new Date());
  const hours = data.hour ? [hourOf(new Date(data.hour))] : [new Date(now.getTime() - 3_600_000), now];
  let rows = 0;
  for (const hour of hours) {
    rows += await deps.db.prisma.$transaction((tx) => rollupUsageHour(tx, hour));
  }
  return { hours: hours.map((h) => h.toISOString()), rows };
}
