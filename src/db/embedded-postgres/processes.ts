// Leftovers of a crashed owner: inspecting and stopping a server left running in the data directory.

import { existsSync, readFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { execFileP, sleep } from './shared';

export interface ProcInfo {
  ppid: number;
  argv: string[];
}

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust kill(0)
  }
}

export async function procInfo(pid: number): Promise<ProcInfo | undefined> {
  if (!isAlive(pid)) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { ppid, argv };
  } catch {
    try {
      const { stdout } = await execFileP('ps', ['-o', 'ppid=,command=', '-p', String(pid)]);
      const m = /^\s*(\d+)\s+(.*)$/.exec(stdout.trim());
      return m ? { ppid: Number(m[1]), argv: (m[2] ?? '').split(/\s+/) } : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Handles a `postmaster.pid` left in `dataDir`: removed when its process is gone (or the pid now belongs
 * to something else); a server still running there is shut down when orphaned, else this throws.
 */
export async function stopLeftoverServer(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let text: string;
  try {
    text = await fsp.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  const info = await procInfo(pid);
  const runsHere =
    info !== undefined &&
    info.argv.some((a) => path.basename(a).startsWith('postgres')) &&
    info.argv.some(
      (a, i) => (a === '-D' && path.resolve(info.argv[i + 1] ?? '') === dataDir) || a === `-D${dataDir}`,
    );
  if (!info || !runsHere) {
    log(`removing stale ${pidFile} (pid ${Number.isNaN(pid) ? '?' : pid} is not running)`);
    await fsp.rm(pidFile, { force: true });
    return;
  }
  const parent = info.ppid > 1 ? await procInfo(info.ppid) : undefined;
  if (info.ppid === process.pid) {
    throw new Error(
      `embedded-postgres: a server started by this process (pid ${pid}) is already running in ${dataDir}`,
    );
  }
  if (parent && /node|tsx|jest|bun|deno/i.test(parent.argv.join(' '))) {
    throw new Error(
      `embedded-postgres: ${dataDir} is in use by PostgreSQL pid ${pid}, started by live process ${info.ppid}`,
    );
  }
  log(`stopping orphaned PostgreSQL (pid ${pid}) left running in ${dataDir} by a crashed process`);
  await terminate(pid);
  if (existsSync(pidFile) && !isAlive(pid)) await fsp.rm(pidFile, { force: true });
}

export async function terminate(pid: number): Promise<void> {
  const waitGone = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (!isAlive(pid)) return true;
    return !isAlive(pid);
  };
  for (const [signal, ms] of [
    ['SIGINT', 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    if (await waitGone(ms)) return;
  }
}

/** The port the cluster's last server listened on (from `postmaster.opts`), if it is free now. */
export async function previousPort(dataDir: string): Promise<number | undefined> {
  let opts: string;
  try {
    opts = await fsp.readFile(path.join(dataDir, 'postmaster.opts'), 'utf8');
  } catch {
    return undefined;
  }
  const port = Number(/"-p" "(\d+)"/.exec(opts)?.[1]);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return (await portIsFree(port)) ? port : undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
