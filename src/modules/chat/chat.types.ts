import type { ChatSession, Conversation, ConversationMember, Message } from '../../generated/prisma/client';

export type { ChatSession, Conversation, ConversationMember, Message };

/** A member with what is needed to show it without another query. */
export interface MemberView extends ConversationMember {
  /** First name of the member's account; null for guests and the assistant. */
  firstName: string | null;
  /** customers.is_internal of the member's account (false for guests). */
  accountInternal: boolean;
  /** Set when it is known whether this is the caller's own membership. */
  isViewer?: boolean;
}

/**
 * The guest token the caller presented to reach an object, carried along so nested fields
 * (`message.conversation`) are read with the same key. Never sent to clients.
 */
export interface ReachedWith {
  guestToken?: string | null;
}

/** A conversation as one caller sees it: always read through that caller's membership. */
export interface ConversationView extends Conversation, ReachedWith {
  viewerMember: MemberView;
}

/** A message, with its sender preloaded when it was read for a subscription fan-out. */
export interface MessageView extends Message, ReachedWith {
  sender?: MemberView | null;
}

/** Member roles that speak for the shop; their messages are stored with role `assistant`. */
export const SHOP_SIDE_ROLES = new Set<ConversationMember['role']>(['agent', 'assistant']);

/** True when a member's messages must never trigger automatic replies. */
export function isInternalMember(m: Pick<MemberView, 'role' | 'accountInternal'>): boolean {
  return m.accountInternal || SHOP_SIDE_ROLES.has(m.role);
}
