import type { Prisma } from '../../generated/prisma/client';
import { requireAdmin } from '../../graphql/access';
import type { PageArgs } from '../../graphql/connection';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { idPage } from './id-page';

export interface AuditLogFilter {
  actorId?: string | null;
  action?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  from?: Date | string | null;
  to?: Date | string | null;
}

/** Admins: audit entries, newest first, every given filter field must match. */
export async function listAuditLog(ctx: GraphQLContext, args: PageArgs & { filter?: AuditLogFilter | null }) {
  requireAdmin(ctx);
  const f = args.filter ?? {};
  const where: Prisma.AdminAuditLogWhereInput = {};
  if (f.actorId != null) where.actorId = tryGlobalIntId(f.actorId, 'Customer') ?? -1;
  if (f.action != null) where.action = f.action;
  if (f.resourceType != null) where.resourceType = f.resourceType;
  if (f.resourceId != null) where.resourceId = f.resourceId;
  if (f.from != null || f.to != null) {
    where.createdAt = {
      ...(f.from != null ? { gte: new Date(f.from) } : {}),
      ...(f.to != null ? { lt: new Date(f.to) } : {}),
    };
  }
  const page = idPage(args, ctx.config.GRAPHQL_MAX_PAGE_SIZE);
  const rows = page.empty
    ? []
    : await ctx.prisma.adminAuditLog.findMany({
        where: { AND: [where, page.where] },
        orderBy: page.orderBy,
        take: page.take,
      });
  return page.connection(rows, () => ctx.prisma.adminAuditLog.count({ where }));
}
