/**
 * What the chat benches set up directly in the database (not measured): a customer with a live
 * session and conversations it owns, and the global IDs the API takes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Client } from 'pg';

/** A conversation's global ID (`Conversation:<uuid>`, base64url), as the API answers it. */
export const conversationGid = (uuid: string) => Buffer.from(`Conversation:${uuid}`).toString('base64url');

/** A customer with a session (its bearer token) and `n` conversations it owns (their uuids). */
export async function benchShopper(
  db: Client,
  n: number,
  title = 'bench',
): Promise<{ token: string; conversations: string[] }> {
  const token = randomBytes(32).toString('base64url');
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO customers (email, password_hash, first_name) VALUES ($1, 'x', 'Bench') RETURNING id`,
    [`bench-${randomBytes(6).toString('hex')}@example.com`],
  );
  const customerId = rows[0]!.id;
  await db.query(
    `INSERT INTO auth_sessions (customer_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 day')`,
    [customerId, createHash('sha256').update(token).digest('hex')],
  );
  const conv = await db.query<{ id: string }>(
    `WITH c AS (INSERT INTO conversations (customer_id, title) SELECT $1, $3 || ' ' || i FROM generate_series(1, $2) i RETURNING id)
     INSERT INTO conversation_members (conversation_id, customer_id, role) SELECT id, $1, 'owner' FROM c RETURNING conversation_id AS id`,
    [customerId, n, title],
  );
  return { token, conversations: conv.rows.map((r) => r.id) };
}
