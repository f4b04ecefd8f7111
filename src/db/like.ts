/**
 * Escapes LIKE/ILIKE metacharacters so user text matches literally: `%` and `_` are wildcards and
 * `\` is PostgreSQL's default LIKE escape character (also what Prisma's `contains`, `startsWith` and
 * `endsWith` build their patterns with, without escaping the value).
 * @example escapeLike('100%_off') // '100\\%\\_off'
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
