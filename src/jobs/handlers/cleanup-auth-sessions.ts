import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/**
 * Deletes sessions that expired, or were revoked, more than `olderThanDays` ago (default 7):
 * kept a while so "signed out because…" questions can still be answered.
 */
export async function cleanupAuthSessions(deps: AppDeps, data: QueuePayloads['auth.sessions.cleanup']) {
  const days = data.olderThanDays ?? 7;
  const deleted = await deps.db.prisma.$executeRaw`
    DELETE FROM auth_sessions
    WHERE expires_at < now() - make_interval(days => ${days}::int)
       OR revoked_at < now() - make_interval(days => ${days}::int)`;
  deps.log.info({ deleted }, 'expired auth sessions deleted');
  return { deleted };
}
