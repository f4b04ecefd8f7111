import { badUserInput } from './errors';

/**
 * Opaque Relay global IDs: base64url of `Type:localId`. Clients must treat them as opaque;
 * we keep them short and URL-safe.
 * @example toGlobalId('Product', 42) // 'UHJvZHVjdDo0Mg'
 */
export function toGlobalId(type: string, id: string | number | bigint): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  type: string;
  id: string;
}

/** Decodes any global ID; returns null when it is not one of ours. */
export function decodeGlobalId(globalId: string): DecodedId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  let text: string;
  try {
    text = Buffer.from(globalId, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) return null;
  const type = text.slice(0, i);
  const id = text.slice(i + 1);
  if (!/^[A-Za-z]+$/.test(type)) return null;
  // Round-trip check rejects strings that merely decode to something with a colon.
  if (toGlobalId(type, id) !== globalId.replace(/=+$/, '')) return null;
  return { type, id };
}

/** A local id that fits PostgreSQL's integer keys, or null (`"42"` → 42; `"9999999999"` → null). */
export function localIntId(id: string): number | null {
  if (!/^\d{1,10}$/.test(id)) return null;
  const n = Number(id);
  return n <= 2_147_483_647 ? n : null;
}

/** Decodes a global ID that must be of `type` with an integer local id. */
export function fromGlobalIntId(globalId: string, type: string, field = ['id']): number {
  const d = decodeGlobalId(globalId);
  const n = d && d.type === type && /^\d{1,10}$/.test(d.id) ? Number(d.id) : NaN;
  if (!Number.isSafeInteger(n) || n > 2_147_483_647) throw badUserInput(`Not a valid ${type} ID`, field);
  return n;
}

/** Same as fromGlobalIntId but returns null instead of throwing (lookups answer "not found"). */
export function tryGlobalIntId(globalId: string, type: string): number | null {
  const d = decodeGlobalId(globalId);
  return d && d.type === type ? localIntId(d.id) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Decodes a global ID whose local id is a uuid (carts, conversations). */
export function tryGlobalUuid(globalId: string, type: string): string | null {
  const d = decodeGlobalId(globalId);
  return d && d.type === type && UUID.test(d.id) ? d.id.toLowerCase() : null;
}
