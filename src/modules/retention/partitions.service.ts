import { monthOf, partitionName, partitionPlan } from './months';
import { inMaintenanceTx, type MaintenanceDeps } from './maintenance-db';

/** Tables partitioned by month of created_at (migration 20261202140000_partition_events_logs). */
export const PARTITIONED_TABLES = ['search_logs', 'analytics_events'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

export interface PartitionReport {
  dryRun: boolean;
  /** Partitions created (or, in a dry run, that would be). */
  created: string[];
  /** Partitions dropped whole (or that would be). */
  dropped: string[];
  /** Partitions due for dropping that another session held locked: tried again next run. */
  skipped: string[];
  /** Rows past the retention deleted from the DEFAULT partitions (normally 0). */
  defaultRowsDeleted: number;
}

/** A lock wait longer than this gives up the DROP for this run (inserts would queue behind it). */
const DROP_LOCK_TIMEOUT_MS = 5000;

function retentionMonths(deps: MaintenanceDeps, table: PartitionedTable): number {
  return table === 'search_logs'
    ? deps.config.SEARCH_LOGS_RETENTION_MONTHS
    : deps.config.ANALYTICS_EVENTS_RETENTION_MONTHS;
}

/** Names of the partitions of `table`, the DEFAULT one included. */
export async function listPartitions(deps: MaintenanceDeps, table: PartitionedTable): Promise<string[]> {
  const { rows } = await deps.db.pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.name);
}

/**
 * Keeps the monthly partitions of analytics_events and search_logs ready and within retention:
 * creates the current month and PARTITIONS_AHEAD_MONTHS more (moving any rows the DEFAULT partition
 * took for them), and drops months older than *_RETENTION_MONTHS whole — a DROP TABLE, so no
 * DELETE, no dead rows, no vacuum debt. Each partition is one short transaction. Idempotent.
 */
export async function maintainPartitions(
  deps: MaintenanceDeps,
  opts: { dryRun: boolean; now?: Date },
): Promise<PartitionReport> {
  const now = opts.now ?? new Date();
  const report: PartitionReport = {
    dryRun: opts.dryRun,
    created: [],
    dropped: [],
    skipped: [],
    defaultRowsDeleted: 0,
  };
  for (const table of PARTITIONED_TABLES) {
    const existing = await listPartitions(deps, table);
    const plan = partitionPlan({
      table,
      now,
      ahead: deps.config.PARTITIONS_AHEAD_MONTHS,
      retentionMonths: retentionMonths(deps, table),
      existing,
    });
    for (const month of plan.ensure) {
      const name = partitionName(table, month);
      if (existing.includes(name)) continue;
      if (!opts.dryRun)
        await inMaintenanceTx(deps, (c) =>
          c.query('SELECT create_month_partition($1, $2::date)', [table, month]),
        );
      report.created.push(name);
    }
    for (const name of plan.drop) {
      if (opts.dryRun) {
        report.dropped.push(name);
        continue;
      }
      try {
        await inMaintenanceTx(deps, (c) => c.query(`DROP TABLE public.${quoteIdent(name)}`), {
          lockTimeoutMs: DROP_LOCK_TIMEOUT_MS,
        });
        report.dropped.push(name);
      } catch (err) {
        if ((err as { code?: string }).code !== '55P03') throw err; // lock_not_available
        deps.log.warn({ partition: name }, 'partition busy: dropped on a later run');
        report.skipped.push(name);
      }
    }
    // Rows the DEFAULT partition took for months now past retention (a skewed clock): deleted.
    const cutoff = new Date(`${plan.cutoff}T00:00:00Z`);
    const def = quoteIdent(`${table}_default`);
    const sql = opts.dryRun
      ? `SELECT count(*)::int AS n FROM public.${def} WHERE created_at < $1`
      : `WITH d AS (DELETE FROM public.${def} WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM d`;
    const { rows } = await inMaintenanceTx(deps, (c) => c.query<{ n: number }>(sql, [cutoff]));
    report.defaultRowsDeleted += rows[0]?.n ?? 0;
  }
  const changed = report.created.length + report.dropped.length + report.defaultRowsDeleted > 0;
  deps.log[changed || report.skipped.length ? 'info' : 'debug'](
    { ...report, month: monthOf(now) },
    opts.dryRun ? 'partitions: dry run, nothing changed' : 'partitions maintained',
  );
  return report;
}

/** Partition names come from our own pattern; quoted anyway. */
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
