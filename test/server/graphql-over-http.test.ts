import { serverAudits } from 'graphql-http';
import { postRaw } from '../support/attack';
import { startTestApp, type TestApp } from '../support/test-app';

describe('GraphQL-over-HTTP conformance (graphql-http audit suite)', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
    url = `${await t.listen()}/graphql`;
  });
  afterAll(() => t.stop());

  it('passes every audit without a warning or an error', async () => {
    const results = await Promise.all(
      serverAudits({ url }).map(async (audit) => ({ name: audit.name, result: await audit.fn() })),
    );
    const report = (status: string) =>
      results
        .filter((r) => r.result.status === status)
        .map((r) => `${r.name}: ${'reason' in r.result ? r.result.reason : ''}`);
    expect(report('error')).toEqual([]);
    expect(report('warn')).toEqual([]);
    // The only notices (MAY): GETs without a preflight-forcing header are refused by Apollo's CSRF
    // prevention, which we keep.
    expect(report('notice')).toEqual([
      expect.stringMatching(/^MAY accept application\/x-www-form-urlencoded formatted GET requests/),
      expect.stringMatching(/^MAY allow URL-encoded JSON string \{variables\} parameter in GETs/),
      expect.stringMatching(/^MAY allow URL-encoded JSON string \{variables\} parameter in GETs/),
    ]);
    expect(results.length).toBeGreaterThan(50);
  });

  it.each([
    ['malformed JSON', '{"query": "{ __typename }"', {}, 400, /not valid JSON/],
    [
      'a body that is not JSON',
      'query=%7B__typename%7D',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      /as JSON/,
    ],
    [
      'a charset other than UTF-8',
      '{"query":"{ __typename }"}',
      { 'content-type': 'application/json; charset=latin1' },
      415,
      /UTF-8/,
    ],
  ])(
    'answers %s with a GraphQL error body, not an HTML page',
    async (_name, body, headers, status, message) => {
      const res = await postRaw(url.replace(/\/graphql$/, ''), body, headers);
      expect(res.status).toBe(status);
      expect(res.contentType).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        errors: [{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }],
      });
    },
  );
});
