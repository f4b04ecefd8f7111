import { evaluateWishlistAlerts, productsWithSaleBoundary } from '../../modules/wishlist/alerts.service';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/**
 * The scheduled run looks back this far for sale windows that opened or closed: more than its
 * 15-minute period, so a late or skipped tick loses nothing (a second look alerts nothing twice).
 */
export const SALE_WINDOW_LOOKBACK_MINUTES = 40;

/**
 * Evaluates wishlist alerts for the products a catalog change touched, or (scheduled) those whose
 * sale window opened or closed lately, or every item (`all`); see alerts.service.ts.
 */
export async function evaluateAlerts(deps: AppDeps, data: QueuePayloads['wishlist.alerts.evaluate']) {
  const productIds =
    data.productIds ??
    (data.all ? undefined : await productsWithSaleBoundary(deps.db.prisma, SALE_WINDOW_LOOKBACK_MINUTES));
  if (productIds?.length === 0) return { evaluated: 0, alerts: 0 };
  const result = await evaluateWishlistAlerts(deps, { productIds });
  if (result.alerts > 0) deps.log.info(result, 'wishlist alerts raised');
  return result;
}
