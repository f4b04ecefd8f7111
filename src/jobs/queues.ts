import type { Queue } from 'pg-boss';

/** Payload of every retention queue: `dryRun` overrides RETENTION_DRY_RUN for one run. */
export interface RetentionPayload {
  dryRun?: boolean;
}

/**
 * Every queue, its payload type and its options, declared in one place so a producer and its
 * worker cannot disagree about the payload. Add a queue here, then its handler in `workers.ts`.
 */
export interface QueuePayloads {
  /** Retention: auth sessions and reset tokens SESSION_RETENTION_DAYS after they stopped working. */
  'auth.sessions.cleanup': RetentionPayload;
  /** Ends chat sessions idle for CHAT_SESSION_IDLE_MINUTES (abandoned or ended). */
  'chat.sessions.expire': Record<string, never>;
  /** Records a storefront search in search_logs off the request path. */
  'search.log': {
    query: string;
    normalizedQuery: string;
    filters: Record<string, unknown>;
    sort: string;
    resultCount: number;
    latencyMs: number;
    customerId: number | null;
    correctedQuery: string | null;
  };
  /** Retention: guest carts past their expiry abandoned, abandoned ones removed (counted first) later. */
  'carts.guest.expire': RetentionPayload;
  /** Retention: message text, LLM prompts and replies purged after MESSAGE_TEXT_RETENTION_DAYS. */
  'retention.messages': RetentionPayload;
  /** Retention: admin audit log entries deleted after AUDIT_LOG_RETENTION_DAYS. */
  'retention.audit_log': RetentionPayload;
  /** Retention: orders anonymized after ORDER_ANONYMIZE_AFTER_DAYS. */
  'retention.orders': RetentionPayload;
  /** Retention: login attempts deleted after LOGIN_ATTEMPT_RETENTION_DAYS. */
  'retention.login_attempts': RetentionPayload;
  /** Retention: sent and failed notifications deleted after NOTIFICATION_RETENTION_DAYS. */
  'retention.notifications': RetentionPayload;
  /** Rolls LLM usage into llm_usage_stats: one hour (ISO time inside it), or the current and previous hour. */
  'llm.usage.rollup': { hour?: string };
  /** Writes the confirmation notification of an order just placed (enqueued in the checkout transaction). */
  'order.confirmation': { orderId: number };
  /** Cancels unpaid manual orders whose reservation expired and releases their units (at most `limit` per run). */
  'orders.unpaid.cancel': { limit?: number };
  /**
   * Issues a password reset link if the email has an active account (enqueued for every request,
   * known email or not, so the request's answer and timing say nothing about the account).
   */
  'customer.password_reset': { email: string; ip: string | null };
  /** Refreshes the materialized views of schema analytics (all, or the ones named), concurrently. */
  'analytics.refresh': { views?: string[] };
  /** Creates the monthly partitions of analytics_events and search_logs ahead and drops expired ones. */
  'partitions.maintain': { dryRun?: boolean };
  /** Produces the assistant's reply to a shopper's message (an llm_requests row written by messageSend). */
  'assistant.reply': { requestId: string; replyMessageId: number };
  /** Delivers one notifications row (mail); enqueued with the row, keyed by its id. */
  'notification.send': { notificationId: number };
  /** Re-queues pending email notifications that have no job (written before a crash or by older code). */
  'notifications.sweep': { olderThanMinutes?: number };
  /**
   * Evaluates the alert-enabled wishlist items of these products after a catalog change and raises
   * their alerts. Without `productIds` (the schedule, every 15 minutes): the products whose sale
   * started or ended within the last SALE_WINDOW_LOOKBACK_MINUTES (sale windows open and close by
   * themselves); `all: true` evaluates every item.
   */
  'wishlist.alerts.evaluate': { productIds?: number[]; all?: boolean };
  /** Recomputes customer product/category affinities for customers with new signals (affinities.service.ts). */
  'analytics.affinities.refresh': Record<string, never>;
}

export type QueueName = keyof QueuePayloads;

export const QUEUES: { [K in QueueName]: Omit<Queue, 'name'> & { cron?: string } } = {
  'auth.sessions.cleanup': { retryLimit: 2, expireInSeconds: 900, cron: '*/15 * * * *' },
  'chat.sessions.expire': {
    retryLimit: 1,
    expireInSeconds: 120,
    deleteAfterSeconds: 3600,
    cron: '* * * * *',
  },
  'search.log': { retryLimit: 3, retryDelay: 5, deleteAfterSeconds: 3600 },
  'carts.guest.expire': { retryLimit: 2, expireInSeconds: 1800, cron: '7 * * * *' },
  // Daily, at night (UTC), one after the other: each works in batches and is idempotent.
  'retention.messages': { retryLimit: 2, expireInSeconds: 3600, cron: '10 2 * * *' },
  'retention.audit_log': { retryLimit: 2, expireInSeconds: 3600, cron: '20 2 * * *' },
  'retention.orders': { retryLimit: 2, expireInSeconds: 3600, cron: '30 2 * * *' },
  'retention.login_attempts': { retryLimit: 2, expireInSeconds: 3600, cron: '40 2 * * *' },
  'retention.notifications': { retryLimit: 2, expireInSeconds: 3600, cron: '50 2 * * *' },
  'llm.usage.rollup': { retryLimit: 2, expireInSeconds: 300, cron: '*/5 * * * *' },
  'order.confirmation': { retryLimit: 5, retryDelay: 10, retryBackoff: true },
  'orders.unpaid.cancel': { retryLimit: 1, expireInSeconds: 120, cron: '* * * * *' },
  // NOTIFY wakes a worker at once: the shopper is waiting for the mail. The payload holds an email
  // address, so the row does not linger.
  'customer.password_reset': {
    retryLimit: 3,
    retryDelay: 5,
    expireInSeconds: 60,
    deleteAfterSeconds: 600,
    notify: true,
  },
  'partitions.maintain': { retryLimit: 2, expireInSeconds: 3600, cron: '23 1 * * *' },
  'analytics.refresh': {
    retryLimit: 1,
    expireInSeconds: 1800,
    deleteAfterSeconds: 86_400,
    cron: '*/15 * * * *',
  },
  // Three attempts in all. The assistant's own dispatcher works this queue, woken by the event
  // messageSend sends with the llm_requests row (turn/dispatcher.ts), so no pg-boss NOTIFY.
  'assistant.reply': {
    retryLimit: 2,
    retryDelay: 1,
    retryBackoff: false,
    expireInSeconds: 120,
    deleteAfterSeconds: 86_400,
    notify: false,
  },
  // Exclusive: one job per notification (singletonKey = its id) while queued, retrying or running,
  // so the sweep can never send a mail twice. Six attempts over about 30 minutes.
  'notification.send': {
    policy: 'exclusive',
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 900,
    expireInSeconds: 120,
    deleteAfterSeconds: 7 * 86_400,
  },
  'notifications.sweep': { retryLimit: 1, expireInSeconds: 120, cron: '*/10 * * * *' },
  'wishlist.alerts.evaluate': {
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 600,
    deleteAfterSeconds: 86_400,
    cron: '*/15 * * * *',
  },
  'analytics.affinities.refresh': { retryLimit: 2, expireInSeconds: 600, cron: '*/30 * * * *' },
};
