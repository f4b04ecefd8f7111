/**
 * Chat modes: which `chat_modes` row runs a conversation's turns. An explicit choice
 * (conversationSetMode → conversations.chat_mode_id) wins; otherwise the active modes whose
 * `condition` matches the conversation (channel, customer segment), highest priority first, a
 * specific mode before the catch-all default.
 */
import type { ChatMode } from '../../../generated/prisma/client';
import type { Db } from '../../../db/prisma';

export type { ChatMode };

export interface ModeCondition {
  channel?: string | string[];
  /** guest, customer, or returning (a customer who has ordered before). */
  segment?: string | string[];
}

const list = (v: string | string[] | undefined) => (v == null ? null : Array.isArray(v) ? v : [v]);

/** Does a mode's condition hold for a conversation? Unknown keys never match (a typo is not a wildcard). */
export function conditionMatches(cond: unknown, facts: { channel: string; segments: string[] }): boolean {
  if (!cond || typeof cond !== 'object' || Array.isArray(cond)) return false;
  const c = cond as Record<string, unknown>;
  if (Object.keys(c).some((k) => k !== 'channel' && k !== 'segment')) return false;
  const channels = list(c.channel as string | string[] | undefined);
  const segments = list(c.segment as string | string[] | undefined);
  return (
    (!channels || channels.includes(facts.channel)) &&
    (!segments || segments.some((s) => facts.segments.includes(s)))
  );
}

/** The mode for a conversation's next turn (always one: the default mode exists from the first migration). */
export async function selectMode(
  db: Db,
  conversation: { chatModeId: number | null; channel: string; customerId: number | null },
): Promise<ChatMode> {
  const modes = await db.chatMode.findMany({
    where: { isActive: true },
    orderBy: [{ priority: 'desc' }, { id: 'asc' }],
  });
  const explicit = modes.find((m) => m.id === conversation.chatModeId);
  if (explicit) return explicit;
  const needsOrders = modes.some((m) => JSON.stringify(m.condition).includes('returning'));
  const returning =
    needsOrders && conversation.customerId != null
      ? (await db.order.count({ where: { customerId: conversation.customerId }, take: 1 })) > 0
      : false;
  const segments =
    conversation.customerId == null ? ['guest'] : returning ? ['customer', 'returning'] : ['customer'];
  const facts = { channel: conversation.channel, segments };
  const matching = modes.filter((m) => conditionMatches(m.condition, facts));
  const chosen =
    matching.find((m) => !m.isDefault) ?? matching[0] ?? modes.find((m) => m.isDefault) ?? modes[0];
  if (!chosen) throw new Error('no active chat mode');
  return chosen;
}
