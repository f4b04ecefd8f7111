import type { Job } from 'pg-boss';
import type { AppDeps } from '../server/context';
import { oneByOne, type BatchHandler, type QueuedJob } from './batch';
import { retentionHandler } from './handlers/retention';
import { expireChatSessions } from './handlers/expire-chat-sessions';
import { rollupLlmUsage } from './handlers/rollup-llm-usage';
import { cancelExpiredOrders, confirmOrder } from './handlers/order-jobs';
import { startAssistantWorker } from '../modules/assistant/turn/turn.worker';
import { writeSearchLogs } from './handlers/write-search-log';
import { issuePasswordReset } from '../modules/customers/reset.service';
import { runPartitionMaintenance } from './handlers/maintain-partitions';
import { startNotificationWorker, sweepNotifications } from '../modules/notifications/notification.worker';
import { evaluateAlerts } from './handlers/evaluate-wishlist-alerts';
import { refreshCustomerAffinities } from './handlers/refresh-affinities';
import { runAnalyticsRefresh } from './handlers/refresh-analytics';
import type { QueueName, QueuePayloads } from './queues';

type Handler<Q extends QueueName> = (deps: AppDeps, data: QueuePayloads[Q]) => Promise<unknown>;

/**
 * Queues written at request rate: their handler takes a whole batch (one multi-row statement),
 * and the worker fetches again at once while batches come back full, so the queue drains faster
 * than traffic fills it.
 */
const BATCH_HANDLERS = {
  'search.log': { handle: writeSearchLogs, batchSize: 500 },
} satisfies { [Q in QueueName]?: { handle: BatchHandler<Q>; batchSize: number } };

/** Queues with a worker of their own (concurrency, retry metadata): started by their module. */
type OwnWorkers = 'assistant.reply' | 'notification.send';

/** Every other queue: one job at a time. */
const HANDLERS: { [Q in Exclude<QueueName, keyof typeof BATCH_HANDLERS | OwnWorkers>]: Handler<Q> } = {
  'auth.sessions.cleanup': retentionHandler('auth.sessions.cleanup'),
  'carts.guest.expire': retentionHandler('carts.guest.expire'),
  'retention.messages': retentionHandler('retention.messages'),
  'retention.audit_log': retentionHandler('retention.audit_log'),
  'retention.orders': retentionHandler('retention.orders'),
  'retention.login_attempts': retentionHandler('retention.login_attempts'),
  'retention.notifications': retentionHandler('retention.notifications'),
  'chat.sessions.expire': expireChatSessions,
  'customer.password_reset': issuePasswordReset,
  'llm.usage.rollup': rollupLlmUsage,
  'order.confirmation': confirmOrder,
  'orders.unpaid.cancel': cancelExpiredOrders,
  'partitions.maintain': runPartitionMaintenance,
  'notifications.sweep': sweepNotifications,
  'wishlist.alerts.evaluate': evaluateAlerts,
  'analytics.refresh': runAnalyticsRefresh,
  'analytics.affinities.refresh': refreshCustomerAffinities,
};

/** Attaches a worker to every queue; each job of a batch completes or fails (and retries) on its own. */
export async function startWorkers(deps: AppDeps): Promise<void> {
  const workers = [
    ...Object.entries(BATCH_HANDLERS).map(([name, w]) => ({
      name,
      handle: w.handle as BatchHandler<never> as BatchHandler<QueueName>,
      batchSize: w.batchSize,
    })),
    ...Object.entries(HANDLERS).map(([name, h]) => ({
      name,
      handle: oneByOne(h as Handler<QueueName>),
      batchSize: 20,
    })),
  ];
  for (const { name, handle, batchSize } of workers) {
    await deps.jobs.boss.work(
      name,
      { batchSize, pollingIntervalSeconds: 1, burstWhenBatchFull: true, perJobResults: true },
      (jobs: Job<object>[]) => handle(deps, jobs as QueuedJob<QueueName>[]),
    );
  }
  await startAssistantWorker(deps);
  await startNotificationWorker(deps);
  deps.log.info(
    { queues: [...workers.map((w) => w.name), 'assistant.reply', 'notification.send'] },
    'job workers started',
  );
}
