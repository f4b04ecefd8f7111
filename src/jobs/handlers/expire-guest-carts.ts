import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/**
 * Marks guest carts past their expiry `abandoned` (analysts see them in cart_abandonment; their
 * ids stop working). At most `limit` per run so a backlog never becomes one huge statement.
 */
export async function expireGuestCarts(deps: AppDeps, data: QueuePayloads['carts.guest.expire']) {
  const expired = await deps.db.prisma.$executeRaw`
    UPDATE carts SET status = 'abandoned', updated_at = now()
    WHERE id IN (SELECT id FROM carts
                 WHERE status = 'active' AND customer_id IS NULL AND expires_at < now()
                 ORDER BY expires_at LIMIT ${data.limit ?? 10_000}::int
                 FOR UPDATE SKIP LOCKED)`;
  if (expired > 0) deps.log.info({ expired }, 'expired guest carts abandoned');
  return { expired };
}
