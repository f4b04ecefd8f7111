import { checkClientMessageId, normalizeContent, normalizeTitle } from './content';

describe('normalizeContent', () => {
  it.each([
    ['hello', { content: 'hello' }],
    ['  padded\t ', { content: 'padded' }],
    ['two\r\nlines\rhere', { content: 'two\nlines\nhere' }],
    ['bell\u0007 and esc\u001b removed', { content: 'bell and esc removed' }],
    ['tab\tkept', { content: 'tab\tkept' }],
    ['😀'.repeat(4000), { content: '😀'.repeat(4000) }],
    ['x'.repeat(4000), { content: 'x'.repeat(4000) }],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeContent(raw)).toEqual(expected);
  });

  it.each([
    ['', 'CONTENT_EMPTY'],
    [' \n\t\r ', 'CONTENT_EMPTY'],
    ['\u0001\u0002\u007f\u0085\u009f', 'CONTENT_EMPTY'],
    ['x'.repeat(4001), 'CONTENT_TOO_LONG'],
    ['😀'.repeat(4001), 'CONTENT_TOO_LONG'],
  ])('%j is refused with %s', (raw, code) => {
    expect(normalizeContent(raw)).toEqual({
      error: expect.objectContaining({ code, field: ['input', 'content'] }),
    });
  });
});

describe('checkClientMessageId', () => {
  it.each([
    [null, null],
    ['5f0c6a8e-2b1d-4c1e-9a55-0d4f3b9b8a21', null],
    ['a', null],
    ['x'.repeat(100), null],
    ['', 'INVALID_CLIENT_MESSAGE_ID'],
    ['x'.repeat(101), 'INVALID_CLIENT_MESSAGE_ID'],
    [' lead', 'INVALID_CLIENT_MESSAGE_ID'],
    ['new\nline', 'INVALID_CLIENT_MESSAGE_ID'],
    ['tab\there', 'INVALID_CLIENT_MESSAGE_ID'],
  ])('%j → %s', (id, code) => {
    expect(checkClientMessageId(id)?.code ?? null).toBe(code);
  });
});

describe('normalizeTitle', () => {
  it.each([
    [null, { title: null }],
    ['  Hiking   boots\n', { title: 'Hiking boots' }],
    ['   ', { title: null }],
    ['t'.repeat(200), { title: 't'.repeat(200) }],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeTitle(raw, ['input', 'title'])).toEqual(expected);
  });

  it('refuses more than 200 characters', () => {
    expect(normalizeTitle('t'.repeat(201), ['input', 'title'])).toEqual({
      error: expect.objectContaining({ code: 'TITLE_TOO_LONG' }),
    });
  });
});
