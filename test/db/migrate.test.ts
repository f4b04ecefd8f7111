import { Client } from 'pg';
import { migrate, readMigrations } from '../../src/db/migrate';
import { createEmptyDatabase, type TestDatabase } from '../support/test-db';

async function historyRows(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    return rows;
  } finally {
    await c.end();
  }
}

describe('migration runner', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies every migration in order and records it as prisma migrate deploy would', async () => {
    const onDisk = await readMigrations();
    expect(onDisk.length).toBeGreaterThanOrEqual(2);
    const result = await migrate(db.url);
    expect(result.applied).toEqual(onDisk.map((m) => m.name));
    const rows = await historyRows(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(onDisk[i]!.checksum);
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    await migrate(db.url);
    const second = await migrate(db.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe((await readMigrations()).length);
  });

  it('is safe when several processes start at once', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(db.url)));
    const appliedTotal = results.reduce((n, r) => n + r.applied.length, 0);
    expect(appliedTotal).toBe((await readMigrations()).length);
    const rows = await historyRows(db.url);
    expect(new Set(rows.map((r) => r.migration_name)).size).toBe(rows.length);
  });

  it('rolls a failing migration back entirely and records nothing for it', async () => {
    const { mkdtemp, mkdir, writeFile, cp } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bazaar-mig-'));
    await cp(path.resolve(__dirname, '../../prisma/migrations'), dir, { recursive: true });
    await mkdir(path.join(dir, '99999999999999_broken'));
    await writeFile(
      path.join(dir, '99999999999999_broken', 'migration.sql'),
      'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;',
    );
    await expect(migrate(db.url, { dir })).rejects.toThrow(/99999999999999_broken/);
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const t = await c.query("SELECT to_regclass('public.half_done') AS t");
    await c.end();
    expect(t.rows[0].t).toBeNull();
    const rows = await historyRows(db.url);
    expect(rows.map((r) => r.migration_name)).not.toContain('99999999999999_broken');
  });
});
