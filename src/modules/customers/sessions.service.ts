import { requireOwnership, requireViewer } from '../../graphql/access';
import type { PageArgs } from '../../graphql/connection';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import type { RevokeResult } from './customers.types';
import { getLiveSession, listLiveSessions, revokeSessions } from './session.service';

/** The viewer's live sessions (customerSessions). */
export function viewerSessions(ctx: GraphQLContext, args: PageArgs) {
  return listLiveSessions(ctx, requireViewer(ctx).customerId, args);
}

/** Ends one of the viewer's sessions; another customer's answers NOT_FOUND, like a missing one. */
export async function revokeViewerSession(ctx: GraphQLContext, id: string): Promise<RevokeResult> {
  const n = tryGlobalIntId(id, 'CustomerSession');
  const viewer = requireViewer(ctx);
  // Even admins revoke only their own sessions here: suspending is how they end someone else's.
  const session = requireOwnership(
    { viewer: { ...viewer, role: 'customer' } },
    n === null ? null : await getLiveSession(ctx.prisma, n),
    (s) => s.customerId,
    'Session',
  );
  await revokeSessions(
    ctx.prisma,
    { sessionId: session.id, customerId: viewer.customerId },
    'revoked_by_customer',
  );
  return { revokedSessionId: session.id, userErrors: [] };
}
