import { randomInt } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O, U, so numbers survive being read out on the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new order number such as `BZ-7KQ2M-9XD4T`: human-readable, and random (50 bits) so that order
 * numbers reveal nothing about sales volume and cannot be guessed. Uniqueness is the database's
 * job (unique index; checkout draws again on the rare collision).
 */
export function newOrderNumber(): string {
  const part = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(32)]).join('');
  return `BZ-${part()}-${part()}`;
}
