import type { JobResult } from 'pg-boss';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';
import { oneByOne, type QueuedJob } from '../batch';

type SearchLog = QueuePayloads['search.log'];

/** Inserts the rows in one statement (column arrays unnested), whatever their number. */
async function insertRows(deps: AppDeps, logs: SearchLog[]) {
  const col = <T>(f: (d: SearchLog) => T) => logs.map(f);
  await deps.db.prisma.$executeRaw`
    INSERT INTO search_logs (query, normalized_query, filters, sort, result_count, latency_ms, zero_result, customer_id, corrected_query)
    SELECT * FROM unnest(${col((d) => d.query)}::text[], ${col((d) => d.normalizedQuery)}::text[],
      ${col((d) => JSON.stringify(d.filters))}::text[]::jsonb[], ${col((d) => d.sort)}::text[],
      ${col((d) => d.resultCount)}::int[], ${col((d) => d.latencyMs)}::int[], ${col((d) => d.resultCount === 0)}::boolean[],
      ${col((d) => d.customerId)}::int[], ${col((d) => d.correctedQuery)}::text[])`;
}

/**
 * Writes a batch of search logs with one multi-row INSERT, so the worker keeps up with the
 * search rate (logging happens in a job so it never slows the search itself). If the batch
 * fails (one bad row fails the whole statement), rows are retried one by one so only the bad
 * one fails.
 */
export async function writeSearchLogs(deps: AppDeps, jobs: QueuedJob<'search.log'>[]): Promise<JobResult[]> {
  try {
    await insertRows(
      deps,
      jobs.map((j) => j.data),
    );
    return jobs.map((j) => ({ id: j.id, status: 'completed' }));
  } catch (batchErr) {
    deps.log.warn({ err: batchErr, jobs: jobs.length }, 'search log batch failed: writing rows one by one');
    return oneByOne<'search.log'>((d, data) => insertRows(d, [data]))(deps, jobs);
  }
}
