import type { JobResult, JobWithMetadata } from 'pg-boss';
import { QUEUES, type QueuePayloads } from '../../jobs/queues';
import type { AppDeps } from '../../server/context';
import { deliverNotification } from './delivery.service';
import { createMailTransport } from './mail-transport';
import { enqueueDelivery } from './notify';

type Payload = QueuePayloads['notification.send'];

/**
 * Attaches the `notification.send` worker: a few mails at once (each waits on the mail server, not
 * on the CPU), with the job's retry count so the last attempt can mark the row failed.
 * The transport is the one MAIL_TRANSPORT names.
 */
export async function startNotificationWorker(deps: AppDeps): Promise<void> {
  const mail = createMailTransport(deps.config, deps.log);
  if (mail.name === 'log' && deps.config.NODE_ENV === 'production')
    deps.log.warn('MAIL_TRANSPORT is log: mail is written to the log, not sent (set SMTP_URL)');
  await deps.jobs.boss.work(
    'notification.send',
    {
      batchSize: 5,
      localConcurrency: 1,
      includeMetadata: true,
      perJobResults: true,
      pollingIntervalSeconds: 1,
    },
    (jobs: JobWithMetadata<Payload>[]) =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            const outcome = await deliverNotification(deps, mail, job.data.notificationId, {
              lastAttempt: job.retryCount >= job.retryLimit,
            });
            return { id: job.id, status: 'completed', output: { outcome } };
          } catch (err) {
            return { id: job.id, status: 'failed', output: { message: (err as Error).message } };
          }
        }),
      ),
  );
}

/**
 * `notifications.sweep`: queues the delivery of pending email rows older than `olderThanMinutes`
 * (default 10) that still have attempts left — rows written by older code, or whose job was lost.
 * The queue's exclusive policy drops the ones whose job is still queued or retrying.
 */
export async function sweepNotifications(deps: AppDeps, data: QueuePayloads['notifications.sweep']) {
  const rows = await deps.db.prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM notifications
    WHERE status = 'pending' AND channel = 'email'
      AND attempts <= ${QUEUES['notification.send'].retryLimit ?? 0}
      AND created_at < now() - make_interval(mins => ${data.olderThanMinutes ?? 10}::int)
    ORDER BY created_at LIMIT 1000`;
  let queued = 0;
  for (const { id } of rows) if (await enqueueDelivery(deps.db.prisma, deps.jobs, id)) queued++;
  if (queued > 0) deps.log.info({ queued }, 'pending notifications re-queued');
  return { queued };
}
