import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Progress } from './progress';

/** What a COPY column accepts; JSON and arrays are passed pre-encoded (see `json`, `pgArray`). */
export type CopyValue = string | number | boolean | Date | null | undefined;

const SPECIALS = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and CR are the only characters that need escaping. */
function escapeText(s: string): string {
  if (!SPECIALS.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function encode(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** A jsonb value for COPY. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** A text[] / int[] literal for COPY; elements are always double-quoted so commas and spaces are safe. */
export function pgArray(items: readonly (string | number)[]): string {
  return `{${items.map((i) => (typeof i === 'number' ? String(i) : `"${i.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

// ~256 KiB per write keeps the socket busy without holding whole tables in memory.
const CHUNK_CHARS = 256 * 1024;

/**
 * Streams rows into `table` with COPY FROM STDIN (text format), the fastest way into PostgreSQL.
 * Rows are produced lazily, so a 500k-row table never exists as one string. `onRows` reports progress as chunks are handed to the socket.
 * @returns the number of rows written
 */
export async function copyRows(
  client: ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
  onRows?: (n: number) => void,
): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let buf = '';
    let pending = 0;
    for (const row of rows) {
      buf += row.map(encode).join('\t') + '\n';
      pending++;
      if (buf.length >= CHUNK_CHARS) {
        yield buf;
        count += pending;
        onRows?.(pending);
        buf = '';
        pending = 0;
      }
    }
    if (buf.length > 0) {
      yield buf;
      count += pending;
      onRows?.(pending);
    }
  }
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  // A short read-ahead keeps the progress bar close to what the server has actually received.
  await pipeline(Readable.from(chunks(), { highWaterMark: 2 }), client.query(copyFrom(sql)));
  return count;
}

/**
 * COPYs one table with a progress reporter: `columns` is a space-separated list, `count` the
 * number of rows `rows` will produce (for the progress bar).
 */
export async function copyTable(
  client: ClientBase,
  progress: Progress,
  table: string,
  columns: string,
  count: number,
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  const p = progress.table(table, count);
  const n = await copyRows(client, table, columns.trim().split(/\s+/), rows, (k) => p.add(k));
  p.done();
  return n;
}

/**
 * Reserves `n` consecutive ids from a serial column's sequence and returns the first. Child rows
 * (variants, order items) need their parents' ids before anything is written; asking the
 * sequence for a block keeps ids unique alongside the app's own inserts, and a fresh or
 * reset database starts at 1, which is what makes a seed reproducible.
 */
export async function reserveIds(client: ClientBase, table: string, n: number): Promise<number> {
  if (n <= 0) return 0;
  const { rows } = await client.query<{ first: string }>(
    `WITH s AS (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq),
          f AS (SELECT nextval(seq) AS first FROM s)
     SELECT first, setval(seq, first + $2::bigint - 1) FROM f, s`,
    [table, n],
  );
  const first = Number(rows[0]?.first);
  if (!Number.isSafeInteger(first)) throw new Error(`could not reserve ids for ${table}`);
  return first;
}

/** Integer cents as a numeric(12,2) literal, exact (no binary floating point on the way). */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** URL slug: lower-case ASCII words joined by dashes ("Men's 55\" TV" → "mens-55-tv"). */
export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’"]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Runs `load` with the foreign keys *from* `tables` dropped, then re-adds them exactly as they
 * were (same name, definition and comment, so Prisma sees no drift). Re-adding validates every row in
 * one join, which is far cheaper than a per-row RI trigger lookup: order_items loads in about
 * half the time. Must run inside a transaction: DDL is transactional in PostgreSQL, so a failure
 * anywhere rolls the constraints back too. The tables stay locked until commit.
 */
export async function withoutForeignKeys<T>(
  client: ClientBase,
  tables: readonly string[],
  load: () => Promise<T>,
): Promise<T> {
  const { rows } = await client.query<{ tbl: string; name: string; def: string; comment: string | null }>(
    `SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def,
            quote_literal(obj_description(oid, 'pg_constraint')) AS comment
     FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[]) ORDER BY conrelid, conname`,
    [tables],
  );
  for (const r of rows) await client.query(`ALTER TABLE ${r.tbl} DROP CONSTRAINT ${r.name}`);
  const result = await load();
  for (const r of rows) {
    await client.query(`ALTER TABLE ${r.tbl} ADD CONSTRAINT ${r.name} ${r.def}`);
    if (r.comment) await client.query(`COMMENT ON CONSTRAINT ${r.name} ON ${r.tbl} IS ${r.comment}`);
  }
  return result;
}

/** Runs `fn` in a transaction on `client`. */
export async function inTransaction<T>(client: ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * A UUID for a seeded row, derived from `kind` and an id the database handed out (a reserved
 * serial id): reproducible for a seed, and unique within a database because the id is, so a
 * second `npm run seed` on the same database never collides with the first. Shaped as version 4.
 */
export function seedUuid(kind: string, id: number): string {
  const h = createHash('sha256').update(`bazaar-seed:${kind}:${id}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
