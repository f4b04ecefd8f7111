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
  /** Rows in the view after the refresh; null when skipped. */
  rows: number | null;
  /** Not refreshed: nothing it reads was written since its last refresh (see `onlyChanged`). */
  skipped?: true;
}

/** A view that reads the clock (now(), current_date) is refreshed at least this often, changed or not. */
const CLOCK_VIEW_MAX_AGE_SECONDS = 3600;

/**
 * Rows inserted, updated and deleted so far in the tables `view` reads — through plain and
 * materialized views, partitions included, the view itself excluded (its own refresh writes it) —
 * from pg_stat_user_tables; and whether its definition reads the clock. The counters are per
 * server and restart from zero after a crash or pg_stat_reset(), which only costs one refresh.
 */
async function sourceWrites(
  c: ClientBase,
  view: MaterializedView,
): Promise<{ writes: string; clock: boolean }> {
  const { rows } = await c.query<{ writes: string; clock: boolean }>(
    `WITH RECURSIVE deps(oid) AS (
       SELECT $1::regclass::oid
       UNION
       SELECT d.refobjid FROM deps
       JOIN pg_rewrite r ON r.ev_class = deps.oid
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> deps.oid
     ), rels AS (
       SELECT oid FROM deps WHERE oid <> $1::regclass
       UNION SELECT i.inhrelid FROM pg_inherits i JOIN deps ON i.inhparent = deps.oid
     )
     SELECT coalesce(sum(s.n_tup_ins + s.n_tup_upd + s.n_tup_del), 0)::text AS writes,
            pg_get_viewdef($1::regclass) ~* '\\m(now|current_date|current_timestamp|localtimestamp|clock_timestamp)\\M' AS clock
     FROM rels LEFT JOIN pg_stat_user_tables s ON s.relid = rels.oid`,
    [view],
  );
  return rows[0]!;
}

/** Whether the last refresh of `view` saw the same source writes (and, for a clock view, is recent). */
async function unchangedSince(
  c: ClientBase,
  view: MaterializedView,
  now: { writes: string; clock: boolean },
) {
  const { rows } = await c.query(
    `SELECT 1 FROM analytics_refreshes
     WHERE view_name = $1 AND source_writes = $2::bigint
       AND (NOT $3 OR refreshed_at > clock_timestamp() - make_interval(secs => $4))`,
    [view, now.writes, now.clock, CLOCK_VIEW_MAX_AGE_SECONDS],
  );
  return rows.length > 0;
}

/**
 * Refreshes one materialized view CONCURRENTLY — readers keep the previous contents until the new
 * ones commit, so a dashboard never waits or sees an empty view — and records it in
 * analytics_refreshes. Run it in a transaction with a statement_timeout fit for the view.
 */
export async function refreshView(
  c: ClientBase,
  view: MaterializedView,
  opts: { onlyChanged?: boolean } = {},
): Promise<RefreshResult> {
  const started = performance.now();
  const sources = opts.onlyChanged ? await sourceWrites(c, view) : null;
  if (sources && (await unchangedSince(c, view, sources)))
    return { view, ms: Math.round(performance.now() - started), rows: null, skipped: true };
  await c.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${view}`);
  // The refresh's own writes reach pg_stat_user_tables at commit, not up to 10 s later, so the
  // views reading this one (refreshed next, or by the next scheduled run) see them.
  await c.query('SELECT pg_stat_force_next_flush()');
  const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${view}`);
  const result = { view, ms: Math.round(performance.now() - started), rows: Number(rows[0]?.n ?? 0) };
  await c.query(
    `INSERT INTO analytics_refreshes (view_name, refreshed_at, duration_ms, row_count, source_writes)
     VALUES ($1, clock_timestamp(), $2, $3, $4)
     ON CONFLICT (view_name) DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at,
       duration_ms = EXCLUDED.duration_ms, row_count = EXCLUDED.row_count,
       source_writes = EXCLUDED.source_writes`,
    [view, result.ms, result.rows, sources?.writes ?? null],
  );
  return result;
}

/** Writes the configured attribution window into analytics_settings (when it differs). */
export async function applyAnalyticsSettings(c: ClientBase, attributionWindowDays: number): Promise<void> {
  const { rowCount } = await c.query(
    `UPDATE analytics_settings SET attribution_window_days = $1, updated_at = now()
     WHERE id AND attribution_window_days <> $1`,
    [attributionWindowDays],
  );
  // A new window must count as a change of the attribution views' sources right away (see refreshView).
  if (rowCount) await c.query('SELECT pg_stat_force_next_flush()');
}

/**
 * The analytics.refresh job: the settings brought in line with the configuration
 * (ATTRIBUTION_WINDOW_DAYS), then every materialized view (or those named) refreshed, each in its
 * own transaction under MAINTENANCE_STATEMENT_TIMEOUT_MS. With `onlyChanged` (the scheduled job), a
 * view none of whose sources was written since its last refresh is skipped — a view reading the
 * clock not for longer than an hour; the settings count as a source, so a new window refreshes.
 */
export async function refreshAnalytics(
  deps: MaintenanceDeps,
  opts: { views?: readonly MaterializedView[]; onlyChanged?: boolean } = {},
): Promise<RefreshResult[]> {
  await inMaintenanceTx(deps, (c) => applyAnalyticsSettings(c, deps.config.ATTRIBUTION_WINDOW_DAYS));
  const results: RefreshResult[] = [];
  for (const view of MATERIALIZED_VIEWS) {
    if (opts.views && !opts.views.includes(view)) continue;
    results.push(await inMaintenanceTx(deps, (c) => refreshView(c, view, { onlyChanged: opts.onlyChanged })));
  }
  deps.log.info({ views: results }, 'analytics views refreshed');
  return results;
}
