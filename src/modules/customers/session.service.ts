import { createHash } from 'node:crypto';
import type { AppDeps, Viewer } from '../../server/context';

/** Sessions store only the SHA-256 of their token, so a leaked table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The viewer of a bearer token: a live session (not revoked, not expired) of an active customer;
 * null otherwise.
 */
export async function resolveViewerFromToken(
  deps: Pick<AppDeps, 'db'>,
  token: string,
): Promise<Viewer | null> {
  const rows = await deps.db.prisma.$queryRaw<
    { id: number; customer_id: number; role: 'customer' | 'admin' }[]
  >`
    SELECT s.id, s.customer_id, c.role::text AS role
    FROM auth_sessions s JOIN customers c ON c.id = s.customer_id
    WHERE s.token_hash = ${hashToken(token)} AND s.revoked_at IS NULL AND s.expires_at > now()
      AND c.status = 'active' AND c.deleted_at IS NULL`;
  const row = rows[0];
  return row ? { customerId: row.customer_id, role: row.role, sessionId: row.id } : null;
}
