import { existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

/** A PostgreSQL server that tests may create their own databases on. */
export interface DatabaseServer {
  /** URL of the `postgres` database on a server where we may CREATE DATABASE. */
  adminUrl: string;
  kind: 'env' | 'testcontainers' | 'embedded';
  /** Releases the server (no-op for 'env'). Idempotent. */
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PROBE_TIMEOUT_MS = 800;

/**
 * Finds a PostgreSQL server for the test suite, in this order:
 * 1. `TEST_DATABASE_URL`, then `DATABASE_URL` (kind 'env'; the URL's database is replaced by `postgres`);
 * 2. a `postgres:16-alpine` container via Testcontainers, only when a container engine answers a ping
 *    (when that fails — an image that cannot be pulled, Ryuk — one line says why and 3. is used);
 * 3. the embedded PostgreSQL (`src/db/embedded-postgres.ts`) with its cluster kept in `<repo>/.data/test-pg`.
 *
 * @example
 * ```ts
 * const server = await acquireDatabaseServer();
 * // CREATE DATABASE test_1 TEMPLATE template0 on server.adminUrl, run tests, drop it
 * await server.stop();
 * ```
 */
export async function acquireDatabaseServer(): Promise<DatabaseServer> {
  const envUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (envUrl) {
    return { adminUrl: withDatabase(envUrl, 'postgres'), kind: 'env', stop: async () => undefined };
  }

  if (await containerRuntimeAnswers()) {
    try {
      return await startContainer();
    } catch (err) {
      // A daemon that answers but cannot pull (offline, private registry) or run Ryuk must not fail the suite.
      const reason = ((err as Error).message ?? String(err)).split('\n')[0]?.trim().slice(0, 200);
      console.warn(`test database: testcontainers failed (${reason}); using the embedded PostgreSQL instead`);
    }
  }

  const db = await startEmbeddedPostgres({
    dataDir: path.join(REPO_ROOT, '.data', 'test-pg'),
    database: 'postgres',
  });
  return { adminUrl: db.url, kind: 'embedded', stop: () => db.stop() };
}

/** A `postgres:16-alpine` container; throws when the image (or Ryuk's) cannot be pulled or started. */
async function startContainer(): Promise<DatabaseServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  return {
    adminUrl: withDatabase(container.getConnectionUri(), 'postgres'),
    kind: 'testcontainers',
    stop: once(async () => {
      await container.stop();
    }),
  };
}

/** `url` with its path (the database name) replaced; query parameters are kept. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

/**
 * True when a Docker-compatible engine answers `GET /_ping` on DOCKER_HOST or a usual socket.
 * Bounded by PROBE_TIMEOUT_MS: a docker CLI without an engine, a dead socket or an unreachable host fails fast.
 */
async function containerRuntimeAnswers(): Promise<boolean> {
  const targets: http.RequestOptions[] = [];
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    if (dockerHost.startsWith('unix://')) {
      targets.push({ socketPath: dockerHost.slice('unix://'.length) });
    } else if (/^(tcp|http):\/\//.test(dockerHost) && !process.env.DOCKER_TLS_VERIFY) {
      const u = new URL(dockerHost.replace(/^tcp:/, 'http:'));
      targets.push({ host: u.hostname, port: Number(u.port || 2375) });
    } else {
      return true; // TLS or another transport: let Testcontainers judge
    }
  } else {
    const home = os.homedir();
    const runtimeDir = process.env.XDG_RUNTIME_DIR ?? `/run/user/${process.getuid?.() ?? 0}`;
    const sockets = [
      '/var/run/docker.sock',
      path.join(home, '.docker', 'run', 'docker.sock'),
      path.join(home, '.docker', 'desktop', 'docker.sock'),
      path.join(runtimeDir, 'docker.sock'),
      path.join(runtimeDir, 'podman', 'podman.sock'),
    ];
    for (const socketPath of new Set(sockets)) if (existsSync(socketPath)) targets.push({ socketPath });
  }
  if (targets.length === 0) return false;
  const results = await Promise.all(targets.map(ping));
  return results.some(Boolean);
}

function ping(target: http.RequestOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(
      { ...target, path: '/_ping', timeout: PROBE_TIMEOUT_MS, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
