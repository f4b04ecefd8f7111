import { createHash, randomBytes } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/prisma';
import { keysetConnection, type PageArgs } from '../../graphql/connection';
import type { AppDeps, GraphQLContext, Viewer } from '../../server/context';
import { publishSessionsRevoked } from '../../server/session-events';

/** Sessions store only the SHA-256 of their token, so a leaked table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 256 random bits, base64url (43 characters): opaque, unguessable, URL- and header-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The viewer of a bearer token: a live session (not revoked, not expired) of an active customer;
 * null otherwise. One statement: the lookup, and, at most once a minute per session, the
 * last-seen/sliding-expiry update in a data-modifying CTE (writing on every request would turn
 * each read into a row update).
 */
export async function resolveViewerFromToken(
  deps: Pick<AppDeps, 'db' | 'config'>,
  token: string,
): Promise<Viewer | null> {
  const rows = await deps.db.prisma.$queryRaw<
    { id: number; customer_id: number; role: 'customer' | 'admin' }[]
  >`
    WITH live AS (
      SELECT s.id, s.customer_id, c.role::text AS role, s.last_seen_at
      FROM auth_sessions s JOIN customers c ON c.id = s.customer_id
      WHERE s.token_hash = ${hashToken(token)} AND s.revoked_at IS NULL AND s.expires_at > now()
        AND c.status = 'active' AND c.deleted_at IS NULL
    ), touched AS (
      UPDATE auth_sessions a
      SET last_seen_at = now(), expires_at = now() + make_interval(days => ${deps.config.SESSION_TTL_DAYS}::int)
      FROM live WHERE a.id = live.id AND live.last_seen_at < now() - interval '1 minute'
    )
    SELECT id, customer_id, role FROM live`;
  const row = rows[0];
  return row ? { customerId: row.customer_id, role: row.role, sessionId: row.id } : null;
}

export interface NewSession {
  token: string;
  sessionId: number;
  expiresAt: Date;
}

/** Opens a session for a customer; the raw token is returned once and never stored. */
export async function createSession(
  db: Db,
  ctx: Pick<GraphQLContext, 'config' | 'ip' | 'userAgent' | 'transport'>,
  customerId: number,
): Promise<NewSession> {
  const token = newToken();
  const channel = ctx.transport === 'websocket' ? 'websocket' : 'web';
  const [row] = await db.$queryRaw<[{ id: number; expires_at: Date }]>`
    INSERT INTO auth_sessions (customer_id, token_hash, channel, user_agent, ip, expires_at)
    VALUES (${customerId}, ${hashToken(token)}, ${channel}::client_channel, ${ctx.userAgent?.slice(0, 500) ?? null},
            ${ctx.ip}::inet, now() + make_interval(days => ${ctx.config.SESSION_TTL_DAYS}::int))
    RETURNING id, expires_at`;
  return { token, sessionId: row.id, expiresAt: row.expires_at };
}

export type RevokeScope =
  { sessionId: number; customerId?: number } | { customerId: number; exceptSessionId?: number | null };

/**
 * Revokes live sessions and tells every API process (NOTIFY, delivered at commit) so WebSockets
 * opened with them close. Pass the transaction that makes the change that motivates it.
 */
export async function revokeSessions(db: Db, scope: RevokeScope, reason: string): Promise<number[]> {
  const where =
    'sessionId' in scope
      ? Prisma.sql`id = ${scope.sessionId}${scope.customerId == null ? Prisma.empty : Prisma.sql` AND customer_id = ${scope.customerId}`}`
      : Prisma.sql`customer_id = ${scope.customerId}${scope.exceptSessionId == null ? Prisma.empty : Prisma.sql` AND id <> ${scope.exceptSessionId}`}`;
  const rows = await db.$queryRaw<{ id: number }[]>`
    UPDATE auth_sessions SET revoked_at = now(), revoked_reason = ${reason}
    WHERE ${where} AND revoked_at IS NULL AND expires_at > now()
    RETURNING id`;
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) await publishSessionsRevoked(db, ids);
  return ids;
}

export interface SessionRecord {
  id: number;
  customerId: number;
  channel: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

const SESSION_COLUMNS = Prisma.sql`id, customer_id AS "customerId", channel::text AS channel, user_agent AS "userAgent",
  host(ip) AS ip, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt"`;

/** A live session by id (for ownership checks and node(id:)); null when gone, revoked or expired. */
export async function getLiveSession(db: Db, id: number): Promise<SessionRecord | null> {
  const rows = await db.$queryRaw<SessionRecord[]>`
    SELECT ${SESSION_COLUMNS} FROM auth_sessions
    WHERE id = ${id} AND revoked_at IS NULL AND expires_at > now()`;
  return rows[0] ?? null;
}

/** The live sessions of one customer, newest first, as a keyset connection. */
export async function listLiveSessions(ctx: GraphQLContext, customerId: number, args: PageArgs) {
  const live = Prisma.sql`customer_id = ${customerId} AND revoked_at IS NULL AND expires_at > now()`;
  return keysetConnection<SessionRecord>({
    args,
    keys: [{ expr: Prisma.sql`id`, direction: 'DESC', cast: 'int' }],
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: (q) => ctx.prisma.$queryRaw<SessionRecord[]>`
      SELECT ${SESSION_COLUMNS}, ${q.keyColumns} FROM auth_sessions WHERE ${live} ${q.after}
      ORDER BY ${q.orderBy} LIMIT ${q.limit}`,
    totalCount: async () => {
      const [{ n }] = await ctx.prisma.$queryRaw<[{ n: number }]>`
        SELECT count(*)::int AS n FROM auth_sessions WHERE ${live}`;
      return n;
    },
  });
}
