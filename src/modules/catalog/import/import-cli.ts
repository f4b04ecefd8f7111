/**
 * `npm run import:catalog -- <file.jsonl|file.csv>`: upserts products from a catalog file
 * (format: docs/catalog-import.md) into DATABASE_URL, or the embedded PostgreSQL (a running
 * `npm start`'s). Exit code 0 when every row was imported, 1 when some rows were refused (the
 * others are imported) or the database could not be used, 2 on a failure (nothing imported).
 */
import { SingleBar, Presets } from 'cli-progress';
import { Pool } from 'pg';
import { loadConfig } from '../../../config';
import { migrate } from '../../../db/migrate';
import { withDatabaseUrl } from '../../../db/resolve-database';
import { startJobQueue } from '../../../jobs/job-queue';
import { createLogger, type Logger } from '../../../logger';
import { runCli } from '../../../startup/cli';
import { importFile } from './import.service';

async function main() {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: npm run import:catalog -- <file.jsonl|file.csv>');
    process.exit(2);
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  await withDatabaseUrl(config, log, 'npm run import:catalog', async (url) => {
    await migrate(url, { log: (m) => log.info(m) });
    await importInto(url, file, log);
  });
}

/**
 * Wishlist alerts look at every alert-enabled item after an import that changed something (the
 * job runs in the API's or `npm run worker`'s workers). Queued after the commit: this process has
 * no job queue inside the import's transaction.
 */
async function queueAlertEvaluation(url: string, log: Logger) {
  const jobs = await startJobQueue({ url, log, schedule: false });
  try {
    await jobs.send('wishlist.alerts.evaluate', { all: true });
  } finally {
    await jobs.stop();
  }
}

async function importInto(url: string, file: string, log: Logger) {
  const pool = new Pool({ connectionString: url, max: 1, application_name: 'bazaar-import' });
  const bar = new SingleBar(
    { format: 'import |{bar}| {value}/{total} rows | {step}', hideCursor: true },
    Presets.shades_classic,
  );
  const started = Date.now();
  try {
    const stats = await importFile(pool, file, {
      onParsed: (n) => bar.start(n, 0, { step: 'loading' }),
      onRows: (n) => bar.increment(n),
      onStep: (step) => bar.update({ step }),
    });
    bar.update({ step: 'done' });
    bar.stop();
    for (const e of stats.errors.slice(0, 200)) console.error(`line ${e.line}: ${e.message}`);
    if (stats.errors.length > 200) console.error(`… and ${stats.errors.length - 200} more`);
    console.log(
      `${stats.rows} valid rows: ${stats.created} created, ${stats.updated} updated, ${stats.unchanged} unchanged; ` +
        `${stats.errors.length} refused; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    process.exitCode = stats.errors.length ? 1 : 0;
    if (stats.created + stats.updated > 0)
      await queueAlertEvaluation(url, log).catch((err: unknown) =>
        console.error(
          `wishlist alerts not queued (the 15-minute check will run them): ${(err as Error).message}`,
        ),
      );
  } catch (err) {
    bar.stop();
    console.error(`import failed, nothing was imported: ${(err as Error).message}`);
    process.exitCode = 2;
  } finally {
    await pool.end();
  }
}

runCli('import:catalog', main);
