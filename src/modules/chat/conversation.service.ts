import { Prisma } from '../../generated/prisma/client';
import type { ClientChannel } from '../../generated/prisma/client';
import type { PrismaTx } from '../../db/prisma';
import { requireViewer } from '../../graphql/access';
import { keysetConnection, type Connection, type PageArgs, type SortKey } from '../../graphql/connection';
import { badUserInput, forbidden, userError, type UserError } from '../../graphql/errors';
import type { GraphQLContext } from '../../server/context';
import { newToken } from '../customers/session.service';
import type { ConversationView } from './chat.types';
import { conversationUuid, findAccess, guestTokenHash, requireAccess, type ChatAccess } from './chat-access';
import { memberCustomerIds, publishConversationEvent } from './chat-events';
import { conversationColumns, conversationViewOf, memberColumns, type Row } from './chat-sql';
import { normalizeTitle } from './content';
import { assertStartRate } from './rate-limit';
import { endActiveSession } from './sessions.service';

export interface ConversationResult {
  conversation: ConversationView | null;
  guestToken?: string | null;
  userErrors: UserError[];
}
const refused = (userErrors: UserError[]): ConversationResult => ({ conversation: null, userErrors });
const viewOf = (a: ChatAccess, guestToken?: string | null): ConversationView => ({
  ...a.conversation,
  viewerMember: a.member,
  guestToken,
});

/**
 * Runs `fn` in a transaction with the conversation locked, for its owner or an agent (they may
 * change, archive or delete a conversation and end its session); NOT_FOUND / FORBIDDEN otherwise.
 */
function asManager<T>(
  ctx: GraphQLContext,
  id: string,
  guestToken: string | null | undefined,
  fn: (tx: PrismaTx, access: ChatAccess) => Promise<T>,
): Promise<T> {
  return ctx.prisma.$transaction(async (tx) => {
    const access = await requireAccess(tx, { viewer: ctx.viewer, guestToken }, id, { lock: 'update' });
    if (access.member.role !== 'owner' && access.member.role !== 'agent') {
      throw forbidden('Only the owner or an agent can do this');
    }
    return fn(tx, access);
  });
}

export interface StartInput {
  channel?: string | null;
  externalThreadId?: string | null;
  title?: string | null;
}

/**
 * conversationStart: a new conversation owned by the signed-in customer, or by a guest, who gets a
 * fresh guest token (only its hash is stored). A partner thread (channel + externalThreadId) that
 * the viewer already has is returned instead of starting another.
 */
export async function startConversation(
  ctx: GraphQLContext,
  input: StartInput | null | undefined,
): Promise<ConversationResult> {
  const channel = (input?.channel ?? 'WEB').toLowerCase() as ClientChannel;
  const title = normalizeTitle(input?.title, ['input', 'title']);
  if ('error' in title) return refused([title.error]);
  const thread = input?.externalThreadId?.trim() || null;
  if (thread !== null) {
    if (!ctx.viewer) {
      return refused([
        userError('SIGN_IN_REQUIRED', 'Sign in to bridge an external thread', ['input', 'externalThreadId']),
      ]);
    }
    if (thread.length > 200) {
      return refused([
        userError('INVALID', 'externalThreadId is at most 200 characters', ['input', 'externalThreadId']),
      ]);
    }
    const existing = await ctx.prisma.conversation.findFirst({
      where: { channel, externalThreadId: thread },
      select: { id: true },
    });
    if (existing) {
      const access = await findAccess(ctx.prisma, { viewer: ctx.viewer }, existing.id);
      if (access) return { conversation: viewOf(access), userErrors: [] };
      return refused([
        userError('EXTERNAL_THREAD_TAKEN', 'This external thread belongs to another conversation', [
          'input',
          'externalThreadId',
        ]),
      ]);
    }
  }
  const customerId = ctx.viewer?.customerId ?? null;
  await assertStartRate(ctx.prisma, ctx.config, { customerId, ip: customerId === null ? ctx.ip : null });
  const guestToken = customerId === null ? newToken() : null;
  try {
    const id = await ctx.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        WITH c AS (
          INSERT INTO conversations (customer_id, guest_token_hash, guest_ip, channel, external_thread_id, title)
          VALUES (${customerId}::int, ${guestTokenHash(guestToken)}, ${customerId === null ? ctx.ip : null}::inet,
                  ${channel}::client_channel, ${thread}, ${title.title})
          RETURNING id
        )
        INSERT INTO conversation_members (conversation_id, customer_id, role)
        SELECT id, ${customerId}::int, 'owner' FROM c RETURNING conversation_id AS id`;
      await publishConversationEvent(tx, row!.id, { kind: 'updated' }, [customerId]);
      return row!.id;
    });
    const access = await findAccess(ctx.prisma, { viewer: ctx.viewer, guestToken }, id);
    return { conversation: viewOf(access!, guestToken), guestToken, userErrors: [] };
  } catch (err) {
    // Two starts of one external thread racing: the unique (channel, external_thread_id) decides.
    if (thread !== null && isUniqueViolation(err)) return startConversation(ctx, input);
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string; meta?: Record<string, unknown> };
  return (
    e.code === 'P2002' ||
    /23505|unique constraint/i.test(`${e.message ?? ''} ${JSON.stringify(e.meta ?? {})}`)
  );
}

/** conversation(id): as the caller sees it, or null when not readable (missing, foreign, deleted). */
export async function getConversation(
  ctx: GraphQLContext,
  id: string,
  guestToken?: string | null,
): Promise<ConversationView | null> {
  const access = await findAccess(ctx.prisma, { viewer: ctx.viewer, guestToken }, conversationUuid(id));
  return access ? viewOf(access, guestToken) : null;
}

const ACTIVITY: SortKey[] = [
  { expr: Prisma.sql`coalesce(c.last_message_at, c.created_at)`, direction: 'DESC', cast: 'timestamptz' },
  { expr: Prisma.sql`c.id`, direction: 'DESC', cast: 'uuid' },
];

/**
 * conversations: the signed-in viewer's (active memberships), newest activity first, optionally
 * only those with a message matching `query` (full text over messages.search_vector, GIN) or in
 * one status.
 */
export async function listConversations(
  ctx: GraphQLContext,
  args: PageArgs & { query?: string | null; status?: string | null },
): Promise<Connection<ConversationView>> {
  const viewer = requireViewer(ctx);
  const text = args.query?.trim() ?? '';
  if (text.length > 200) throw badUserInput('query is at most 200 characters', ['query']);
  const where = Prisma.sql`
    FROM conversation_members m
    JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
    LEFT JOIN customers cu ON cu.id = m.customer_id
    WHERE m.customer_id = ${viewer.customerId}::int AND m.left_at IS NULL
      ${args.status ? Prisma.sql`AND c.status = ${args.status.toLowerCase()}::conversation_status` : Prisma.empty}
      ${
        text
          ? Prisma.sql`AND c.id IN (SELECT msg.conversation_id FROM messages msg
              WHERE msg.search_vector @@ websearch_to_tsquery('english', ${text}))`
          : Prisma.empty
      }`;
  return keysetConnection({
    args,
    keys: ACTIVITY,
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: async (q) =>
      (
        await ctx.prisma.$queryRaw<Row[]>`
          SELECT ${conversationColumns()}, ${memberColumns()}, ${q.keyColumns} ${where} ${q.after}
          ORDER BY ${q.orderBy} LIMIT ${q.limit}`
      ).map((r) => Object.assign(conversationViewOf(r), { _k0: r._k0, _k1: r._k1 })),
    totalCount: async () => {
      const [row] = await ctx.prisma.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n ${where}`;
      return row.n;
    },
  });
}

/** conversationUpdate: a new title (owner or agent, not on archived conversations). */
export async function updateConversation(
  ctx: GraphQLContext,
  input: { id: string; title?: string | null; guestToken?: string | null },
): Promise<ConversationResult> {
  const title = normalizeTitle(input.title, ['input', 'title']);
  if ('error' in title) return refused([title.error]);
  return asManager(ctx, input.id, input.guestToken, async (tx, access) => {
    if (access.conversation.status === 'archived') {
      return refused([userError('CONVERSATION_ARCHIVED', 'The conversation is archived', ['input', 'id'])]);
    }
    const c = await tx.conversation.update({
      where: { id: access.conversation.id },
      data: { title: title.title },
    });
    await publishConversationEvent(tx, c.id, { kind: 'updated' }, await memberCustomerIds(tx, c.id));
    return {
      conversation: { ...c, viewerMember: access.member, guestToken: input.guestToken },
      userErrors: [],
    };
  });
}

/** conversationArchive: read-only from now on; the active session ends (owner or agent). */
export async function archiveConversation(
  ctx: GraphQLContext,
  id: string,
  guestToken?: string | null,
): Promise<ConversationResult> {
  return asManager(ctx, id, guestToken, async (tx, access) => {
    if (access.conversation.status === 'archived')
      return { conversation: viewOf(access, guestToken), userErrors: [] };
    const c = await tx.conversation.update({
      where: { id: access.conversation.id },
      data: { status: 'archived' },
    });
    await endActiveSession(tx, c.id, 'archived');
    await publishConversationEvent(tx, c.id, { kind: 'updated' }, await memberCustomerIds(tx, c.id));
    return { conversation: { ...c, viewerMember: access.member, guestToken }, userErrors: [] };
  });
}

/**
 * conversationDelete (soft): the conversation disappears for everyone, its title, context, thread
 * id, guest token and every message's content, intent and entities are purged; the rows stay (with
 * sequence, role and timestamps), and so do llm_requests / llm_responses and their costs.
 * Subscriptions to it end.
 */
export async function deleteConversation(
  ctx: GraphQLContext,
  id: string,
  guestToken?: string | null,
): Promise<{ deletedConversationId: string | null; userErrors: UserError[] }> {
  return asManager(ctx, id, guestToken, async (tx, access) => {
    const cid = access.conversation.id;
    const customers = await memberCustomerIds(tx, cid);
    await tx.$executeRaw`
      UPDATE conversations SET deleted_at = now(), title = NULL, context = '{}', external_thread_id = NULL,
        guest_token_hash = NULL, updated_at = now()
      WHERE id = ${cid}::uuid`;
    await tx.$executeRaw`
      UPDATE messages SET content = '', intent = NULL, entities = NULL, client_message_id = NULL, updated_at = now()
      WHERE conversation_id = ${cid}::uuid`;
    await endActiveSession(tx, cid, 'deleted');
    await publishConversationEvent(tx, cid, { kind: 'deleted' }, customers);
    return { deletedConversationId: id, userErrors: [] };
  });
}

/**
 * conversationMarkRead: moves the caller's read mark forward (never back, never past the latest
 * message) and recounts their unread messages. The conversation row is share-locked, so a message
 * being stored meanwhile is either counted here or by its own transaction, never twice or never.
 */
export async function markRead(
  ctx: GraphQLContext,
  input: { conversationId: string; sequence?: number | null; guestToken?: string | null },
): Promise<ConversationResult> {
  if (input.sequence != null && input.sequence < 0) {
    return refused([userError('INVALID_SEQUENCE', 'sequence must not be negative', ['input', 'sequence'])]);
  }
  return ctx.prisma.$transaction(async (tx) => {
    const caller = { viewer: ctx.viewer, guestToken: input.guestToken };
    const access = await requireAccess(tx, caller, input.conversationId, { lock: 'share' });
    const { conversation, member } = access;
    const mark = Math.max(
      member.lastReadSequence,
      Math.min(input.sequence ?? Infinity, conversation.lastSequence),
    );
    const [updated] = await tx.$queryRaw<{ last_read_sequence: number; unread_count: number }[]>`
      UPDATE conversation_members SET last_read_sequence = ${mark}::int, updated_at = now(),
        unread_count = (SELECT count(*) FROM messages
                        WHERE conversation_id = ${conversation.id}::uuid AND sequence > ${mark}::int
                          AND member_id IS DISTINCT FROM ${member.id}::int)
      WHERE id = ${member.id}::int
      RETURNING last_read_sequence, unread_count`;
    const viewerMember = {
      ...member,
      lastReadSequence: updated!.last_read_sequence,
      unreadCount: updated!.unread_count,
    };
    await publishConversationEvent(tx, conversation.id, { kind: 'read', memberId: member.id }, [
      member.customerId,
    ]);
    return { conversation: { ...conversation, viewerMember, guestToken: input.guestToken }, userErrors: [] };
  });
}

/** conversationSessionEnd: closes the active chat session (owner or agent). */
export async function endSession(
  ctx: GraphQLContext,
  id: string,
  guestToken?: string | null,
): Promise<ConversationResult> {
  return asManager(ctx, id, guestToken, async (tx, access) => {
    if (await endActiveSession(tx, access.conversation.id, 'explicit')) {
      const cid = access.conversation.id;
      await publishConversationEvent(tx, cid, { kind: 'updated' }, await memberCustomerIds(tx, cid));
    }
    return { conversation: viewOf(access, guestToken), userErrors: [] };
  });
}
