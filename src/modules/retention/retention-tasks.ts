import type { Config } from '../../config';

/**
 * One kind of row that ages out, and what happens to it. Every task selects its rows by a cutoff
 * (now minus a configured period) and changes them so they are never selected again: running a
 * task twice changes nothing the second time (idempotent), and a dry run counts exactly the rows a
 * real run would change.
 */
export interface RetentionTask {
  /** Key in logs and job output, e.g. `auth_sessions`. */
  name: string;
  /** What happens to a selected row. */
  action: 'deleted' | 'purged' | 'anonymized' | 'abandoned' | 'removed';
  /** The table rows are selected from, and its key. */
  table: string;
  key: string;
  /** Condition of the rows due; `$1` is the cutoff (timestamptz). */
  where: string;
  /** Days before now that `$1` is; 0 = now. */
  periodDays(config: Config): number;
  /**
   * The change, as the body of a statement whose CTE `due` holds the keys of one batch; it must
   * return one row per changed row of `table` from a CTE named `done` (e.g. `done AS (DELETE … RETURNING 1)`).
   */
  apply: string;
}

/**
 * Every retention task, grouped by the job (pg-boss queue) that runs them. Periods come from
 * src/config.ts (README: Configuration). Each `where` is served by an index on its cutoff column.
 */
export const RETENTION_JOBS = {
  /** Every 15 minutes. Sessions and reset tokens a day after they stopped working. */
  'auth.sessions.cleanup': [
    {
      name: 'auth_sessions',
      action: 'deleted',
      table: 'auth_sessions',
      key: 'id',
      where: 'expires_at < $1 OR revoked_at < $1',
      periodDays: (c) => c.SESSION_RETENTION_DAYS,
      apply: 'done AS (DELETE FROM auth_sessions WHERE id IN (SELECT id FROM due) RETURNING 1)',
    },
    {
      name: 'password_reset_tokens',
      action: 'deleted',
      table: 'password_reset_tokens',
      key: 'id',
      where: 'expires_at < $1 OR used_at < $1',
      periodDays: (c) => c.SESSION_RETENTION_DAYS,
      apply: 'done AS (DELETE FROM password_reset_tokens WHERE id IN (SELECT id FROM due) RETURNING 1)',
    },
  ],
  /** Hourly. Guest carts a week untouched become abandoned; abandoned ones go later, counted first. */
  'carts.guest.expire': [
    {
      name: 'guest_carts',
      action: 'abandoned',
      table: 'carts',
      key: 'id',
      // expires_at is the last change + GUEST_CART_TTL_DAYS (every change slides it).
      where: "status = 'active' AND customer_id IS NULL AND expires_at < $1",
      periodDays: () => 0,
      apply: `done AS (UPDATE carts SET status = 'abandoned', updated_at = now()
                       WHERE id IN (SELECT id FROM due) RETURNING 1)`,
    },
    {
      name: 'abandoned_guest_carts',
      action: 'removed',
      table: 'carts',
      key: 'id',
      where: "status = 'abandoned' AND customer_id IS NULL AND updated_at < $1",
      periodDays: (c) => c.ABANDONED_CART_RETENTION_DAYS,
      // Carts with lines are counted into the archive in the same statement that deletes them,
      // so analytics.cart_abandonment keeps every day's totals (lines go with the cart: cascade).
      apply: `lined AS (
                SELECT c.id, date_trunc('day', c.created_at)::date AS day, c.currency,
                       sum(ci.quantity * ci.unit_price) AS value
                FROM carts c JOIN cart_items ci ON ci.cart_id = c.id
                WHERE c.id IN (SELECT id FROM due) GROUP BY c.id),
              archived AS (
                INSERT INTO cart_abandonment_archive AS a (day, currency, carts, abandoned_value)
                SELECT day, currency, count(*), sum(value) FROM lined GROUP BY day, currency
                ON CONFLICT (day, currency) DO UPDATE SET carts = a.carts + EXCLUDED.carts,
                  abandoned_value = a.abandoned_value + EXCLUDED.abandoned_value, updated_at = now()
                RETURNING 1),
              done AS (DELETE FROM carts WHERE id IN (SELECT id FROM due) RETURNING 1)`,
    },
  ],
  /** Daily. Text goes, rows stay: every foreign key, token count, cost and attribution holds. */
  'retention.messages': [
    {
      name: 'message_text',
      action: 'purged',
      table: 'messages',
      key: 'id',
      where: 'content_purged_at IS NULL AND created_at < $1',
      periodDays: (c) => c.MESSAGE_TEXT_RETENTION_DAYS,
      apply: `done AS (UPDATE messages SET content = '', content_purged_at = now()
                       WHERE id IN (SELECT id FROM due) RETURNING 1)`,
    },
    {
      name: 'llm_request_text',
      action: 'purged',
      table: 'llm_requests',
      key: 'id',
      where: 'text_purged_at IS NULL AND queued_at < $1',
      periodDays: (c) => c.MESSAGE_TEXT_RETENTION_DAYS,
      // The prompt, the reply and the tool calls' arguments and summaries quote the shopper.
      apply: `done AS (UPDATE llm_requests SET prompt = '', system_prompt = NULL, text_purged_at = now()
                       WHERE id IN (SELECT id FROM due) RETURNING id),
              replies AS (UPDATE llm_responses SET content = '' WHERE request_id IN (SELECT id FROM done) RETURNING 1),
              tools AS (UPDATE chat_activities SET arguments = '{}', result_summary = NULL
                        WHERE llm_request_id IN (SELECT id FROM done) RETURNING 1)`,
    },
  ],
  /** Daily. */
  'retention.audit_log': [
    {
      name: 'admin_audit_log',
      action: 'deleted',
      table: 'admin_audit_log',
      key: 'id',
      where: 'created_at < $1',
      periodDays: (c) => c.AUDIT_LOG_RETENTION_DAYS,
      apply: 'done AS (DELETE FROM admin_audit_log WHERE id IN (SELECT id FROM due) RETURNING 1)',
    },
  ],
  /** Daily. Orders are history (totals, analytics): anonymized, never deleted. */
  'retention.orders': [
    {
      name: 'orders',
      action: 'anonymized',
      table: 'orders',
      key: 'id',
      where: 'anonymized_at IS NULL AND created_at < $1',
      periodDays: (c) => c.ORDER_ANONYMIZE_AFTER_DAYS,
      // The address snapshots keep their country (tax and shipping analysis); names, streets,
      // phone numbers, the customer's notes and their retry key go. Money, lines, status stay.
      apply: `done AS (UPDATE orders SET
                shipping_address = jsonb_strip_nulls(jsonb_build_object('country', shipping_address -> 'country')),
                billing_address = CASE WHEN billing_address IS NULL THEN NULL
                  ELSE jsonb_strip_nulls(jsonb_build_object('country', billing_address -> 'country')) END,
                notes = NULL, idempotency_key = NULL, anonymized_at = now(), updated_at = now()
              WHERE id IN (SELECT id FROM due) RETURNING 1)`,
    },
  ],
  /** Daily. Lock-outs look back 15 minutes; the rest is history. */
  'retention.login_attempts': [
    {
      name: 'login_attempts',
      action: 'deleted',
      table: 'login_attempts',
      key: 'id',
      where: 'created_at < $1',
      periodDays: (c) => c.LOGIN_ATTEMPT_RETENTION_DAYS,
      apply: 'done AS (DELETE FROM login_attempts WHERE id IN (SELECT id FROM due) RETURNING 1)',
    },
  ],
  /** Daily. Delivered (sent) and failed notifications; pending ones are still on their way. */
  'retention.notifications': [
    {
      name: 'notifications',
      action: 'deleted',
      table: 'notifications',
      key: 'id',
      where: "status IN ('sent', 'failed') AND created_at < $1",
      periodDays: (c) => c.NOTIFICATION_RETENTION_DAYS,
      apply: 'done AS (DELETE FROM notifications WHERE id IN (SELECT id FROM due) RETURNING 1)',
    },
  ],
} satisfies Record<string, RetentionTask[]>;

export type RetentionJob = keyof typeof RETENTION_JOBS;
