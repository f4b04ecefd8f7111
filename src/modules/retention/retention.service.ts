import { inMaintenanceTx, type MaintenanceDeps } from './maintenance-db';
import { RETENTION_JOBS, type RetentionJob, type RetentionTask } from './retention-tasks';

export interface TaskReport {
  task: string;
  action: RetentionTask['action'];
  /** Rows changed (or, in a dry run, that would be). */
  rows: number;
  /** Statements (batches) a real run took. */
  batches: number;
  /** Rows older than this were due. */
  cutoff: string;
  ms: number;
}

export interface RetentionReport {
  job: RetentionJob;
  dryRun: boolean;
  tasks: TaskReport[];
}

const DAY_MS = 86_400_000;

/**
 * Runs the retention tasks of one job. A real run changes at most RETENTION_BATCH_SIZE rows per
 * statement, each batch its own short transaction (locks held briefly, progress kept if the job
 * stops), rows locked by someone else skipped (SKIP LOCKED: the next run takes them), until a batch
 * comes back short. A dry run counts the rows due and changes nothing. Either way it logs, per
 * task, what it changed (or would) and returns the same as the job's output.
 */
export async function runRetention(
  deps: MaintenanceDeps,
  job: RetentionJob,
  opts: { dryRun: boolean; now?: Date },
): Promise<RetentionReport> {
  const now = opts.now ?? new Date();
  const report: RetentionReport = { job, dryRun: opts.dryRun, tasks: [] };
  for (const task of RETENTION_JOBS[job] as RetentionTask[]) {
    const started = performance.now();
    const cutoff = new Date(now.getTime() - task.periodDays(deps.config) * DAY_MS);
    let rows = 0;
    let batches = 0;
    if (opts.dryRun) {
      const { rows: counted } = await inMaintenanceTx(deps, (c) =>
        c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${task.table} WHERE (${task.where})`, [
          cutoff,
        ]),
      );
      rows = counted[0]?.n ?? 0;
    } else {
      const size = deps.config.RETENTION_BATCH_SIZE;
      const sql = `WITH due AS (SELECT ${task.key} FROM ${task.table} WHERE (${task.where})
                                LIMIT $2 FOR UPDATE SKIP LOCKED),
                        ${task.apply}
                   SELECT count(*)::int AS n FROM done`;
      for (;;) {
        const { rows: changed } = await inMaintenanceTx(deps, (c) =>
          c.query<{ n: number }>(sql, [cutoff, size]),
        );
        const n = changed[0]?.n ?? 0;
        batches++;
        rows += n;
        if (n < size) break;
      }
    }
    const entry: TaskReport = {
      task: task.name,
      action: task.action,
      rows,
      batches,
      cutoff: cutoff.toISOString(),
      ms: Math.round(performance.now() - started),
    };
    report.tasks.push(entry);
    deps.log[rows > 0 ? 'info' : 'debug'](
      { job, dryRun: opts.dryRun, ...entry },
      opts.dryRun
        ? `retention dry run: ${rows} ${task.name} would be ${task.action}`
        : `retention: ${rows} ${task.name} ${task.action}`,
    );
  }
  return report;
}
