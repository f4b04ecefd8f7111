import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { migrate, readMigrations } from '../../src/db/migrate';
import { startJobQueue } from '../../src/jobs/job-queue';
import { createLogger } from '../../src/logger';
import { acquireDatabaseServer, type DatabaseServer } from './database-source';
import { withDatabase } from './pg-url';

declare global {
  var __bazaarDbServer: DatabaseServer | undefined;
}

/**
 * Databases a crashed or killed run left behind: per-file databases older than an hour (a
 * concurrent run's are younger) and templates of other migration sets that nobody is connected to
 * and no run used in the last hour (another checkout of the project, on another branch, may be
 * testing against the same server right now: each run stamps its template's comment with the time).
 */
async function dropLeftovers(admin: Client, keepTemplate: string) {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database d
     WHERE (datname ~ '^bazaar_t_[0-9]+_' AND split_part(datname, '_', 3)::bigint < extract(epoch FROM now()) - 3600)
        OR (datname LIKE 'bazaar_tpl_%' AND datname <> $1 AND datname !~ '_b[0-9]+$'
            AND coalesce(substring(shobj_description(d.oid, 'pg_database') FROM '^used ([0-9]+)$')::bigint, 0)
                < extract(epoch FROM now()) - 3600
            AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname))`,
    [keepTemplate],
  );
  for (const { datname } of rows)
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
}

/**
 * Runs once per `npm test`: finds a PostgreSQL server (env, testcontainers or embedded), builds a
 * template database with every migration and pg-boss's schema applied, and tells the test files
 * (through the environment, which Jest workers inherit) where to clone their own databases from.
 * The template's name carries a hash of the migrations, so an unchanged template is reused.
 */
export default async function globalSetup() {
  const started = Date.now();
  const server = await acquireDatabaseServer();
  globalThis.__bazaarDbServer = server;
  const migrations = await readMigrations();
  const hash = createHash('sha256')
    .update(migrations.map((m) => m.name + m.checksum).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const template = `bazaar_tpl_${hash}`;
  const admin = new Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    await dropLeftovers(admin, template);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      // Build under a temporary name and rename at the end, so a half-built template is never used.
      const building = `${template}_b${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building} TEMPLATE template0`);
      const url = withDatabase(server.adminUrl, building);
      await migrate(url);
      const jobs = await startJobQueue({ url, log: createLogger('silent'), schedule: false });
      await jobs.stop();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`).catch(async (err: Error) => {
        // Another run built it meanwhile: keep theirs.
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
        if (!/already exists/.test(err.message)) throw err;
      });
    }
    await admin.query(`COMMENT ON DATABASE ${template} IS 'used ${Math.floor(Date.now() / 1000)}'`);
  } finally {
    await admin.end();
  }
  process.env.BAZAAR_TEST_ADMIN_URL = server.adminUrl;
  process.env.BAZAAR_TEST_TEMPLATE = template;
  if (process.env.BAZAAR_TEST_VERBOSE) {
    console.warn(`test database server: ${server.kind}, template ${template}, ${Date.now() - started} ms`);
  }
}
