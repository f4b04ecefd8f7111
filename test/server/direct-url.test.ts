import { Client } from 'pg';
import { ConfigError, loadConfig } from '../../src/config';
import { publish } from '../../src/server/pubsub';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

const ROLE = 'bazaar_direct_test';
const PASSWORD = 'direct-test-password';

/**
 * DATABASE_DIRECT_URL: behind PgBouncer in transaction mode, what needs a session of its own
 * (LISTEN, pg-boss's wake-ups) must reach PostgreSQL directly. Here the "direct" URL signs in as
 * another role, so pg_stat_activity shows which connection went where.
 */
describe('DATABASE_DIRECT_URL', () => {
  let t: TestApp;
  let c: Client;
  let db: TestDatabase;
  beforeAll(async () => {
    const admin = new Client({ connectionString: process.env.BAZAAR_TEST_ADMIN_URL });
    await admin.connect();
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN
        CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD '${PASSWORD}';
      END IF; END $$`);
    await admin.end();
    // The app's pool on the usual URL, its sessions on the direct one (same database, other role).
    db = await createTestDatabase();
    const direct = new URL(db.url);
    direct.username = ROLE;
    direct.password = PASSWORD;
    t = await startTestApp({ database: db, workers: true, env: { DATABASE_DIRECT_URL: direct.toString() } });
    c = new Client({ connectionString: db.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await t.stop();
    await db.drop();
  });

  it('sends LISTEN connections and pg-boss to the direct URL, the request pool to DATABASE_URL', async () => {
    await t.prisma.$queryRaw`SELECT 1`;
    const { rows } = await c.query<{ application_name: string; usename: string; listening: boolean }>(
      `SELECT application_name, usename::text, bool_or(query LIKE 'LISTEN%') AS listening
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const byRole = (role: string) => rows.filter((r) => r.usename === role).map((r) => r.application_name);
    // The LISTEN for session revocations runs on a connection named like the pool's ('bazaar').
    expect(byRole(ROLE)).toEqual(expect.arrayContaining(['bazaar-events', 'bazaar-jobs']));
    expect(rows.filter((r) => r.listening).every((r) => r.usename === ROLE)).toBe(true);
    expect(rows.find((r) => r.application_name === 'bazaar' && r.usename !== ROLE)).toBeDefined();
  });

  it('still delivers events published through the pool to subscribers listening directly', async () => {
    const sub = t.app.deps.pubsub.subscribe<{ n: number }>('direct:1');
    await t.prisma.$transaction((tx) => publish(tx, 'direct:1', { n: 7 }));
    expect((await sub.next()).value).toEqual({ n: 7 });
    await sub.return!();
  });

  it('is refused without DATABASE_URL (the embedded database is always direct)', () => {
    expect(() => loadConfig({ DATABASE_DIRECT_URL: 'postgresql://x@127.0.0.1/db' })).toThrow(ConfigError);
  });
});
