import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A real Bazaar process (npm start, node dist/main.js, a CLI) with its output collected. */
export interface Proc {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr matches; rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the whole process group, like a terminal's Ctrl-C. */
  signalGroup(signal: NodeJS.Signals): void;
}

/**
 * Starts `command` in its own process group (as a shell would for a foreground job), with
 * `env` on top of a clean environment: no DATABASE_URL or NODE_ENV leaks in from the test run.
 */
export function startProcess(command: string, args: string[], env: Record<string, string>): Proc {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) =>
        !/^(DATABASE_URL|TEST_DATABASE_URL|NODE_ENV|PORT|DATA_DIR|SEED_DEMO|LOG_LEVEL|JEST_.*)$/.test(k),
    ),
  );
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    listeners.forEach((l) => l());
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    listeners.forEach((l) => l());
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern) ?? err.match(pattern);
          if (m) {
            done();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`exited (${code ?? signal}) before ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        });
        check();
      });
    },
  };
}

/** `node dist/main.js` (or another entry of dist/): the command the Dockerfile runs. */
export const startDist = (entry: string, args: string[], env: Record<string, string>) =>
  startProcess(process.execPath, [path.join('dist', `${entry}.js`), ...args], env);

/** `npm start` / `npm run <script>`, as a person types it. */
export const startNpm = (args: string[], env: Record<string, string>) => startProcess('npm', args, env);

/** Compiles dist/ when the sources changed (what `npm start` does), so tests run current code. */
export function buildDist(): void {
  const r = spawnSync(process.execPath, ['scripts/build.cjs', '--if-stale'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** A scratch directory the `postgres` system user can traverse (the embedded server runs as it under root). */
export async function scratchDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}
