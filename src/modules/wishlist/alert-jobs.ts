import type { Db } from '../../db/prisma';
import type { JobQueue } from '../../jobs/job-queue';

/**
 * Queues `wishlist.alerts.evaluate` for the products a catalog change touched (every alert-enabled
 * item when `productIds` is omitted, e.g. after an import), in the caller's transaction: the
 * evaluation runs only if the change commits, and sees it.
 * @example await enqueueAlertEvaluation(tx, ctx.jobs, [productId]);
 */
export async function enqueueAlertEvaluation(db: Db, jobs: JobQueue, productIds?: number[]): Promise<void> {
  const tx = '$transaction' in db ? undefined : db;
  await jobs.send(
    'wishlist.alerts.evaluate',
    productIds ? { productIds: [...new Set(productIds)] } : { all: true },
    { tx },
  );
}
