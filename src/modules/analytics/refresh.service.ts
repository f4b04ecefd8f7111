import type { ClientBase } from 'pg';
import { inMaintenanceTx, type MaintenanceDeps } from '../retention/maintenance-db';

/**
 * The materialized views of schema analytics, in refresh order (a view after the views it reads).
 * A test checks this list against pg_matviews, so a new one cannot be forgotten.
 */
export const MATERIALIZED_VIEWS = [
  'analytics.product_sales',
  'analytics.cart_abandonment',
  'analytics.chat_order_attribution',
  'analytics.conversation_order_attribution',
  'analytics.order_ai_margin',
] as const;
export type MaterializedView = (typeof MATERIALIZED_VIEWS)[number];

export interface RefreshResult {
  view: MaterializedView;
  ms: number;
  rows: number;
}

/**
 * Refreshes one materialized view CONCURRENTLY — readers keep the previous contents until the new
 * ones commit, so a dashboard never waits or sees an empty view — and records it in
 * analytics_refreshes. Run it in a transaction with a statement_timeout fit for the view.
 */
export async function refreshView(c: ClientBase, view: MaterializedView): Promise<RefreshResult> {
  const started = performance.now();
  await c.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
  const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${view}`);
  const result = { view, ms: Math.round(performance.now() - started), rows: Number(rows[0]?.n ?? 0) };
  await c.query(
    `INSERT INTO analytics_refreshes (view_name, refreshed_at, duration_ms, row_count)
     VALUES ($1, clock_timestamp(), $2, $3)
     ON CONFLICT (view_name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at,
       duration_ms = EXCLUDED.duration_ms, row_count = EXCLUDED.row_count`,
    [view, result.ms, result.rows],
  );
  return result;
}

/** Writes the configured attribution window into analytics_settings (when it differs). */
export async function applyAnalyticsSettings(c: ClientBase, attributionWindowDays: number): Promise<void> {
  await c.query(
    `UPDATE analytics_settings SET attribution_window_days = $1, updated_at = now()
     WHERE id AND attribution_window_days <> $1`,
    [attributionWindowDays],
  );
}

/**
 * The analytics.refresh job: the settings brought in line with the configuration
 * (ATTRIBUTION_WINDOW_DAYS), then every materialized view (or those named) refreshed, each in its
 * own transaction under MAINTENANCE_STATEMENT_TIMEOUT_MS.
 */
export async function refreshAnalytics(
  deps: MaintenanceDeps,
  opts: { views?: readonly MaterializedView[] } = {},
): Promise<RefreshResult[]> {
  await inMaintenanceTx(deps, (c) => applyAnalyticsSettings(c, deps.config.ATTRIBUTION_WINDOW_DAYS));
  const results: RefreshResult[] = [];
  for (const view of MATERIALIZED_VIEWS) {
    if (opts.views && !opts.views.includes(view)) continue;
    results.push(await inMaintenanceTx(deps, (c) => refreshView(c, view)));
  }
  deps.log.info({ views: results }, 'analytics views refreshed');
  return results;
}
