import { isAdmin } from '../../graphql/access';
import { localIntId } from '../../graphql/global-id';
import type { NodeFetcher } from '../../graphql/node';

/** `node(id:)` for admin objects: admins only (as `auditLog`); anyone else gets null, as for a missing id. */
export const adminNodes: Record<string, NodeFetcher> = {
  async AuditLogEntry(ctx, id) {
    const n = localIntId(id);
    return n === null || !isAdmin(ctx) ? null : ctx.loaders.admin.auditEntryById.load(n);
  },
};
