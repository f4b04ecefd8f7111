/**
 * Calendar months in UTC, as the monthly partitions of analytics_events and search_logs count
 * them (a partition named `search_logs_2026_12` holds created_at in [2026-12-01, 2027-01-01) UTC).
 */

/** `2026-12-01` for any instant of December 2026 (UTC). */
export function monthOf(at: Date): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString().slice(0, 10);
}

/** The month `n` months after `month` (`YYYY-MM-01`; n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10);
}

/** `search_logs_2026_12` for table `search_logs` and month `2026-12-01`. */
export function partitionName(table: string, month: string): string {
  return `${table}_${month.slice(0, 4)}_${month.slice(5, 7)}`;
}

/** The month a monthly partition of `table` holds, or null for any other name (the DEFAULT partition). */
export function partitionMonth(table: string, name: string): string | null {
  const m = new RegExp(`^${table}_(\\d{4})_(\\d{2})$`).exec(name);
  return m ? `${m[1]}-${m[2]}-01` : null;
}

/**
 * What a maintenance run does at `now`: the months to have (the current one and `ahead` more) and
 * the existing partitions to drop (every month before the last `retentionMonths` full months).
 */
export function partitionPlan(opts: {
  table: string;
  now: Date;
  ahead: number;
  retentionMonths: number;
  existing: string[];
}): { ensure: string[]; drop: string[]; cutoff: string } {
  const current = monthOf(opts.now);
  const ensure = Array.from({ length: opts.ahead + 1 }, (_, i) => addMonths(current, i));
  const cutoff = addMonths(current, -opts.retentionMonths);
  const drop = opts.existing
    .filter((name) => {
      const month = partitionMonth(opts.table, name);
      return month !== null && month < cutoff;
    })
    .sort();
  return { ensure, drop, cutoff };
}
