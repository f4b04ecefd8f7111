import { parseRawJson, rawBody, rawJson, stringifyResult } from './raw-json';

describe('stringifyResult', () => {
  const product = '{"id":"UHJvZHVjdDox","name":"Kettle \\"Pro\\"","tags":["a"],"n":null}';

  it.each<[string, unknown]>([
    ['no raw parts', { data: { a: 1, b: 'x' } }],
    ['a raw object', { data: { p: rawJson(product) } }],
    ['the whole data', { data: rawJson('{"products":{"nodes":[]}}') }],
    [
      'raw parts in lists, next to errors',
      { errors: [{ message: 'm' }], data: { l: [rawJson(product), null, rawJson('[]')] } },
    ],
    [
      'many raw parts',
      {
        data: { edges: Array.from({ length: 30 }, (_, i) => ({ c: `c${i}`, node: rawJson(`{"i":${i}}`) })) },
      },
    ],
    [
      'a raw string, number and null',
      { data: { s: rawJson('"a\\u0000b"'), n: rawJson('1.50'), z: rawJson('null') } },
    ],
    ['a string that looks like JSON stays a string', { data: { s: '{"a":1}', p: rawJson('{"a":1}') } }],
    ['null', null],
    [
      'a whole body, as Apollo orders the fields',
      { errors: undefined, data: rawBody(`{"data":${product}}\n`), extensions: undefined },
    ],
    ['a whole body next to errors', { errors: [{ message: 'm' }], data: rawBody(`{"data":${product}}\n`) }],
    ['a whole body inside data', { data: { a: rawBody('{"data":[1]}\n') } }],
  ])('%s: the JSON of the parsed value, with a newline', (_label, value) => {
    const out = stringifyResult(value);
    expect(out.endsWith('\n')).toBe(true);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('writes the text as it is (no parse, no re-serialization)', () => {
    expect(stringifyResult({ data: { p: rawJson('{ "b" : 1.50 }') } })).toBe(
      '{"data":{"p":{ "b" : 1.50 }}}\n',
    );
  });

  it('returns a whole body PostgreSQL wrote as it is, the same string', () => {
    const body = `{"data":{ "p" : ${product} }}\n`;
    expect(stringifyResult({ errors: undefined, data: rawBody(body), extensions: undefined })).toBe(body);
    expect(rawBody(body).text).toBe(`{ "p" : ${product} }`);
    expect(JSON.stringify({ data: rawBody(body) })).toBe(`{"data":{"p":${product}}}`);
  });

  it('any other serialization gets the parsed value', () => {
    const value = { data: { p: rawJson(product) } };
    expect(JSON.stringify(value)).toBe(`{"data":{"p":${product}}}`);
    expect(parseRawJson(value)).toEqual({ data: { p: JSON.parse(product) } });
    // Not left collecting after a value that cannot be serialized.
    const cyclic: Record<string, unknown> = { p: rawJson('1') };
    cyclic.self = cyclic;
    expect(() => stringifyResult(cyclic)).toThrow(TypeError);
    expect(JSON.stringify({ p: rawJson('[1]') })).toBe('{"p":[1]}');
  });
});
