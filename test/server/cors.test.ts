import { startTestApp, type TestApp } from '../support/test-app';

const QUERY = JSON.stringify({ query: '{ categories { id } }' });

/** CORS over real HTTP: a browser on another origin may read /graphql only when CORS_ORIGINS says so. */
describe('CORS', () => {
  function fromOrigin(base: string, origin: string | null) {
    return fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: QUERY,
    });
  }
  function preflight(base: string, origin: string) {
    return fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
  }
  const corsHeaders = (res: Response) =>
    [...res.headers.keys()].filter((k) => k.startsWith('access-control-')).sort();

  describe('by default (same origin only)', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await startTestApp({ env: { NODE_ENV: 'production' } });
      base = await t.listen();
    });
    afterAll(() => t.stop());

    it('answers the same origin (no CORS needed) and clients without an Origin', async () => {
      for (const origin of [base, null]) {
        const res = await fromOrigin(base, origin);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ data: { categories: [] } });
      }
    });

    it.each(['https://evil.example', 'http://localhost:5173'])(
      'gives %s no CORS headers, on preflights or requests',
      async (origin) => {
        expect(corsHeaders(await preflight(base, origin))).toEqual([]);
        expect(corsHeaders(await fromOrigin(base, origin))).toEqual([]);
      },
    );
  });

  describe('with CORS_ORIGINS', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await startTestApp({
        env: { NODE_ENV: 'production', CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173' },
      });
      base = await t.listen();
    });
    afterAll(() => t.stop());

    it.each(['https://shop.example.com', 'http://localhost:5173'])(
      'answers the preflight of %s and lets it read the answer',
      async (origin) => {
        const pre = await preflight(base, origin);
        expect(pre.status).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
        expect(pre.headers.get('access-control-allow-methods')).toBe('GET,POST');
        expect(pre.headers.get('access-control-allow-headers')?.split(',')).toEqual(
          expect.arrayContaining(['content-type', 'authorization']),
        );
        expect(pre.headers.get('access-control-max-age')).toBe('600');
        expect(pre.headers.get('access-control-allow-credentials')).toBeNull();

        const res = await fromOrigin(base, origin);
        expect(res.status).toBe(200);
        expect(res.headers.get('access-control-allow-origin')).toBe(origin);
        expect(res.headers.get('access-control-expose-headers')).toBe('x-request-id');
        expect(res.headers.get('vary')).toMatch(/Origin/);
        expect(await res.json()).toEqual({ data: { categories: [] } });
      },
    );

    it.each([
      'https://evil.example',
      'https://shop.example.com.evil.example',
      'http://shop.example.com',
      'https://shop.example.com:8443',
    ])('gives %s no CORS headers', async (origin) => {
      expect(corsHeaders(await preflight(base, origin))).toEqual([]);
      expect(corsHeaders(await fromOrigin(base, origin))).toEqual([]);
    });
  });

  describe('with CORS_ORIGINS=*', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await startTestApp({ env: { NODE_ENV: 'production', CORS_ORIGINS: '*' } });
      base = await t.listen();
    });
    afterAll(() => t.stop());

    it('lets any origin read answers, without credentials', async () => {
      const pre = await preflight(base, 'https://anyone.example');
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      const res = await fromOrigin(base, 'https://anyone.example');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });
});
