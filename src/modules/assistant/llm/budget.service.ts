import { createHash } from 'node:crypto';
import type { Db } from '../../../db/prisma';
import { AppError, ErrorCode } from '../../../graphql/errors';

/**
 * Who a request's tokens count against for the daily budget: the customer, or for a guest a hash
 * of what identifies them (their IP when known, else the conversation), never the value itself.
 */
export function budgetKey(who: { customerId: number | null; guestIdentity: string | null }): string {
  if (who.customerId != null) return `customer:${who.customerId}`;
  return `guest:${createHash('sha256')
    .update(who.guestIdentity ?? 'unknown')
    .digest('hex')
    .slice(0, 32)}`;
}

/** Tokens used today (UTC) by a budget holder, over finished responses. */
export async function tokensUsedToday(db: Db, key: string): Promise<number> {
  const rows = await db.$queryRaw<{ used: number }[]>`
    SELECT coalesce(sum(r.total_tokens), 0)::int AS used
    FROM llm_requests q JOIN llm_responses r ON r.request_id = q.id
    WHERE q.budget_key = ${key} AND q.queued_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
  return rows[0]!.used;
}

/**
 * Refuses a new turn once today's budget is spent: `LLM_BUDGET_EXCEEDED` with the seconds until
 * the budget renews at midnight UTC. A limit of 0 means no limit.
 */
export async function assertWithinBudget(db: Db, key: string, limit: number): Promise<void> {
  if (limit <= 0) return;
  const used = await tokensUsedToday(db, key);
  if (used < limit) return;
  throw budgetExceeded(limit, used);
}

/** The LLM_BUDGET_EXCEEDED error, with the seconds until the budget renews at midnight UTC. */
export function budgetExceeded(limit: number, used: number): AppError {
  const now = new Date();
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return new AppError(
    ErrorCode.LLM_BUDGET_EXCEEDED,
    'The assistant has answered enough for today; try again tomorrow',
    {
      retryAfterSeconds: Math.max(1, Math.ceil((midnight - now.getTime()) / 1000)),
      limit,
      used,
    },
  );
}
