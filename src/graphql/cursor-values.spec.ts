import { castable } from './cursor-values';
import { decodeCursor, encodeCursor } from './connection';

describe('cursor values', () => {
  it.each([
    ['int', '42', true],
    ['int', 42, true],
    ['int', '-2147483648', true],
    ['int', '2147483648', false],
    ['int', '4.2', false],
    ['int', 'abc', false],
    ['bigint', '9223372036854775807', true],
    ['bigint', '9223372036854775808', false],
    ['numeric', '19.99', true],
    ['numeric', '-0.5', true],
    ['numeric', '1e5', true],
    ['numeric', '1e5000', false],
    ['numeric', '12abc', false],
    ['numeric', 'NaN', false],
    ['real', '0.0607927', true],
    ['real', '6.07927e-05', true],
    ['real', '1e39', false],
    ['real', '1e-50', false],
    ['real', 'Infinity', true],
    ['float8', '1e-300', true],
    ['uuid', '0b7c7a9e-5f43-4a7e-9d1c-2f4a3c5b6d7e', true],
    ['uuid', 'not-a-uuid', false],
    ['float8', '1e400', false],
    ['boolean', 'true', true],
    ['boolean', 'yes', false],
    ['timestamptz', '2026-01-01 00:00:00+00', true],
    ['timestamptz', '2026-01-01 10:20:30.123456+05:30', true],
    ['timestamptz', '2026-01-01T10:20:30.000Z', true],
    ['timestamptz', '2026-02-29 00:00:00+00', false],
    ['timestamptz', '2024-02-29 00:00:00+00', true],
    ['timestamptz', '2026-13-01 00:00:00+00', false],
    ['timestamptz', '2026-01-01 24:00:00+00', false],
    ['timestamptz', 'yesterday', false],
    ['text', 'anything at all', true],
    ['text', 'nul\u0000inside', false],
    ['int', null, true],
  ])('%s accepts %p: %p', (cast, value, ok) => {
    expect(castable(value, cast)).toBe(ok);
  });

  it('decodes a cursor only when every value fits its column', () => {
    const good = encodeCursor(['19.99', '42']);
    expect(decodeCursor(good, ['numeric', 'int'])).toEqual(['19.99', '42']);
    for (const bad of [
      encodeCursor(['abc', '42']),
      encodeCursor(['19.99']),
      'not-base64-json!',
      encodeCursor(['1', '99999999999']),
    ]) {
      expect(() => decodeCursor(bad, ['numeric', 'int'], 'before')).toThrow(
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: ['before'] } }),
      );
    }
  });
});
