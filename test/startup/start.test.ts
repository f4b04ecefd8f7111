/**
 * The first hour, with real processes: `npm start` on a fresh checkout's data directory prints
 * what a newcomer needs (GraphQL URL, a psql-able database URL, two working sign-ins), the CLIs
 * use its embedded database while it runs, Ctrl-C stops everything without an error, and start-up
 * failures are one sentence with the fix.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { withDatabase } from '../support/pg-url';
import { buildDist, freePort, scratchDir, startDist, startNpm, type Proc } from '../support/processes';

jest.setTimeout(240_000);

let root: string;
beforeAll(async () => {
  buildDist();
  root = await scratchDir('bazaar-start-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The lines of stderr that are not npm's own banner (`> bazaar@… start`). */
const errorLines = (p: Proc) =>
  p
    .stderr()
    .split('\n')
    .filter((l) => l.trim() !== '');

describe('npm start on an empty data directory', () => {
  let dataDir: string;
  let port: number;
  let server: Proc;
  let banner: { graphql: string; database: string; shopper: string; admin: string };

  beforeAll(async () => {
    dataDir = path.join(root, 'first', '.data');
    port = await freePort();
    server = startNpm(['start'], { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    await server.waitFor(/Stop with Ctrl-C/, 180_000);
    const out = server.stdout();
    banner = {
      graphql: /GraphQL \+ GraphiQL\s+(\S+)/.exec(out)![1]!,
      database: /Database \(embedded\)\s+(\S+)/.exec(out)![1]!,
      shopper: /Demo shopper\s+shopper@example\.com \/ (\S+)/.exec(out)![1]!,
      admin: /Demo admin\s+admin@example\.com \/ (\S+)/.exec(out)![1]!,
    };
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.signalGroup('SIGKILL');
  });

  it('prints the GraphQL URL, the embedded database URL and two generated sign-ins', () => {
    expect(banner.graphql).toBe(`http://localhost:${port}/graphql`);
    expect(banner.database).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/bazaar$/);
    expect(banner.shopper).toMatch(/^[\w-]{16}$/);
    expect(banner.admin).toMatch(/^[\w-]{16}$/);
    expect(banner.shopper).not.toBe(banner.admin);
    expect(errorLines(server)).toEqual([]);
  });

  it("signs in the storefront guide's shopper and the admin with the printed passwords", async () => {
    for (const [email, password] of [
      ['shopper@example.com', banner.shopper],
      ['admin@example.com', banner.admin],
    ]) {
      const res = await fetch(banner.graphql, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation($e: String!, $p: String!) { customerLogin(input: { email: $e, password: $p }) { token userErrors { code } } }`,
          variables: { e: email, p: password },
        }),
      });
      const body = (await res.json()) as {
        data: { customerLogin: { token: string | null; userErrors: unknown[] } };
      };
      expect(body.data.customerLogin).toEqual({ token: expect.any(String), userErrors: [] });
    }
  });

  it('serves search from the compiled build (its data files are in dist/ too)', async () => {
    const res = await fetch(banner.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ searchProducts(query: "running shoe", first: 3) { totalCount } }' }),
    });
    const body = (await res.json()) as {
      data?: { searchProducts: { totalCount: number } };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.searchProducts.totalCount).toBeGreaterThan(0);
  });

  it('gives a database URL that psql opens, and the analysts guide example runs there', () => {
    const sql = `SELECT normalized_query, searches, zero_result_rate FROM analytics.search_terms
                 WHERE searches >= 5 ORDER BY zero_result_searches DESC LIMIT 20`;
    const r = spawnSync('psql', [banner.database, '-X', '-A', '-t', '-c', sql], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('lets npm run admin:create use the running embedded database instead of failing on its lock', async () => {
    const cli = startNpm(['run', '-s', 'admin:create', '--', '--email', 'ops@example.com'], {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    const { code } = await cli.exited;
    expect({ code, stderr: cli.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(cli.stdout()).toMatch(/Created admin ops@example\.com/);
    expect(cli.stdout()).toMatch(/Generated password \(shown once\): \S{16,}/);
  });

  it('lets npm run worker use it too, and stop on Ctrl-C without an error', async () => {
    const worker = startNpm(['run', 'worker'], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await worker.waitFor(/using the embedded PostgreSQL of npm start/);
    await worker.waitFor(/worker ready/);
    worker.signalGroup('SIGINT');
    const { code } = await worker.exited;
    expect({ code, stderr: errorLines(worker) }).toEqual({ code: 0, stderr: [] });
  });

  it('refuses a second server on the same data directory in one sentence', async () => {
    const second = startDist('main', [], {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(errorLines(second)).toEqual([
      expect.stringMatching(
        /^The embedded database in .* is in use by npm start \(pid \d+\): stop that first, or set DATA_DIR/,
      ),
    ]);
  });

  it('refuses a second server on the same port in one sentence, before starting any database', async () => {
    const otherData = path.join(root, 'port-taken', '.data');
    const second = startDist('main', [], { PORT: String(port), DATA_DIR: otherData, LOG_LEVEL: 'warn' });
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(errorLines(second)).toEqual([
      `Port ${port} is already in use on 0.0.0.0 (another Bazaar, or another program): stop it, or choose another port, e.g. PORT=${port + 1} npm start.`,
    ]);
    expect(existsSync(otherData)).toBe(false);
  });

  it('stops on Ctrl-C without an error, leaving no server, state file or half-made directory', async () => {
    const pgPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    server.signalGroup('SIGINT');
    const { code } = await server.exited;
    expect({ code, stderr: errorLines(server) }).toEqual({ code: 0, stderr: [] });
    expect(readdirSync(dataDir).sort()).toEqual(['demo-sign-ins.json', 'pg']);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(isAlive(pgPid)).toBe(false);
  });
});

describe('start-up failures are one sentence with the fix', () => {
  it('Ctrl-C during the very first initialisation leaves no half-made cluster behind', async () => {
    const dataDir = path.join(root, 'interrupted', '.data');
    const p = startDist('main', [], {
      PORT: String(await freePort()),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
    });
    await p.waitFor(/initialising a new PostgreSQL cluster/);
    p.signalGroup('SIGINT');
    const { code } = await p.exited;
    expect(code).toBe(0);
    expect(p.stderr()).toBe('');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.each([
    [
      'an unreachable database',
      'postgresql://postgres@127.0.0.1:1/bazaar',
      /^Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\): start it, or fix DATABASE_URL/,
    ],
    [
      'a missing database',
      withDatabase(process.env.BAZAAR_TEST_ADMIN_URL!, 'bazaar_no_such_database'),
      /^Database "bazaar_no_such_database" does not exist on .*: create it \(createdb -h .* bazaar_no_such_database\), or fix DATABASE_URL/,
    ],
  ])('%s', async (_name, url, sentence) => {
    const p = startDist('main', [], { PORT: String(await freePort()), DATABASE_URL: url, LOG_LEVEL: 'warn' });
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(errorLines(p)).toEqual([expect.stringMatching(sentence)]);
  });

  it('bad configuration: names every bad variable and exits 2', async () => {
    const p = startDist('main', [], { PORT: 'eighty', LOG_LEVEL: 'loud' });
    const { code } = await p.exited;
    expect(code).toBe(2);
    expect(errorLines(p)).toEqual([
      expect.stringMatching(/^Invalid configuration: fix these environment variables/),
      expect.stringMatching(/^ {2}PORT: /),
      expect.stringMatching(/^ {2}LOG_LEVEL: /),
    ]);
  });

  it('a port taken by another program', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const p = startDist('main', [], {
        PORT: String(port),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x',
      });
      const { code } = await p.exited;
      expect(code).toBe(1);
      expect(errorLines(p)).toEqual([expect.stringMatching(new RegExp(`^Port ${port} is already in use`))]);
    } finally {
      blocker.close();
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
