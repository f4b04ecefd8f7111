import { escapeLike } from './like';

describe('escapeLike', () => {
  it.each([
    ['plain', 'plain'],
    ['%', '\\%'],
    ['_', '\\_'],
    ['\\', '\\\\'],
    ['100%_off\\now', '100\\%\\_off\\\\now'],
    ['\\%', '\\\\\\%'],
    ['', ''],
  ])('escapes %j as %j', (text, escaped) => {
    expect(escapeLike(text)).toBe(escaped);
  });
});
