import { checkPassword, isValidEmail, normalizeEmail } from './policy';
import { checkDateOfBirth, checkPhone } from './customer-errors';

describe('normalizeEmail', () => {
  it.each([
    ['  Ana@Example.COM ', 'ana@example.com'],
    ['bob@example.com', 'bob@example.com'],
    ['\tCARL@EXAMPLE.ORG\n', 'carl@example.org'],
  ])('%j → %j', (raw, expected) => expect(normalizeEmail(raw)).toBe(expected));
});

describe('isValidEmail', () => {
  it.each([
    ['ana@example.com', true],
    ['a.b+tag@sub.example.co', true],
    ['no-at-sign.example.com', false],
    ['two@@example.com', false],
    ['space in@example.com', false],
    ['nodot@localhost', false],
    ['dots@example..com', false],
    [`${'a'.repeat(250)}@example.com`, false],
  ])('%j → %j', (email, ok) => expect(isValidEmail(email)).toBe(ok));
});

describe('checkPassword (NIST 800-63B)', () => {
  const codes = (pw: string, email: string | null = 'ana@example.com') =>
    checkPassword(pw, email, ['input', 'password']).map((e) => e.code);
  it.each([
    ['1234567', ['PASSWORD_TOO_SHORT']],
    ['12345678', []],
    ['alllowercaseletters', []], // no composition rules
    ['🔒🔒🔒🔒🔒🔒🔒🔒', []], // 8 code points, 16 UTF-16 units
    ['🔒🔒🔒🔒🔒🔒🔒', ['PASSWORD_TOO_SHORT']],
    ['x'.repeat(256), []],
    ['x'.repeat(257), ['PASSWORD_TOO_LONG']],
    ['ana@example.com', ['PASSWORD_EQUALS_EMAIL']],
    [' ANA@example.com ', ['PASSWORD_EQUALS_EMAIL']],
  ])('%j → %j', (pw, expected) => expect(codes(pw)).toEqual(expected));
  it('reports the field', () => {
    expect(checkPassword('short', null, ['input', 'newPassword'])[0]!.field).toEqual([
      'input',
      'newPassword',
    ]);
  });
});

describe('checkPhone and checkDateOfBirth', () => {
  it.each([
    ['+49 30 1234567', null],
    ['(030) 123-4567', null],
    ['call me', 'INVALID_PHONE'],
    ['12', 'INVALID_PHONE'],
  ])('phone %j → %j', (v, code) => expect(checkPhone(v, ['p'])?.code ?? null).toBe(code));
  const today = new Date('2026-06-01T00:00:00Z');
  it.each([
    ['1990-02-28', null],
    ['1990-02-30', 'INVALID_DATE'],
    ['1899-12-31', 'INVALID_DATE'],
    ['2030-01-01', 'INVALID_DATE'],
    ['01/02/1990', 'INVALID_DATE'],
  ])('date %j → %j', (v, code) => expect(checkDateOfBirth(v, ['d'], today)?.code ?? null).toBe(code));
});
