import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../db/prisma';
import { notFound } from '../../graphql/errors';
import { tryGlobalUuid } from '../../graphql/global-id';
import type { Viewer } from '../../server/context';
import { hashToken } from '../customers/session.service';
import type { Conversation, MemberView } from './chat.types';
import { conversationColumns, conversationOf, memberColumns, memberOf, type Row } from './chat-sql';

/**
 * Who asks for a conversation: the signed-in viewer (through a membership), and/or a guest holding
 * the conversation's guest token. The token is the guest's only key: the conversation id alone
 * (which analysts, logs and order rows may show) opens nothing.
 */
export interface ChatCaller {
  viewer: Viewer | null;
  guestToken?: string | null;
}

/** A readable conversation and the caller's membership in it. */
export interface ChatAccess {
  conversation: Conversation;
  member: MemberView;
}

/** The local uuid of a Conversation global ID, or null when it is not one. */
export const conversationUuid = (id: string | null | undefined) =>
  id ? tryGlobalUuid(id, 'Conversation') : null;

const GUEST_TOKEN = /^[A-Za-z0-9_-]{20,200}$/;
/** SHA-256 hex of a well-formed guest token; null for anything else (it then opens nothing). */
export const guestTokenHash = (token: string | null | undefined) =>
  token && GUEST_TOKEN.test(token) ? hashToken(token) : null;

/**
 * The conversation `id` if the caller may read it: an active (not left) membership of the viewer,
 * or the owner's membership for a matching guest token; deleted conversations are gone. Anything
 * else — missing, foreign, malformed — is null, so existence cannot be probed. With `lock`, the
 * conversation row is locked in the caller's transaction: `update` to allocate sequence numbers,
 * `share` to read counters that must not move meanwhile (read marks).
 */
export async function findAccess(
  db: Db,
  caller: ChatCaller,
  id: string | null,
  opts: { lock?: 'update' | 'share' } = {},
): Promise<ChatAccess | null> {
  if (!id) return null;
  const viewerId = caller.viewer?.customerId ?? null;
  const hash = guestTokenHash(caller.guestToken);
  if (viewerId === null && hash === null) return null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${conversationColumns()}, ${memberColumns()}
    FROM conversations c
    JOIN conversation_members m ON m.conversation_id = c.id AND m.left_at IS NULL
    LEFT JOIN customers cu ON cu.id = m.customer_id
    WHERE c.id = ${id}::uuid AND c.deleted_at IS NULL
      AND (m.customer_id = ${viewerId}::int
           OR (m.role = 'owner' AND ${hash}::text IS NOT NULL AND c.guest_token_hash = ${hash}::text))
    ORDER BY (m.customer_id = ${viewerId}::int) DESC NULLS LAST
    LIMIT 1
    ${opts.lock ? Prisma.raw(opts.lock === 'update' ? 'FOR UPDATE OF c' : 'FOR SHARE OF c') : Prisma.empty}`;
  const row = rows[0];
  return row ? { conversation: conversationOf(row), member: memberOf(row) } : null;
}

/** findAccess, or NOT_FOUND (the same answer as for a conversation that does not exist). */
export async function requireAccess(
  db: Db,
  caller: ChatCaller,
  globalId: string,
  opts: { lock?: 'update' | 'share' } = {},
): Promise<ChatAccess> {
  const access = await findAccess(db, caller, conversationUuid(globalId), opts);
  if (!access) throw notFound('Conversation');
  return access;
}
