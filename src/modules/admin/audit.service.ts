import type { Db } from '../../db/prisma';
import type { GraphQLContext } from '../../server/context';

export interface AuditEntry {
  /** Verb in `domain.action` form, e.g. `customer.suspend`, `product.update`. */
  action: string;
  resourceType: string;
  resourceId: string | number | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) =>
  v === undefined ? null : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

/**
 * Records an admin mutation in admin_audit_log. Call it with the transaction that makes the change
 * (`db` = the `tx` of `prisma.$transaction`), so the entry exists exactly when the change does.
 * @example
 * await ctx.prisma.$transaction(async (tx) => {
 *   const after = await tx.product.update({ ... });
 *   await writeAudit(tx, ctx, { action: 'product.update', resourceType: 'Product', resourceId: after.id, before, after });
 * });
 */
export async function writeAudit(
  db: Db,
  ctx: Pick<GraphQLContext, 'viewer' | 'ip' | 'userAgent'>,
  entry: AuditEntry,
) {
  await db.$executeRaw`
    INSERT INTO admin_audit_log (actor_id, action, resource_type, resource_id, before, after, ip, user_agent)
    VALUES (${ctx.viewer?.customerId ?? null}, ${entry.action}, ${entry.resourceType},
            ${entry.resourceId === null ? null : String(entry.resourceId)},
            ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb, ${ctx.ip}::inet, ${ctx.userAgent})`;
}
