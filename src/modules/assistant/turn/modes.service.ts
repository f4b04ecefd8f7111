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

/**
 * Chat modes change by hand (SQL), rarely; every shopper message needs them. Read at most every
 * few seconds per database, so an edit takes effect within MODES_TTL_MS.
 */
const MODES_TTL_MS = 5000;
const modesCache = new WeakMap<object, { at: number; modes: Promise<ChatMode[]> }>();

function activeModes(db: Db, key: object): Promise<ChatMode[]> {
  const hit = modesCache.get(key);
  if (hit && Date.now() - hit.at < MODES_TTL_MS) return hit.modes;
  const modes = db.chatMode.findMany({
    where: { isActive: true },
    orderBy: [{ priority: 'desc' }, { id: 'asc' }],
  });
  // Read outside any transaction's snapshot concerns: modes are not part of the message's writes.
  modesCache.set(key, { at: Date.now(), modes });
  modes.catch(() => modesCache.delete(key));
  return modes;
}

/** The mode for a conversation's next turn (always one: the default mode exists from the first migration). */
export async function selectMode(
  db: Db,
  conversation: { chatModeId: number | null; channel: string; customerId: number | null },
  /** The database's root client: modes are cached per database for a few seconds. */
  cacheKey: object = db,
): Promise<ChatMode> {
  const modes = await activeModes(db, cacheKey);
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
