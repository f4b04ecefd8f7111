/**
 * `npm run bench:retention`: runs every retention job and the partition maintenance for real on
 * DATABASE_URL and prints, per task, the rows changed, the batches and the time. It CHANGES the
 * database (that is the point): run it on a copy, e.g. `createdb -T seedbench bench_retention`.
 * RETENTION_NOW (ISO time) moves "now" for the jobs, e.g. two years ahead so every order is due.
 * @example DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_retention npm run bench:retention
 */
import { loadConfig } from '../src/config';
import { createDatabase } from '../src/db/prisma';
import { createLogger } from '../src/logger';
import { maintainPartitions } from '../src/modules/retention/partitions.service';
import { runRetention } from '../src/modules/retention/retention.service';
import { RETENTION_JOBS, type RetentionJob } from '../src/modules/retention/retention-tasks';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (a copy of a seeded database: this changes it)');
  const config = loadConfig({ ...process.env, DATABASE_URL: url });
  const db = createDatabase({ url, poolSize: 2 });
  const deps = { db, config, log: createLogger('warn') };
  const now = process.env.RETENTION_NOW ? new Date(process.env.RETENTION_NOW) : undefined;
  try {
    for (const job of Object.keys(RETENTION_JOBS) as RetentionJob[]) {
      const started = performance.now();
      const report = await runRetention(deps, job, { dryRun: false, now });
      for (const t of report.tasks)
        console.log(
          `${job.padEnd(26)} ${t.task.padEnd(22)} ${t.action.padEnd(10)} ${String(t.rows).padStart(8)} rows ` +
            `${String(t.batches).padStart(4)} batches ${String(t.ms).padStart(7)} ms`,
        );
      console.log(`${job.padEnd(26)} (whole job) ${Math.round(performance.now() - started)} ms`);
    }
    const started = performance.now();
    const p = await maintainPartitions(deps, { dryRun: false, now });
    console.log(
      `partitions.maintain        created ${p.created.length}, dropped ${p.dropped.length} ` +
        `(${p.dropped.join(', ') || 'none'}), ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await db.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
