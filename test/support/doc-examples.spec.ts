import { extractBlocks, parseAttrs } from './doc-examples';

describe('doc example extraction', () => {
  it.each([
    ['', {}],
    ['as=shopper', { as: 'shopper' }],
    ['as=admin expect=FORBIDDEN empty-ok', { as: 'admin', expect: 'FORBIDDEN', 'empty-ok': true }],
    ['  validate-only  ', { 'validate-only': true }],
  ])('reads the attributes %p', (info, attrs) => {
    expect(parseAttrs(info)).toEqual(attrs);
  });

  it('finds fenced blocks with their line, language and attributes, also indented in lists', () => {
    const md = [
      '# Title', //
      '```graphql as=shopper',
      '{ me { email } }',
      '```',
      '- item',
      '',
      '  ```sql',
      '  SELECT 1;',
      '  ```',
      '~~~sh',
      'npm start',
      '~~~',
    ].join('\n');
    expect(extractBlocks('x.md', md)).toEqual([
      { file: 'x.md', line: 2, lang: 'graphql', attrs: { as: 'shopper' }, body: '{ me { email } }' },
      { file: 'x.md', line: 7, lang: 'sql', attrs: {}, body: 'SELECT 1;' },
      { file: 'x.md', line: 10, lang: 'sh', attrs: {}, body: 'npm start' },
    ]);
  });

  it('gives a graphql block the variables of the json variables block after it', () => {
    const md = [
      '```graphql',
      'query($q: String!) { searchProducts(query: $q) { totalCount } }',
      '```',
      'with',
      '```json variables',
      '{ "q": "tent" }',
      '```',
    ].join('\n');
    expect(extractBlocks('x.md', md)[0]?.variables).toEqual({ q: 'tent' });
  });

  it('refuses a json variables block that follows no graphql block', () => {
    expect(() => extractBlocks('x.md', ['```json variables', '{}', '```'].join('\n'))).toThrow(
      /must follow a graphql block/,
    );
  });
});
