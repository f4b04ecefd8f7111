import { Prisma } from '../../../generated/prisma/client';

/** SQL that builds the JSON of the compiled read path, each piece mirroring what a resolver returns. */

const sql = Prisma.sql;
const raw = Prisma.raw;

/** base64url without padding of a text expression (PostgreSQL's base64 also wraps lines at 76 characters). */
export const b64url = (text: Prisma.Sql) =>
  sql`translate(encode(convert_to(${text}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** A Relay global ID, as toGlobalId builds it: base64url of `Type:id`. */
export const globalId = (type: string, id: string) => b64url(raw(`'${type}:' || ${id}`));

/** A DateTime as the scalar serializes a JS Date: ISO-8601 in UTC with milliseconds. */
export const isoTime = (expr: string) =>
  raw(`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A constant string (type names, never client input). */
export const literal = (text: string) => raw(`'${text}'::text`);

/** json_build_object over (key, value) pairs; keys are GraphQL response names (letters, digits, _). */
export function jsonObject(pairs: [string, Prisma.Sql][]): Prisma.Sql {
  if (pairs.length === 0) return sql`'{}'::json`;
  return sql`json_build_object(${Prisma.join(
    pairs.map(([k, v]) => sql`${raw(`'${k}'`)}, ${v}`),
    ', ',
  )})`;
}

/** A JSON array aggregated from a sub-select, `[]` when it finds nothing. */
export const jsonList = (item: Prisma.Sql, rest: Prisma.Sql, orderBy: string) =>
  sql`coalesce((SELECT json_agg(${item} ORDER BY ${raw(orderBy)}) ${rest}), '[]'::json)`;

/**
 * The cursor toConnection encodes (base64url of the JSON array of the `_k<i>` text values),
 * from the page row `alias`.
 */
export function cursorSql(alias: string, keyCount: number): Prisma.Sql {
  const parts = Array.from(
    { length: keyCount },
    (_, i) => `coalesce(to_json(${alias}._k${i})::text, 'null')`,
  );
  return b64url(raw(`'[' || ${parts.join(` || ',' || `)} || ']'`));
}
