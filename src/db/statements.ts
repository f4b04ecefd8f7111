import { createHash } from 'node:crypto';
import { escapeLiteral, type Pool, type QueryResultRow } from 'pg';
// pg's own serialization of a parameter value (arrays as array literals, dates with their offset).
import { prepareValue } from 'pg/lib/utils';
import type { Prisma } from '../generated/prisma/client';

/** Texts remembered as seen once (by hash), cleared when full: a name goes to a text seen twice. */
const MAX_SEEN = 5_000;

const names = new Map<string, string>();
const seen = new Set<string>();
/** Characters of statement text named so far (over every pool of the process). */
let namedChars = 0;

/**
 * The name of a statement text sent before, or undefined: a statement is named (prepared and
 * kept by each connection) from its second use on, while the texts named so far stay within
 * `budgetChars`, so one-off texts (a shopper's unique query, a cursor's page) take no name and
 * what each PostgreSQL session keeps is bounded: a prepared statement holds ~120 bytes of plan
 * memory per character of its text (measured: a 5.8 kB search, 670 kB; a 3.3 kB product list,
 * 400 kB), and names are never taken back.
 */
export function statementName(text: string, budgetChars: number): string | undefined {
  const name = names.get(text);
  if (name || namedChars + text.length > budgetChars) return name;
  const key = createHash('sha1').update(text).digest('base64');
  if (!seen.has(key)) {
    if (seen.size >= MAX_SEEN) seen.clear();
    seen.add(key);
    return undefined;
  }
  seen.delete(key);
  const named = `bazaar_${names.size + 1}`;
  names.set(text, named);
  namedChars += text.length;
  return named;
}

/**
 * The statement with its values written in as quoted literals: the same untyped text PostgreSQL
 * receives as the adapter's parameters (so it resolves their types the same way), but a statement
 * without parameters, which a named statement plans once per connection (a generic plan) instead of
 * at every execution. null when a value cannot be written as a literal (a NUL character, bytes):
 * such a statement is sent with parameters.
 */
export function inlineSql(sql: Prisma.Sql): string | null {
  let text = inlined.get(sql);
  if (text === undefined) inlined.set(sql, (text = writeInline(sql)));
  return text;
}

/** Statements already written as text: a statement object a caller keeps (a search's) is written once. */
const inlined = new WeakMap<Prisma.Sql, string | null>();

function writeInline(sql: Prisma.Sql): string | null {
  let text = sql.strings[0]!;
  for (let i = 0; i < sql.values.length; i++) {
    const v = prepareValue(sql.values[i]);
    if (v === null) text += 'NULL';
    else if (typeof v !== 'string' || v.includes('\0')) return null;
    else text += escapeLiteral(v);
    text += sql.strings[i + 1]!;
  }
  return text;
}

/**
 * Runs a read statement straight on the pool (no Prisma row mapping: pg's types, numeric as
 * text), named once its text repeats — the hot read paths' way (search, the compiled catalog
 * reads). `inline`: values written into the text (see inlineSql), for statements whose values
 * repeat with it (a search of the same words) — planned once per connection; otherwise sent as
 * parameters (a page after a cursor: the text repeats, the values do not). `namedKb`: the
 * statement text named at most per process (DB_NAMED_STATEMENTS_KB; 0: every statement unnamed).
 */
export async function queryRows<R extends QueryResultRow>(
  pool: Pool,
  sql: Prisma.Sql,
  opts: { inline: boolean; namedKb: number },
): Promise<R[]> {
  const text = opts.inline ? inlineSql(sql) : null;
  const name = (t: string) => (opts.namedKb > 0 ? statementName(t, opts.namedKb * 1024) : undefined);
  const { rows } = await pool.query<R>(
    text === null ? { name: name(sql.text), text: sql.text, values: sql.values } : { name: name(text), text },
  );
  return rows;
}
