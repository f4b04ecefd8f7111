/**
 * When a wishlist item alerts, as a pure decision over what the item is now and what alerts last
 * saw and said (table-tested in alert-rules.spec.ts; wishlist.alerts.evaluate applies it):
 * - only an item that can be bought now alerts (an alert the shopper cannot act on is noise; the
 *   back-in-stock alert tells them later, with the price then);
 * - `back_in_stock`: it could not be bought when last seen, and can now;
 * - `target_reached`: a target is set and the price is at or below it;
 * - `price_drop`: no target, and the price is at least the drop threshold (percent) below the
 *   price it was saved at;
 * - a price alert needs a price below the last alerted one: an item never alerts twice for the
 *   same price (nor for a rebound that stays above the lowest price already announced).
 * A price reason wins over back_in_stock when both hold (one alert per change, saying the most).
 */
import { formatCents, toCents } from '../cart/pricing';
import type { AlertReason } from '../notifications/mail-templates';

export type { AlertReason };

/** An item as the evaluation reads it (amounts as decimal text). */
export interface AlertInput {
  savedPrice: string;
  targetPrice: string | null;
  currentPrice: string;
  /** False when the product's currency is no longer the one the item was saved in (prices do not compare). */
  sameCurrency: boolean;
  available: boolean;
  lastAlertedPrice: string | null;
  lastSeenAvailable: boolean | null;
}

export interface AlertDecision {
  reason: AlertReason | null;
  /** What to store as last_seen_available. */
  seenAvailable: boolean;
}

/** Decides whether the item alerts now, and why. */
export function decideAlert(item: AlertInput, dropPercent: number): AlertDecision {
  const seenAvailable = item.available;
  if (!item.available) return { reason: null, seenAvailable };
  const price = toCents(item.currentPrice);
  const newLow =
    item.sameCurrency && (item.lastAlertedPrice === null || price < toCents(item.lastAlertedPrice));
  if (newLow && item.targetPrice !== null && price <= toCents(item.targetPrice))
    return { reason: 'target_reached', seenAvailable };
  // price ≤ saved × (100 − d) / 100, in integers.
  if (
    newLow &&
    item.targetPrice === null &&
    price * 100n <= toCents(item.savedPrice) * BigInt(100 - dropPercent)
  )
    return { reason: 'price_drop', seenAvailable };
  if (item.lastSeenAvailable === false) return { reason: 'back_in_stock', seenAvailable };
  return { reason: null, seenAvailable };
}

/** The facts an alert tells (the notification payload's, the chat message's and the mail's). */
export interface AlertFacts {
  reason: AlertReason;
  productName: string;
  price: string;
  savedPrice: string;
  targetPrice: string | null;
  currency: string;
}

/** The assistant's message in the customer's conversation. */
export function alertMessage(a: AlertFacts): string {
  const price = `${a.price} ${a.currency}`;
  switch (a.reason) {
    case 'back_in_stock':
      return `Good news: ${a.productName} from your wishlist is back in stock, at ${price}.`;
    case 'target_reached':
      return `Price alert: ${a.productName} from your wishlist now costs ${price}, at or below your target of ${a.targetPrice} ${a.currency}.`;
    case 'price_drop': {
      const saved = toCents(a.savedPrice);
      const off = saved > 0n ? Number(((saved - toCents(a.price)) * 1000n) / saved) / 10 : 0;
      return `Price alert: ${a.productName} from your wishlist dropped to ${price}, ${off}% below the ${formatCents(saved)} ${a.currency} it cost when you saved it.`;
    }
  }
}
