import type { Db } from '../../db/prisma';
import { rateLimited } from '../../graphql/errors';
import type { GraphQLContext } from '../../server/context';
import { IP_MAX_FAILURES, IP_WINDOW_MINUTES, lockSchedule, lockSecondsAfter } from './backoff';

const SCHEDULE = `{${lockSchedule().join(',')}}`;
const SCHEDULE_LEN = lockSchedule().length;

/**
 * Refuses (RATE_LIMITED with retryAt) a sign-in attempt while the account is locked, or while the
 * client's IP address has failed too often recently. Unknown emails get the same schedule, counted
 * from login_attempts, so a lock-out does not reveal that an account exists.
 */
export async function assertNotThrottled(
  ctx: Pick<GraphQLContext, 'prisma' | 'ip'>,
  email: string,
  account: { lockedUntil: Date | null } | null,
): Promise<void> {
  const [row] = await ctx.prisma.$queryRaw<
    [{ ip_failures: number; ip_oldest: Date | null; email_failures: number; email_last: Date | null }]
  >`
    SELECT ip.n AS ip_failures, ip.oldest AS ip_oldest, em.n AS email_failures, em.last AS email_last
    FROM (SELECT count(*)::int AS n, min(created_at) AS oldest FROM login_attempts
          WHERE ${ctx.ip}::inet IS NOT NULL AND ip = ${ctx.ip}::inet AND NOT succeeded
            AND created_at > now() - make_interval(mins => ${IP_WINDOW_MINUTES}::int)) ip,
         (SELECT count(*)::int AS n, max(created_at) AS last FROM login_attempts
          WHERE ${account === null} AND email = ${email}::citext AND NOT succeeded
            AND created_at > now() - interval '1 hour') em`;
  const now = Date.now();
  if (row.ip_failures >= IP_MAX_FAILURES && row.ip_oldest) {
    throw rateLimited(new Date(row.ip_oldest.getTime() + IP_WINDOW_MINUTES * 60_000));
  }
  const lockedUntil = account
    ? account.lockedUntil
    : row.email_last && new Date(row.email_last.getTime() + lockSecondsAfter(row.email_failures) * 1000);
  if (lockedUntil && lockedUntil.getTime() > now) throw rateLimited(lockedUntil);
}

/**
 * Records a failed attempt and, for an existing account, counts it and applies the next lock
 * of the back-off schedule, atomically in one statement (concurrent failures each count).
 */
export async function recordLoginFailure(
  db: Db,
  ctx: Pick<GraphQLContext, 'ip'>,
  email: string,
  customerId: number | null,
  reason: string,
): Promise<void> {
  await db.$executeRaw`
    WITH attempt AS (
      INSERT INTO login_attempts (email, ip, succeeded, failure_reason)
      VALUES (${email}, ${ctx.ip}::inet, false, ${reason})
    )
    UPDATE customers SET
      failed_login_count = failed_login_count + 1,
      locked_until = CASE
        WHEN (${SCHEDULE}::int[])[least(failed_login_count + 1, ${SCHEDULE_LEN}::int)] > 0
        THEN now() + make_interval(secs => (${SCHEDULE}::int[])[least(failed_login_count + 1, ${SCHEDULE_LEN}::int)])
        ELSE locked_until END
    WHERE id = ${customerId}::int`;
}
