import { Prisma } from '../../generated/prisma/client';
import { requireAdmin } from '../../graphql/access';
import { keysetConnection, type Connection, type PageArgs } from '../../graphql/connection';
import { notFound, userError, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { writeAudit } from '../admin/audit.service';
import type { ConversationView, MemberView } from './chat.types';
import { conversationUuid, findAccess, requireAccess } from './chat-access';
import { memberCustomerIds, publishConversationEvent } from './chat-events';
import { memberColumns, memberOf, type Row } from './chat-sql';

export interface MemberAddResult {
  member: MemberView | null;
  conversation: ConversationView | null;
  userErrors: UserError[];
}

/**
 * conversationMemberAdd (admins): joins the admin — or adds another account, e.g. a partner bridge
 * or an observer — to any conversation. A returning member re-joins with a fresh read mark at the
 * latest message; the owner's membership is never changed. The conversation row is share-locked
 * so a message stored meanwhile is counted for the newcomer exactly once. Audited.
 */
export async function addMember(
  ctx: GraphQLContext,
  input: { conversationId: string; customerId?: string | null; role?: string | null },
): Promise<MemberAddResult> {
  const admin = requireAdmin(ctx);
  const id = conversationUuid(input.conversationId);
  const customerId =
    input.customerId == null ? admin.customerId : tryGlobalIntId(input.customerId, 'Customer');
  const role = (input.role ?? 'AGENT').toLowerCase();
  const refused = (e: UserError): MemberAddResult => ({ member: null, conversation: null, userErrors: [e] });
  if (!id) throw notFound('Conversation');
  if (customerId === null)
    return refused(userError('NOT_FOUND', 'Customer not found', ['input', 'customerId']));
  const member = await ctx.prisma.$transaction(async (tx) => {
    const [conv] = await tx.$queryRaw<{ last_sequence: number }[]>`
      SELECT last_sequence FROM conversations WHERE id = ${id}::uuid AND deleted_at IS NULL FOR SHARE`;
    if (!conv) throw notFound('Conversation');
    const account = await tx.customer.findFirst({
      where: { id: customerId, status: 'active', deletedAt: null },
      select: { id: true },
    });
    if (!account) return refused(userError('NOT_FOUND', 'Customer not found', ['input', 'customerId']));
    const [row] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO conversation_members (conversation_id, customer_id, role, last_read_sequence)
      VALUES (${id}::uuid, ${customerId}::int, ${role}::conversation_member_role, ${conv.last_sequence}::int)
      ON CONFLICT (conversation_id, customer_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now(),
        joined_at = CASE WHEN conversation_members.left_at IS NULL THEN conversation_members.joined_at ELSE now() END,
        last_read_sequence = CASE WHEN conversation_members.left_at IS NULL THEN conversation_members.last_read_sequence
                                  ELSE EXCLUDED.last_read_sequence END,
        unread_count = CASE WHEN conversation_members.left_at IS NULL THEN conversation_members.unread_count ELSE 0 END,
        left_at = NULL
      WHERE conversation_members.role <> 'owner'
      RETURNING id`;
    if (!row) {
      return refused(
        userError('ALREADY_OWNER', 'This account owns the conversation', ['input', 'customerId']),
      );
    }
    await writeAudit(tx, ctx, {
      action: 'conversation.member_add',
      resourceType: 'Conversation',
      resourceId: id,
      after: { memberId: row.id, customerId, role },
    });
    await publishConversationEvent(tx, id, { kind: 'members' }, await memberCustomerIds(tx, id));
    return row.id;
  });
  if (typeof member !== 'number') return member;
  const [added] = await ctx.prisma.$queryRaw<Row[]>`
    SELECT ${memberColumns()} FROM conversation_members m LEFT JOIN customers cu ON cu.id = m.customer_id
    WHERE m.id = ${member}::int`;
  const access = await findAccess(ctx.prisma, { viewer: ctx.viewer }, id);
  return {
    member: memberOf(added!),
    conversation: access ? { ...access.conversation, viewerMember: access.member } : null,
    userErrors: [],
  };
}

/** conversationLeave: members other than the owner leave; afterwards the conversation is closed to them. */
export async function leaveConversation(
  ctx: GraphQLContext,
  id: string,
): Promise<{ conversation: null; userErrors: UserError[] }> {
  return ctx.prisma.$transaction(async (tx) => {
    const access = await requireAccess(tx, { viewer: ctx.viewer }, id, { lock: 'share' });
    if (access.member.role === 'owner') {
      return {
        conversation: null,
        userErrors: [
          userError('OWNER_CANNOT_LEAVE', 'The owner cannot leave; archive or delete instead', ['id']),
        ],
      };
    }
    const cid = access.conversation.id;
    const customers = await memberCustomerIds(tx, cid);
    await tx.$executeRaw`UPDATE conversation_members SET left_at = now(), updated_at = now() WHERE id = ${access.member.id}::int`;
    await publishConversationEvent(tx, cid, { kind: 'members' }, customers);
    return { conversation: null, userErrors: [] };
  });
}

/** Conversation.members: current members in the order they joined. */
export function listMembers(
  ctx: GraphQLContext,
  conversation: ConversationView,
  args: PageArgs,
): Promise<Connection<MemberView>> {
  const conversationId = conversation.id;
  return keysetConnection({
    args,
    keys: [{ expr: Prisma.sql`m.id`, direction: 'ASC', cast: 'int' }],
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: async (q) =>
      (
        await ctx.prisma.$queryRaw<Row[]>`
          SELECT ${memberColumns()}, ${q.keyColumns}
          FROM conversation_members m LEFT JOIN customers cu ON cu.id = m.customer_id
          WHERE m.conversation_id = ${conversationId}::uuid AND m.left_at IS NULL ${q.after}
          ORDER BY ${q.orderBy} LIMIT ${q.limit}`
      ).map((r) => {
        const m = memberOf(r);
        return Object.assign(m, { isViewer: m.id === conversation.viewerMember.id, _k0: r._k0 });
      }),
    totalCount: () => ctx.prisma.conversationMember.count({ where: { conversationId, leftAt: null } }),
  });
}
