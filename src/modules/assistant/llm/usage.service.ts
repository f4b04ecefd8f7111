import { Prisma } from '../../../generated/prisma/client';
import { badUserInput } from '../../../graphql/errors';
import { requireAdmin } from '../../../graphql/access';
import { toGlobalId } from '../../../graphql/global-id';
import type { GraphQLContext } from '../../../server/context';

export type LlmUsageGroupBy = 'HOUR' | 'DAY' | 'MODEL' | 'PROVIDER' | 'CUSTOMER';

export interface LlmUsageBucketRecord {
  key: string;
  periodStart: Date | null;
  provider: string | null;
  model: string | null;
  customerId: number | null;
  requestCount: number;
  errorCount: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cost: string;
  currencyCode: string;
  avgLatencyMs: number;
}

export interface LlmUsageRecord {
  from: Date;
  to: Date;
  groupBy: LlmUsageGroupBy;
  buckets: LlmUsageBucketRecord[];
  totals: LlmUsageBucketRecord;
}

const DAY_MS = 86_400_000;
const MAX_BUCKETS = 1000;

/** The GROUP BY expression and key of each grouping (fixed SQL, never from input). */
const GROUPS: Record<LlmUsageGroupBy, { cols: string; order: string }> = {
  HOUR: {
    cols: `hour AS period_start, NULL::text AS provider, NULL::text AS model, NULL::int AS customer_id`,
    order: 'period_start',
  },
  DAY: {
    cols: `date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS period_start, NULL::text AS provider, NULL::text AS model, NULL::int AS customer_id`,
    order: 'period_start',
  },
  MODEL: {
    cols: `NULL::timestamptz AS period_start, provider, model, NULL::int AS customer_id`,
    order: 'total_tokens DESC, provider, model',
  },
  PROVIDER: {
    cols: `NULL::timestamptz AS period_start, provider, NULL::text AS model, NULL::int AS customer_id`,
    order: 'total_tokens DESC, provider',
  },
  CUSTOMER: {
    cols: `NULL::timestamptz AS period_start, NULL::text AS provider, NULL::text AS model, customer_id`,
    order: 'total_tokens DESC, customer_id NULLS LAST',
  },
};

interface Row {
  period_start: Date | null;
  provider: string | null;
  model: string | null;
  customer_id: number | null;
  request_count: number;
  error_count: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost: string;
  currency: string;
  avg_latency_ms: number;
}

function keyOf(groupBy: LlmUsageGroupBy | 'TOTAL', r: Row): string {
  switch (groupBy) {
    case 'HOUR':
    case 'DAY':
      return r.period_start!.toISOString();
    case 'MODEL':
      return `${r.provider}/${r.model}`;
    case 'PROVIDER':
      return r.provider!;
    case 'CUSTOMER':
      return r.customer_id == null ? 'guest' : toGlobalId('Customer', r.customer_id);
    default:
      return 'total';
  }
}

const toBucket = (groupBy: LlmUsageGroupBy | 'TOTAL', r: Row): LlmUsageBucketRecord => ({
  key: keyOf(groupBy, r),
  periodStart: r.period_start,
  provider: r.provider,
  model: r.model,
  customerId: r.customer_id,
  requestCount: r.request_count,
  errorCount: r.error_count,
  promptTokens: r.prompt_tokens,
  completionTokens: r.completion_tokens,
  totalTokens: r.total_tokens,
  cost: r.cost,
  currencyCode: r.currency,
  avgLatencyMs: r.avg_latency_ms,
});

/**
 * llmUsage (admin): sums llm_usage_stats over [from, to) by the chosen grouping, plus the totals.
 * Two statements; bounded by the period limits and at most 1,000 buckets.
 */
export async function llmUsage(
  ctx: GraphQLContext,
  args: { from: Date; to: Date; groupBy: LlmUsageGroupBy },
): Promise<LlmUsageRecord> {
  requireAdmin(ctx);
  const { from, to, groupBy } = args;
  const span = to.getTime() - from.getTime();
  if (!(span > 0)) throw badUserInput('`to` must be after `from`', ['to']);
  if (span > (groupBy === 'HOUR' ? 31 : 400) * DAY_MS) {
    throw badUserInput(`The period may span at most ${groupBy === 'HOUR' ? 31 : 400} days for ${groupBy}`, [
      'to',
    ]);
  }
  const g = GROUPS[groupBy];
  const measures = Prisma.raw(`coalesce(sum(request_count), 0)::int AS request_count,
    coalesce(sum(error_count), 0)::int AS error_count, coalesce(sum(prompt_tokens), 0)::int AS prompt_tokens,
    coalesce(sum(completion_tokens), 0)::int AS completion_tokens, coalesce(sum(total_tokens), 0)::int AS total_tokens, coalesce(sum(total_cost), 0)::numeric(14, 6)::text AS cost,
    coalesce(min(currency), 'USD') AS currency,
    coalesce(round(sum(avg_latency_ms::bigint * request_count) / nullif(sum(request_count), 0)), 0)::int AS avg_latency_ms`);
  const [rows, totals] = await Promise.all([
    ctx.prisma.$queryRaw<Row[]>`
      SELECT * FROM (SELECT ${Prisma.raw(g.cols)}, ${measures}
        FROM llm_usage_stats WHERE hour >= ${from} AND hour < ${to} GROUP BY 1, 2, 3, 4) b
      ORDER BY ${Prisma.raw(g.order)} LIMIT ${MAX_BUCKETS}`,
    ctx.prisma.$queryRaw<Row[]>`
      SELECT NULL::timestamptz AS period_start, NULL::text AS provider, NULL::text AS model, NULL::int AS customer_id, ${measures}
      FROM llm_usage_stats WHERE hour >= ${from} AND hour < ${to}`,
  ]);
  return {
    from,
    to,
    groupBy,
    buckets: rows.map((r) => toBucket(groupBy, r)),
    totals: toBucket('TOTAL', totals[0]!),
  };
}
