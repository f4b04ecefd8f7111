/**
 * Sign-in links a visitor's anonymous storefront events to the customer (what Segment calls
 * identify): the events `trackEvents` recorded under the `anonymousId` the storefront passes to
 * customerLogin / customerRegister, from the last IDENTIFY_WINDOW_DAYS and not yet linked, get
 * the customer's id — so affinities and the assistant's ranking count what they browsed before
 * signing in. One UPDATE, in the sign-in's own transaction.
 */
import type { PrismaTx } from '../../db/prisma';
import { userError, type UserError } from '../../graphql/errors';

/** How the storefront names an anonymous visitor (also checked by trackEvents). */
export const ANONYMOUS_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Older anonymous events stay anonymous (a shared device's history is not the new customer's). */
export const IDENTIFY_WINDOW_DAYS = 30;

export function checkAnonymousId(value: string | null | undefined, path: string[]): UserError | null {
  return value == null || ANONYMOUS_ID.test(value)
    ? null
    : userError('INVALID', 'At most 64 letters, digits, ".", "_", ":" or "-"', path);
}

/** Links the visitor's recent anonymous events to the customer; returns how many. */
export function linkAnonymousEvents(tx: PrismaTx, customerId: number, anonymousId: string): Promise<number> {
  // created_at bounds the partitions scanned (analytics_events is partitioned by month).
  return tx.$executeRaw`
    UPDATE analytics_events SET customer_id = ${customerId}
    WHERE anonymous_id = ${anonymousId} AND customer_id IS NULL
      AND created_at > now() - make_interval(days => ${IDENTIFY_WINDOW_DAYS})`;
}
