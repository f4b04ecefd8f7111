// Running as root: PostgreSQL runs as the `postgres` system user instead.

import fsp from 'node:fs/promises';
import path from 'node:path';
import { USER, execFileP } from './shared';

export interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (creating it if needed). */
export async function resolveRunAs(log: (msg: string) => void): Promise<RunAs | undefined> {
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

export async function lookupUser(name: string): Promise<RunAs | undefined> {
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
export async function ensureTraversable(
  target: string,
  who: RunAs,
  log: (msg: string) => void,
): Promise<void> {
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

export async function chownTree(dir: string, who: RunAs): Promise<void> {
  await fsp.lchown(dir, who.uid, who.gid);
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(p, who);
    else await fsp.lchown(p, who.uid, who.gid);
  }
}
