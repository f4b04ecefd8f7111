import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded-postgres';

jest.setTimeout(60_000);

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startEmbeddedPostgres', () => {
  let root: string;
  let dataDir: string;
  const started: EmbeddedDatabase[] = [];
  const start = async (opts: Partial<Parameters<typeof startEmbeddedPostgres>[0]> = {}) => {
    const db = await startEmbeddedPostgres({ dataDir, database: 'bazaar_test', ...opts });
    started.push(db);
    return db;
  };

  beforeAll(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'bazaar-epg-'));
    // mkdtemp makes a 0700 directory; as root the server runs as user "postgres", who must traverse it.
    await fsp.chmod(root, 0o755);
    dataDir = path.join(root, 'pg');
  });

  afterAll(async () => {
    await Promise.all(started.map((db) => db.stop()));
    await fsp.rm(root, { recursive: true, force: true });
  });

  let pidFileOfFirstRun = '';

  it('initialises a cluster, serves queries and stops (idempotently)', async () => {
    const db = await start();
    expect(db.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${db.port}/bazaar_test`);
    expect(await query(db.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await query(db.url, "create table kept (note text); insert into kept values ('survives restarts')");
    pidFileOfFirstRun = await fsp.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');

    await db.stop();
    await db.stop();
    await expect(query(db.url, 'select 1')).rejects.toThrow();
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  });

  it('reuses the cluster on the next start, keeping its data', async () => {
    const db = await start();
    expect(await query(db.url, 'select note from kept')).toEqual([{ note: 'survives restarts' }]);
    await db.stop();
  });

  it('starts after a crash left a postmaster.pid whose process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(isAlive(dead)).toBe(false);
    const lines = pidFileOfFirstRun.split('\n');
    lines[0] = String(dead);
    await fsp.writeFile(path.join(dataDir, 'postmaster.pid'), lines.join('\n'));

    const notes: string[] = [];
    const db = await start({ log: (msg) => notes.push(msg) });
    expect(notes).toContainEqual(expect.stringContaining(`removing stale`));
    expect(await query(db.url, 'select count(*)::int as n from kept')).toEqual([{ n: 1 }]);
    await db.stop();
  });

  it('shuts down a server orphaned by a SIGKILLed owner, then starts', async () => {
    // A separate Node process starts the server and reports its pid; we SIGKILL that process, leaving the
    // server running with no owner, as `kill -9` of the app would.
    const modulePath = require.resolve('../src/db/embedded-postgres');
    const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
    const script = `
      const { startEmbeddedPostgres } = require(${JSON.stringify(modulePath)});
      startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, database: 'bazaar_test' })
        .then((db) => { console.log('READY ' + db.port); setInterval(() => {}, 1000); });
    `;
    const owner = spawn(process.execPath, [tsx, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      owner.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('READY')) resolve();
      });
      owner.once('exit', (code) => reject(new Error(`owner exited early (${code}): ${out}`)));
    });
    const orphanPid = Number(
      (await fsp.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    expect(isAlive(orphanPid)).toBe(true);
    // tsx runs the script in a child Node process: kill every process of the owner's tree but the server.
    const tree = spawnSync('pgrep', ['-P', String(owner.pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);
    for (const pid of [...tree, owner.pid!]) if (pid !== orphanPid) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));

    const notes: string[] = [];
    const db = await start({ log: (msg) => notes.push(msg) });
    expect(notes).toContainEqual(expect.stringContaining(`stopping orphaned PostgreSQL (pid ${orphanPid})`));
    expect(await query(db.url, 'select count(*)::int as n from kept')).toEqual([{ n: 1 }]);
    await db.stop();
  });

  it('with persistent: false, starts fresh and deletes the cluster at stop', async () => {
    const scratch = path.join(root, 'scratch');
    const db = await start({ dataDir: scratch, persistent: false, database: 'bazaar' });
    expect(db.url.endsWith('/bazaar')).toBe(true);
    expect(await query(db.url, 'select 1 as one')).toEqual([{ one: 1 }]);
    await db.stop();
    expect(existsSync(scratch)).toBe(false);
  });
});
