import type { Db } from '../../db/prisma';
import { userError, type UserError } from '../../graphql/errors';
import { guestTokenHash } from './chat-access';
import { conversationEvents } from './chat-events';
import { publishMany } from '../../server/pubsub';

/** Guest conversations one sign-in may take over. */
export const MAX_GUEST_CONVERSATIONS = 20;

/** Validates `guestConversationTokens` of a sign-in input (at most 20). */
export function checkGuestConversationTokens(
  tokens: string[] | null | undefined,
  field: string[],
): UserError | null {
  return tokens && tokens.length > MAX_GUEST_CONVERSATIONS
    ? userError('TOO_MANY', `At most ${MAX_GUEST_CONVERSATIONS} guest conversations at once`, field)
    : null;
}

/**
 * Hands guest conversations to the customer who just signed in or registered, in the sign-in
 * transaction (beside the guest cart merge). The guest token is the proof: only live, unclaimed
 * guest conversations whose token hash matches move. The conversation, its owner membership and
 * every message the guest wrote become the customer's (nothing is copied, so every message, read
 * mark and sequence number stays as it was), and the token stops opening it: streams opened with
 * the token end, and the customer resubscribes as themself. Unknown tokens are ignored.
 * Returns the ids of the conversations taken over.
 */
export async function mergeGuestConversations(
  tx: Db,
  customerId: number,
  tokens: string[] | null | undefined,
): Promise<string[]> {
  const hashes = (tokens ?? [])
    .slice(0, MAX_GUEST_CONVERSATIONS)
    .map(guestTokenHash)
    .filter((h): h is string => h !== null);
  if (hashes.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH c AS (
      UPDATE conversations SET customer_id = ${customerId}::int, guest_token_hash = NULL, updated_at = now()
      WHERE guest_token_hash = ANY(${hashes}::text[]) AND customer_id IS NULL AND deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM conversation_members x
                        WHERE x.conversation_id = conversations.id AND x.customer_id = ${customerId}::int)
      RETURNING id
    ), owner AS (
      UPDATE conversation_members SET customer_id = ${customerId}::int, updated_at = now()
      WHERE conversation_id IN (SELECT id FROM c) AND role = 'owner' AND customer_id IS NULL
      RETURNING id
    ), written AS (
      UPDATE messages SET customer_id = ${customerId}::int WHERE member_id IN (SELECT id FROM owner)
    )
    SELECT id FROM c`;
  await publishMany(
    tx,
    rows.flatMap((r) => conversationEvents(r.id, { kind: 'members' }, [customerId])),
  );
  return rows.map((r) => r.id);
}
