import { evaluateWishlistAlerts } from '../../modules/wishlist/alerts.service';
import type { AppDeps } from '../../server/context';
import type { QueuePayloads } from '../queues';

/** Evaluates wishlist alerts for the products a catalog change touched (see alerts.service.ts). */
export async function evaluateAlerts(deps: AppDeps, data: QueuePayloads['wishlist.alerts.evaluate']) {
  const result = await evaluateWishlistAlerts(deps, { productIds: data.productIds });
  if (result.alerts > 0) deps.log.info(result, 'wishlist alerts raised');
  return result;
}
