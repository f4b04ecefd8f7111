/** SQL snippets the reference statements share. */

/** base64url without padding of a text expression (PostgreSQL's base64 wraps lines at 76 characters). */
export const b64url = (textExpr: string) =>
  `translate(encode(convert_to(${textExpr}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/** The API's Relay global ID (`base64url("Type:id")`) of an id expression. */
export const gid = (type: string, idExpr: string) => b64url(`'${type}:' || ${idExpr}`);

/** What the reference answers to a malformed cursor (the bench never sends one). */
export const badCursor = { error: 'Invalid cursor' } as const;
