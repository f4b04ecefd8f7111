import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { StartupError } from '../startup/errors';

/** Where the forward-only SQL migrations live (one folder per migration, as Prisma lays them out). */
export const MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');

/** 15: the migrations use `NULLS NOT DISTINCT`. */
const MIN_SERVER_VERSION = 150_000;

// Any fixed 64-bit number works; it only has to be the same in every process of this product.
const MIGRATION_LOCK_KEY = 727_073_690_001;

// Prisma's own DDL, so `prisma migrate status|deploy` agree with what this runner recorded.
const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** Reads the migration folders in name (timestamp) order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies pending migrations the way `prisma migrate deploy` does, without Prisma's native
 * engine: in order, each in its own transaction, recorded in `_prisma_migrations`, under a
 * session advisory lock so several processes starting together apply each migration once.
 * @example await migrate(process.env.DATABASE_URL!);
 */
export async function migrate(
  url: string,
  opts: { dir?: string; log?: (msg: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = await readMigrations(opts.dir);
  const client = new Client({ connectionString: url, application_name: 'bazaar-migrate' });
  // A server going away while idle must not crash the process ('error' without a listener).
  client.on('error', () => undefined);
  await client.connect();
  try {
    const version = await client.query<{ v: number }>(
      `SELECT current_setting('server_version_num')::int AS v`,
    );
    if ((version.rows[0]?.v ?? 0) < MIN_SERVER_VERSION) {
      const shown = (await client.query<{ v: string }>('SHOW server_version')).rows[0]?.v;
      throw new StartupError(
        `PostgreSQL ${shown} is too old: Bazaar needs PostgreSQL 15 or newer (its migrations use NULLS NOT DISTINCT); upgrade, or unset DATABASE_URL to use the embedded PostgreSQL.`,
      );
    }
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_HISTORY_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
    const failed = rows.find((r) => r.finished_at === null);
    if (failed) {
      throw new StartupError(
        `Migration ${failed.migration_name} started but did not finish: resolve it (prisma migrate resolve) before starting.`,
      );
    }
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const recorded = done.get(m.name);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) opts.log?.(`migration ${m.name} was modified after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new StartupError(
          `Migration ${m.name} failed and was rolled back (${(err as Error).message}): fix the cause and start again.`,
          { cause: err },
        );
      }
      applied.push(m.name);
      opts.log?.(`applied migration ${m.name}`);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}

/** Names of migrations on disk not yet applied to the database (readiness uses this). */
export async function pendingMigrations(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  dir?: string,
): Promise<string[]> {
  const [onDisk, rows] = await Promise.all([
    readMigrations(dir),
    query(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    ),
  ]);
  const applied = new Set(rows.map((r) => r.migration_name));
  return onDisk.filter((m) => !applied.has(m.name)).map((m) => m.name);
}
