import { userError, type UserError } from '../../graphql/errors';

/** NIST 800-63B: at least 8 characters, at most 256 (we count code points, not UTF-16 units). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
/** RFC 5321 caps a path at 256 octets; 254 is the practical maximum for an address. */
export const EMAIL_MAX = 254;

/**
 * Emails are compared case-insensitively (the column is citext) and stored trimmed and lower-cased
 * so what a customer sees is what every later lookup matches.
 * @example normalizeEmail('  Ana@Example.COM ') // 'ana@example.com'
 */
export function normalizeEmail(raw: string): string {
  return raw.normalize('NFC').trim().toLowerCase();
}

/** A deliberately loose shape check (one @, a dot in the domain, no spaces): delivery proves the rest. */
export function isValidEmail(email: string): boolean {
  return email.length <= EMAIL_MAX && /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(email) && !email.includes('..');
}

/**
 * NFKC so the same password typed on different keyboards (composed vs decomposed accents,
 * full-width digits) hashes the same, as NIST 800-63B recommends.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/**
 * NIST 800-63B rules: length only, no composition rules, and not the account's own email.
 * Returns the userErrors to report (empty when the password is acceptable).
 */
export function checkPassword(password: string, email: string | null, field: string[]): UserError[] {
  const length = [...normalizePassword(password)].length;
  if (length < PASSWORD_MIN) {
    return [userError('PASSWORD_TOO_SHORT', `Use at least ${PASSWORD_MIN} characters`, field)];
  }
  if (length > PASSWORD_MAX) {
    return [userError('PASSWORD_TOO_LONG', `Use at most ${PASSWORD_MAX} characters`, field)];
  }
  if (email && normalizeEmail(password) === normalizeEmail(email)) {
    return [userError('PASSWORD_EQUALS_EMAIL', 'The password must not be your email address', field)];
  }
  return [];
}

/** Validates and normalizes an email input; returns either the email or the userError. */
export function checkEmail(raw: string, field: string[]): { email: string } | { error: UserError } {
  const email = normalizeEmail(raw);
  return isValidEmail(email)
    ? { email }
    : { error: userError('INVALID_EMAIL', 'Enter a valid email address', field) };
}
