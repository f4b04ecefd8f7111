import { userError, type UserError } from '../../graphql/errors';

/**
 * One message for an unknown email, a wrong password and a deleted account: the answer must not
 * tell an attacker which emails have accounts.
 */
export const invalidCredentials = (field: string[] | null = null): UserError =>
  userError('INVALID_CREDENTIALS', 'Email or password is incorrect', field ?? undefined);

export const invalidToken = (): UserError =>
  userError('INVALID_TOKEN', 'This reset link is invalid or has expired; request a new one', [
    'input',
    'token',
  ]);

export const invalidId = (field: string[], what: string): UserError =>
  userError('INVALID_ID', `Not a valid ${what} ID`, field);

/** Checks a free-text field's length; returns a userError when it is too long or blank but required. */
export function checkText(
  value: string | null | undefined,
  field: string[],
  opts: { max: number; required?: boolean },
): UserError | null {
  if (value == null || value.trim() === '') {
    return opts.required ? userError('BLANK', `${field[field.length - 1]} is required`, field) : null;
  }
  if (value.length > opts.max) return userError('TOO_LONG', `At most ${opts.max} characters`, field);
  return null;
}

/** A loose international phone shape: digits with optional +, spaces, dots, dashes and parentheses. */
export function checkPhone(value: string | null | undefined, field: string[]): UserError | null {
  if (value == null || value.trim() === '') return null;
  return /^\+?[0-9 ().-]{5,25}$/.test(value.trim()) && /\d{5}/.test(value.replace(/\D/g, ''))
    ? null
    : userError('INVALID_PHONE', 'Enter a valid phone number', field);
}

/** `YYYY-MM-DD`, a real calendar date between 1900-01-01 and today. */
export function checkDateOfBirth(value: string | null | undefined, field: string[], today = new Date()) {
  if (value == null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  const real = d && d.toISOString().slice(0, 10) === value;
  if (!real || d < new Date(Date.UTC(1900, 0, 1)) || d > today) {
    return userError('INVALID_DATE', 'Enter a past date as YYYY-MM-DD', field);
  }
  return null;
}
