import type { ClientBase } from 'pg';
import type { CustomerRef } from './customer-factory';
import type { Progress } from './progress';
import type { Rng } from './rng';
import { writeSearchLogs } from './seed-search-logs';

/** What an activity step gets: the catalog, customers and orders are already written. */
export interface ActivityContext {
  client: ClientBase;
  /** An independent random stream per label, so adding a step never changes another's rows. */
  rng(label: string): Rng;
  /** UTC midnight of "today": activity happens before it. */
  base: number;
  /** Customers who may be signed in while they act (not deleted). */
  customers: CustomerRef[];
  /** search_logs rows to write. */
  searches: number;
  progress: Progress;
}

/** One kind of shopper activity; returns rows written per table. */
export type ActivityStep = (ctx: ActivityContext) => Promise<Record<string, number>>;

/**
 * Shopper activity that the analytics views read (`analytics.search_terms`, …), written after the
 * catalog, customers and orders. A module whose tables a view reads adds its step here (carts and
 * wishlists, conversations with their LLM requests and usage): plan in memory from `ctx.rng`, COPY
 * with `copyTable`, return the row counts.
 */
export const ACTIVITY_STEPS: readonly ActivityStep[] = [writeSearchLogs];

export async function writeActivity(
  client: ClientBase,
  opts: Omit<ActivityContext, 'client'>,
): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const step of ACTIVITY_STEPS) Object.assign(rows, await step({ client, ...opts }));
  return rows;
}
