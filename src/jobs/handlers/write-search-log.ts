import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/** Writes one search_logs row; done in a job so logging never slows the search itself. */
export async function writeSearchLog(deps: AppDeps, d: QueuePayloads['search.log']) {
  await deps.db.prisma.$executeRaw`
    INSERT INTO search_logs (query, normalized_query, filters, sort, result_count, latency_ms, zero_result, customer_id, corrected_query)
    VALUES (${d.query}, ${d.normalizedQuery}, ${JSON.stringify(d.filters)}::jsonb, ${d.sort}, ${d.resultCount},
            ${d.latencyMs}, ${d.resultCount === 0}, ${d.customerId}, ${d.correctedQuery})`;
}
