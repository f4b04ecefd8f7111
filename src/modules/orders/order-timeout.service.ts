import type { PrismaClient } from '../../db/prisma';
import type { JobQueue } from '../../jobs/job-queue';
import { applyTransition, lockOrder } from './order-transitions';

/**
 * Cancels manual-payment orders whose reservation expired unpaid (at most `limit` per run), each in
 * its own transaction: the order row is re-read under lock, so an admin marking it paid at the same
 * moment wins or loses cleanly; SKIP LOCKED lets several workers share the work. The held units
 * go back to available stock, the payment is given up, subscribers hear of it.
 * Returns the ids of the orders cancelled.
 */
export async function cancelUnpaidOrders(
  prisma: PrismaClient,
  jobs: JobQueue,
  limit = 100,
): Promise<number[]> {
  const due = await prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM orders
    WHERE reservation_expires_at < now() AND status = 'pending' AND payment_status = 'pending'
    ORDER BY reservation_expires_at LIMIT ${limit}::int`;
  const cancelled: number[] = [];
  for (const { id } of due) {
    const done = await prisma.$transaction(async (tx) => {
      const [still] = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM orders
        WHERE id = ${id} AND reservation_expires_at < now() AND status = 'pending' AND payment_status = 'pending'
        FOR UPDATE SKIP LOCKED`;
      if (!still) return false;
      const order = (await lockOrder(tx, id))!;
      await applyTransition(tx, order, 'cancelled', {
        note: 'Cancelled: payment not received in time',
        actorId: null,
        jobs,
      });
      return true;
    });
    if (done) cancelled.push(id);
  }
  return cancelled;
}
