import { Client, type Pool } from 'pg';
import type { Db } from '../db/prisma';
import type { Logger } from '../logger';

/** The PostgreSQL channel on which every API process hears about revoked sessions. */
export const SESSION_REVOKED_CHANNEL = 'bazaar_session_revoked';

/** NOTIFY payloads are capped at 8000 bytes: send ids in chunks that stay well under it. */
const CHUNK = 500;

/**
 * Announces revoked sessions to every API process. Call it with the transaction that revokes them:
 * PostgreSQL delivers a NOTIFY only when its transaction commits, so a rolled-back revocation
 * closes no socket.
 */
export async function publishSessionsRevoked(db: Db, sessionIds: number[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += CHUNK) {
    const payload = JSON.stringify(sessionIds.slice(i, i + CHUNK));
    await db.$executeRaw`SELECT pg_notify(${SESSION_REVOKED_CHANNEL}, ${payload})`;
  }
}

/**
 * A dedicated connection (LISTEN holds it for the life of the process, so not from the pool) that
 * calls `onRevoked` with the ids of every revoked session, reconnecting after errors.
 */
export function listenForRevokedSessions(
  pool: Pool,
  log: Logger,
  onRevoked: (sessionIds: number[]) => void,
  /** LISTEN needs a session of its own, never a transaction pooler (DATABASE_DIRECT_URL). */
  listenUrl?: string,
): { ready: Promise<void>; stop(): Promise<void> } {
  let client: Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new Client({ ...pool.options, ...(listenUrl ? { connectionString: listenUrl } : {}) });
    c.on('notification', (msg) => {
      if (msg.channel !== SESSION_REVOKED_CHANNEL || !msg.payload) return;
      try {
        const ids = JSON.parse(msg.payload) as unknown;
        if (Array.isArray(ids)) onRevoked(ids.filter((x): x is number => Number.isInteger(x)));
      } catch (err) {
        log.warn({ err }, 'malformed session revocation notice');
      }
    });
    c.on('error', (err) => {
      log.warn({ err }, 'session revocation listener lost its connection; reconnecting');
      void c.end().catch(() => undefined);
      if (client === c) client = null;
      if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), 1000);
    });
    await c.connect();
    if (stopped) {
      await c.end();
      return;
    }
    await c.query(`LISTEN ${SESSION_REVOKED_CHANNEL}`);
    client = c;
  };

  const ready = connect().catch((err) => {
    log.error({ err }, 'could not start the session revocation listener');
    if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), 1000);
  });
  return {
    ready,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await ready;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}

/** Which open WebSockets were authenticated with which session, to close them when it is revoked. */
export class SessionSocketRegistry<S extends { close(code: number, reason: string): void }> {
  private readonly bySession = new Map<number, Set<S>>();

  add(sessionId: number, socket: S) {
    let set = this.bySession.get(sessionId);
    if (!set) this.bySession.set(sessionId, (set = new Set()));
    set.add(socket);
  }

  remove(sessionId: number, socket: S) {
    const set = this.bySession.get(sessionId);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.bySession.delete(sessionId);
  }

  /** Closes every socket of these sessions with 4401 (the graphql-ws code for "Unauthorized"). */
  closeSessions(sessionIds: number[]) {
    for (const id of sessionIds) {
      const set = this.bySession.get(id);
      if (!set) continue;
      this.bySession.delete(id);
      for (const socket of set) socket.close(4401, 'Session revoked');
    }
  }

  get size() {
    return this.bySession.size;
  }
}
