import type { ClientBase } from 'pg';
import type { CustomerRef } from './customer-factory';
import type { OrderPlan } from './order-factory';
import type { ProductRef } from './product-factory';
import type { Progress } from './progress';
import type { Rng } from './rng';
import { writeShopperCarts, writeWishlists } from './seed-carts';
import { writeConversations } from './seed-chat';
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
  /** Active products shoppers can put in carts and wishlists and the assistant can offer. */
  products: ProductRef[];
  /** This run's orders (written already, with their carts and payments). */
  orders: OrderPlan[];
  /** The demo shopper of this run (the storefront guide signs in as them), else null. */
  demoShopperId: number | null;
  /** search_logs rows to write. */
  searches: number;
  progress: Progress;
}

/** One kind of shopper activity; returns rows written per table. */
export type ActivityStep = (ctx: ActivityContext) => Promise<Record<string, number>>;

/**
 * Shopper activity that the analytics views read (`analytics.search_terms`, `cart_abandonment`,
 * `llm_usage_daily`, `llm_cost_per_conversation`, `chat_order_attribution`, …), written after the
 * catalog, customers and orders. A module whose tables a view reads adds its step here: plan in
 * memory from `ctx.rng`, COPY with `copyTable`, return the row counts.
 */
export const ACTIVITY_STEPS: readonly ActivityStep[] = [
  writeSearchLogs,
  writeShopperCarts,
  writeWishlists,
  writeConversations,
];

export async function writeActivity(
  client: ClientBase,
  opts: Omit<ActivityContext, 'client'>,
): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const step of ACTIVITY_STEPS)
    for (const [table, n] of Object.entries(await step({ client, ...opts })))
      rows[table] = (rows[table] ?? 0) + n;
  return rows;
}
