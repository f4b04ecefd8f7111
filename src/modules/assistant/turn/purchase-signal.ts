import type { PurchaseSignalType } from '../../../generated/prisma/client';
import type { Understanding } from '../understanding/understand';

/**
 * The purchase signal a message carries, with a confidence 0–100 (the intent's confidence, raised
 * when the shopper points at a specific product or states a budget): browsing and comparing are
 * weaker signals than putting something in the cart or heading to checkout.
 */
export function purchaseSignal(
  u: Understanding,
  text: string,
): { type: PurchaseSignalType; confidence: number } | null {
  const lower = text.toLowerCase();
  const specific = u.reference?.ordinal != null || u.reference?.selector != null;
  let type: PurchaseSignalType | null = null;
  let base = 0;
  switch (u.intent) {
    case 'PRODUCT_SEARCH':
      if (/\b(in stock|available|availability|do you have)\b/.test(lower))
        [type, base] = ['availability_inquiry', 45];
      else if (/\b(how much|price of|cost)\b/.test(lower)) [type, base] = ['price_inquiry', 50];
      else if (specific) [type, base] = ['product_interest', 55];
      else [type, base] = ['browsing', 30];
      break;
    case 'PRICE_COMPARISON':
      [type, base] = ['comparison', 60];
      break;
    case 'ADD_TO_CART':
      [type, base] = ['add_to_cart', 85];
      break;
    case 'CART_SUMMARY':
      [type, base] = /\b(check ?out|pay|ready)\b/.test(lower)
        ? ['checkout_intent', 90]
        : ['checkout_intent', 65];
      break;
    case 'ORDER_STATUS':
      [type, base] = ['order_inquiry', 40];
      break;
    default:
      return null;
  }
  const boost = (specific ? 10 : 0) + (u.entities.maxPrice != null || u.entities.minPrice != null ? 5 : 0);
  const confidence = Math.round(Math.min(100, (base + boost) * (0.5 + u.confidence / 200)));
  return { type, confidence: Math.max(1, confidence) };
}
