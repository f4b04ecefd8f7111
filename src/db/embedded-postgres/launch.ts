// Server process: starting `postgres`, waiting until it accepts connections, stopping it; creating the database.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import type { RunAs } from './run-as';
import { PASSWORD, USER } from './shared';

const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;

export class StartError extends Error {
  constructor(
    message: string,
    readonly reason: 'port-in-use' | 'busy' | 'other',
  ) {
    super(message);
  }
}

export interface Server {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' };
}

export function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
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

export async function freePort(): Promise<number> {
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

export async function launch(
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
    // Its own process group: a Ctrl-C in the terminal reaches Node, which stops the server itself
    // after the app has closed its connections, instead of killing it under a running app.
    detached: true,
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
  return { port, pid: child.pid!, stop };
}

export async function ensureDatabase(port: number, database: string): Promise<void> {
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
