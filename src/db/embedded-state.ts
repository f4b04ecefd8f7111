import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './embedded-postgres/processes';

/**
 * `DATA_DIR/embedded-postgres.json`: written by the process that runs the embedded PostgreSQL
 * while it runs, so that the CLIs (`npm run admin:create`, `worker`, `seed`, `import:catalog`,
 * `db:migrate`) use that server instead of failing on its lock, and people can find its URL.
 */
export interface EmbeddedState {
  url: string;
  /** The postmaster's pid. */
  pid: number;
  /** The process that started it and will stop it. */
  ownerPid: number;
  /** What that process is, e.g. `npm start`. */
  owner: string;
  startedAt: string;
}

export const embeddedStatePath = (dataDir: string) => path.resolve(dataDir, 'embedded-postgres.json');

export async function writeEmbeddedState(dataDir: string, state: EmbeddedState): Promise<void> {
  const file = embeddedStatePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  // The URL carries the cluster's password: owner-readable only.
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

/** Removes the state file if this process wrote it (a newer owner's file is left alone). */
export async function removeEmbeddedState(dataDir: string): Promise<void> {
  const file = embeddedStatePath(dataDir);
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as Partial<EmbeddedState>;
    if (state.ownerPid === process.pid) await rm(file, { force: true });
  } catch {
    /* absent or unreadable: nothing of ours to remove */
  }
}

/**
 * The embedded server another live process runs on `dataDir`, or undefined. A state file whose
 * owner or server is gone (a crash, kill -9) is ignored: the next start cleans up.
 */
export function runningEmbedded(dataDir: string): EmbeddedState | undefined {
  let state: Partial<EmbeddedState>;
  try {
    state = JSON.parse(readFileSync(embeddedStatePath(dataDir), 'utf8')) as Partial<EmbeddedState>;
  } catch {
    return undefined;
  }
  if (typeof state.url !== 'string' || typeof state.pid !== 'number' || typeof state.ownerPid !== 'number') {
    return undefined;
  }
  if (state.ownerPid === process.pid || !isAlive(state.ownerPid) || !isAlive(state.pid)) return undefined;
  try {
    const postmaster = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
    if (Number(postmaster.split('\n')[0]) !== state.pid) return undefined;
  } catch {
    return undefined;
  }
  return state as EmbeddedState;
}
