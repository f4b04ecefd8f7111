import type { Db, PrismaTx } from '../../db/prisma';
import type { NotificationKind } from '../../generated/prisma/client';
import type { JobQueue } from '../../jobs/job-queue';

/** What a producer asks to tell a customer. */
export interface NotificationRequest {
  customerId: number;
  kind: NotificationKind;
  /** `email` is delivered by the notification.send job; `in_app` is delivered by being stored. */
  channel: 'email' | 'in_app';
  /** Template data: ids and small values, never a secret (see the notifications.payload comment). */
  payload: Record<string, unknown>;
}

const inTransaction = (db: Db): PrismaTx | undefined => ('$transaction' in db ? undefined : db);

/**
 * THE way to notify a customer: writes the `notifications` row and, for mail, enqueues its
 * `notification.send` job in the caller's transaction — both exist only if it commits, and the
 * job is keyed by the row so it is never queued twice. Returns the row's id.
 * @example await queueNotification(tx, ctx.jobs, { customerId, kind: 'order_update', channel: 'email', payload: { event: 'order_placed', orderId } });
 */
export async function queueNotification(db: Db, jobs: JobQueue, n: NotificationRequest): Promise<number> {
  const [row] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO notifications (customer_id, kind, channel, payload, status, sent_at)
    VALUES (${n.customerId}, ${n.kind}::notification_kind, ${n.channel}::notification_channel,
      ${JSON.stringify(n.payload)}::jsonb,
      CASE WHEN ${n.channel} = 'in_app' THEN 'sent' ELSE 'pending' END::notification_status,
      CASE WHEN ${n.channel} = 'in_app' THEN now() END)
    RETURNING id`;
  const id = row!.id;
  if (n.channel === 'email') await enqueueDelivery(db, jobs, id);
  return id;
}

/** Enqueues the delivery of an existing row (keyed by its id: a second one while queued is dropped). */
export function enqueueDelivery(db: Db, jobs: JobQueue, notificationId: number) {
  return jobs.send(
    'notification.send',
    { notificationId },
    { tx: inTransaction(db), singletonKey: String(notificationId) },
  );
}
