import type { PrismaClient } from '../../db/prisma';
import { keyedLoader } from '../../graphql/loader-utils';

/** Per-request loaders of the admin module. */
export function createAdminLoaders(prisma: PrismaClient) {
  return {
    auditEntryById: keyedLoader(
      (ids: readonly number[]) => prisma.adminAuditLog.findMany({ where: { id: { in: [...ids] } } }),
      (e) => e.id,
    ),
  };
}
