import type { GraphQLContext, Viewer } from '../server/context';
import { forbidden, notFound, unauthenticated } from './errors';

/**
 * The one way every module checks access. Reading another customer's record answers exactly as
 * if it did not exist (NOT_FOUND), so ids cannot be probed.
 */
export function requireViewer(ctx: Pick<GraphQLContext, 'viewer'>): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** A signed-in admin, else UNAUTHENTICATED (anonymous) or FORBIDDEN (customer). */
export function requireAdmin(ctx: Pick<GraphQLContext, 'viewer'>): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.role !== 'admin') throw forbidden('Admins only');
  return viewer;
}

export const isAdmin = (ctx: Pick<GraphQLContext, 'viewer'>) => ctx.viewer?.role === 'admin';

/**
 * Returns `record` when the viewer owns it (or is an admin); otherwise throws NOT_FOUND, the same
 * answer as for a record that does not exist.
 * @example const cart = requireOwnership(ctx, await loadCart(id), (c) => c.customerId, 'Cart');
 */
export function requireOwnership<T>(
  ctx: Pick<GraphQLContext, 'viewer'>,
  record: T | null | undefined,
  ownerOf: (r: T) => number | null,
  what = 'Resource',
): T {
  const viewer = requireViewer(ctx);
  if (!record) throw notFound(what);
  if (viewer.role !== 'admin' && ownerOf(record) !== viewer.customerId) throw notFound(what);
  return record;
}

/** Like requireOwnership but answers null (for nullable lookups such as `order(id:)`). */
export function ownedOrNull<T>(
  ctx: Pick<GraphQLContext, 'viewer'>,
  record: T | null | undefined,
  ownerOf: (r: T) => number | null,
): T | null {
  if (!record || !ctx.viewer) return null;
  return ctx.viewer.role === 'admin' || ownerOf(record) === ctx.viewer.customerId ? record : null;
}
