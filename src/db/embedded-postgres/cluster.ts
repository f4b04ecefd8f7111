// Cluster directory: checking, initialising and deleting the data directory.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { type Binaries, binaryMajorVersion, ensureExecutable } from './binaries';
import { childEnv, forwardLines } from './launch';
import { isAlive } from './processes';
import { type RunAs, chownTree, ensureTraversable } from './run-as';
import { PASSWORD, USER } from './shared';

export const isCluster = (dir: string) =>
  existsSync(path.join(dir, 'PG_VERSION')) && existsSync(path.join(dir, 'global', 'pg_control'));

export async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await fsp.readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Deletes a cluster directory, refusing anything that does not look like one. */
export async function removeCluster(dir: string): Promise<void> {
  if (await isEmptyDir(dir)) {
    await fsp.rm(dir, { recursive: true, force: true });
    return;
  }
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new Error(`embedded-postgres: refusing to delete ${dir}: not a PostgreSQL data directory`);
  }
  await fsp.rm(dir, { recursive: true, force: true });
}

export async function prepareCluster(
  dataDir: string,
  bin: Binaries,
  runAs: RunAs | undefined,
  log: (msg: string) => void,
  signal?: AbortSignal,
) {
  await fsp.mkdir(path.dirname(dataDir), { recursive: true });
  if (runAs) await ensureTraversable(dataDir, runAs, log);

  const st = await fsp.stat(dataDir).catch(() => undefined);
  if (st && !runAs && typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new Error(
      `embedded-postgres: ${dataDir} is owned by uid ${st.uid}, not by the current user (uid ${process.getuid()}); ` +
        'it was probably created by root: delete it, or run as root',
    );
  }
  if (st && isCluster(dataDir)) {
    const clusterVersion = (await fsp.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8')).trim();
    const binaryVersion = await binaryMajorVersion(bin.postgres);
    if (binaryVersion && clusterVersion !== binaryVersion) {
      throw new Error(
        `embedded-postgres: ${dataDir} holds a PostgreSQL ${clusterVersion} cluster but the binaries are PostgreSQL ${binaryVersion}; ` +
          'delete the directory (or dump and restore it) to continue',
      );
    }
    if (runAs && (st.uid !== runAs.uid || st.gid !== runAs.gid)) {
      log(`chowning ${dataDir} to user "${USER}"`);
      await chownTree(dataDir, runAs);
    }
    if (process.platform !== 'win32' && (st.mode & 0o027) !== 0) await fsp.chmod(dataDir, 0o700);
    return;
  }

  if (!(await isEmptyDir(dataDir))) {
    throw new Error(
      `embedded-postgres: ${dataDir} exists, is not empty and is not a PostgreSQL data directory`,
    );
  }
  await initCluster(dataDir, bin, runAs, log, signal);
}

/**
 * Runs initdb into a sibling directory and renames it into place, so a crash mid-init leaves no half
 * cluster; an abort (Ctrl-C during the first start) stops initdb and removes what it wrote.
 */
export async function initCluster(
  dataDir: string,
  bin: Binaries,
  runAs: RunAs | undefined,
  log: (msg: string) => void,
  signal?: AbortSignal,
) {
  const parent = path.dirname(dataDir);
  const base = path.basename(dataDir);
  for (const name of await fsp.readdir(parent)) {
    const m = new RegExp(`^${escapeRegExp(base)}\\.(?:init|pwfile)-(\\d+)$`).exec(name);
    if (m && !isAlive(Number(m[1]))) await fsp.rm(path.join(parent, name), { recursive: true, force: true });
  }
  const tmpDir = path.join(parent, `${base}.init-${process.pid}`);
  const pwFile = path.join(parent, `${base}.pwfile-${process.pid}`);
  await fsp.rm(tmpDir, { recursive: true, force: true });
  await fsp.mkdir(tmpDir, { mode: 0o700 });
  await fsp.writeFile(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) {
    await fsp.chown(tmpDir, runAs.uid, runAs.gid);
    await fsp.chown(pwFile, runAs.uid, runAs.gid);
  }
  await ensureExecutable(bin.initdb);
  await ensureExecutable(bin.postgres);

  log(`initialising a new PostgreSQL cluster in ${dataDir}`);
  try {
    const args = [
      `--pgdata=${tmpDir}`,
      `--username=${USER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ];
    const output: string[] = [];
    const child = spawn(bin.initdb, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
      windowsHide: true,
      detached: true, // not reached by the terminal's Ctrl-C: we stop it (and clean up) ourselves
      signal,
      killSignal: 'SIGINT', // initdb removes its half-written directory on SIGINT
      ...(runAs ?? {}),
    });
    forwardLines(child, (line) => {
      output.push(line);
      log(line);
    });
    const [code, killedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', (err) => (signal?.aborted ? child.once('close', () => reject(err)) : reject(err)));
      child.once('close', (c, s) => resolve([c, s]));
    });
    signal?.throwIfAborted();
    if (code !== 0) {
      throw new Error(
        `embedded-postgres: initdb failed (code ${code}, signal ${killedBy}):\n${output.slice(-20).join('\n')}`,
      );
    }
    // Empty (checked by the caller) or absent; rmdir, not rm -r: a concurrent process may have just renamed its cluster here.
    await fsp.rmdir(dataDir).catch(() => undefined);
    try {
      await fsp.rename(tmpDir, dataDir);
    } catch (err) {
      if (!isCluster(dataDir)) throw err; // another process initialised it concurrently: use theirs
    }
  } finally {
    await fsp.rm(pwFile, { force: true });
    await fsp.rm(tmpDir, { recursive: true, force: true });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
