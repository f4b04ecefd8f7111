import { ConfigError } from '../config';

/**
 * A start-up failure whose message is the whole story: one plain sentence saying what is wrong
 * and how to fix it, printed without a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The URL's host, port, user and database, for messages (never its password). */
function target(url: string | undefined) {
  try {
    const u = new URL(url ?? '');
    return {
      where: `${u.hostname || 'localhost'}:${u.port || '5432'}`,
      host: u.hostname || 'localhost',
      port: u.port || '5432',
      user: decodeURIComponent(u.username) || 'postgres',
      database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    };
  } catch {
    return undefined;
  }
}

const NETWORK = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * The one sentence (with the fix) for a failure a person can fix: configuration, an unreachable or
 * missing database, bad credentials, a data directory that is not writable. Undefined for
 * anything else (a bug: the caller logs it with its stack).
 *
 * @param databaseUrl the database being used, to say which one (never printed with its password)
 */
export function explainStartupError(err: unknown, databaseUrl?: string): string | undefined {
  if (err instanceof StartupError) return err.message;
  if (err instanceof ConfigError) return err.message;
  const e = err as { code?: string; message?: string; path?: string; syscall?: string };
  const t = target(databaseUrl);
  const fixUrl = 'fix DATABASE_URL (or unset it to use the embedded PostgreSQL)';
  if (e.code && NETWORK.has(e.code) && t) {
    return `Cannot reach PostgreSQL at ${t.where} (${e.code}): start it, or ${fixUrl}.`;
  }
  if (e.code === '3D000' && t) {
    return (
      `Database "${t.database}" does not exist on ${t.where}: create it ` +
      `(createdb -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}), or ${fixUrl}.`
    );
  }
  if ((e.code === '28P01' || e.code === '28000') && t) {
    return `PostgreSQL at ${t.where} refused user "${t.user}" (${e.message}): ${fixUrl}.`;
  }
  if (e.code === '57P03' && t) {
    return `PostgreSQL at ${t.where} is starting up or shutting down: wait a moment and start again.`;
  }
  if ((e.code === 'EACCES' || e.code === 'EROFS') && e.path && e.syscall !== 'listen') {
    return (
      `Cannot write ${e.path} (${e.code}): make it writable for this user, set DATA_DIR to a writable ` +
      `directory, or set DATABASE_URL.`
    );
  }
  return undefined;
}
