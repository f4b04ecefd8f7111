import { userError, type UserError } from '../../graphql/errors';

/** Longest message, in characters (Unicode code points) after trimming. */
export const MAX_CONTENT_CHARS = 4000;
/** Longest conversation title. */
export const MAX_TITLE_CHARS = 200;

// C0/C1 control characters except tab, line feed and carriage return (NUL cannot even be stored).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Message text as stored: control characters other than line breaks and tabs removed, trimmed,
 * line endings normalised to `\n`. Returns the text, or a userError for empty or oversize content.
 */
export function normalizeContent(
  raw: string,
  field = ['input', 'content'],
): { content: string } | { error: UserError } {
  const content = raw.replace(CONTROL, '').replace(/\r\n?/g, '\n').trim();
  if (content.length === 0) {
    return { error: userError('CONTENT_EMPTY', 'Write something: the message is empty', field) };
  }
  const chars = [...content].length;
  if (chars > MAX_CONTENT_CHARS) {
    return {
      error: userError(
        'CONTENT_TOO_LONG',
        `Messages are at most ${MAX_CONTENT_CHARS} characters (this one has ${chars})`,
        field,
      ),
    };
  }
  return { content };
}

/** clientMessageId: 1–100 printable characters without spaces at either end. */
export function checkClientMessageId(id: string | null | undefined, field = ['input', 'clientMessageId']) {
  if (id == null) return null;
  if (id.length === 0 || id.length > 100 || id !== id.trim() || ANY_CONTROL.test(id)) {
    return userError(
      'INVALID_CLIENT_MESSAGE_ID',
      'clientMessageId must be 1 to 100 printable characters',
      field,
    );
  }
  return null;
}

/** A title: trimmed, at most 200 characters, no control characters; empty means none. */
export function normalizeTitle(
  raw: string | null | undefined,
  field: string[],
): { title: string | null } | { error: UserError } {
  if (raw == null) return { title: null };
  const title = raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  if ([...title].length > MAX_TITLE_CHARS) {
    return { error: userError('TITLE_TOO_LONG', `Titles are at most ${MAX_TITLE_CHARS} characters`, field) };
  }
  return { title: title || null };
}
