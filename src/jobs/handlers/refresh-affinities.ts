import { refreshAffinities } from '../../modules/analytics/affinities.service';
import type { AppDeps } from '../../server/context';

/** Every 30 minutes: customer affinities for the customers with new signals (see refreshAffinities). */
export async function refreshCustomerAffinities(deps: AppDeps) {
  const started = Date.now();
  const result = await refreshAffinities(deps.db.prisma);
  deps.log.info({ ...result, ms: Date.now() - started }, 'customer affinities refreshed');
  return result;
}
