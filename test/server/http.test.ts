import http from 'node:http';
import { startTestApp, wsExecute, type TestApp } from '../support/test-app';

describe('HTTP server', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
    base = await t.listen();
  });
  afterAll(() => t.stop());

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('does not serve /metrics on the API port unless configured', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/bazaar_/);
  });

  it('reports not ready while a migration is pending, without naming it', async () => {
    const [last] = await t.prisma.$queryRaw<{ id: string; migration_name: string }[]>`
      SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await t.prisma
      .$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL, rolled_back_at = now() WHERE id = ${last!.id}`;
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(JSON.parse(text)).toEqual({ status: 'not_ready' });
      expect(text).not.toContain(last!.migration_name.slice(0, 14));
    } finally {
      await t.prisma
        .$executeRaw`UPDATE _prisma_migrations SET finished_at = now(), rolled_back_at = NULL WHERE id = ${last!.id}`;
    }
  });

  it('serves a self-contained GraphiQL page to browsers', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/graphiql/i);
    // No CDN: every script and stylesheet is inline.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
  });

  /** `a b; c d` → { a: ['b'], c: ['d'] } */
  const csp = (header: string | null) =>
    Object.fromEntries(
      (header ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...sources]) => [name, sources]),
    ) as Record<string, string[]>;

  it.each([
    ['a query', () => t.post('{ categories { id } }').then(() => fetchPost('{ categories { id } }'))],
    [
      'a sign-in (its answer carries a token)',
      () =>
        fetchPost(
          'mutation { customerLogin(input: { email: "x@example.com", password: "wrong password" }) { token } }',
        ),
    ],
    [
      'a refused body (415)',
      () =>
        fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
    ],
    ['/healthz', () => fetch(`${base}/healthz`)],
    ['/readyz', () => fetch(`${base}/readyz`)],
    ['an unknown path', () => fetch(`${base}/nope`)],
  ])('sends security headers and no-store with %s', async (_name, request) => {
    const res = await request();
    expect({
      nosniff: res.headers.get('x-content-type-options'),
      frame: res.headers.get('x-frame-options'),
      referrer: res.headers.get('referrer-policy'),
      cache: res.headers.get('cache-control'),
      hsts: res.headers.get('strict-transport-security'),
    }).toEqual({ nosniff: 'nosniff', frame: 'DENY', referrer: 'no-referrer', cache: 'no-store', hsts: null });
    const policy = csp(res.headers.get('content-security-policy'));
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
  });

  const fetchPost = (query: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });

  it('serves GraphiQL under a CSP that allows what the page uses, from this origin only, and no framing', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const policy = csp(res.headers.get('content-security-policy'));
    const html = await res.text();
    // Scripts: all inline (no src), no eval.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((attrs) => /\ssrc=/.test(attrs))).toEqual([]);
    expect(policy['script-src']).toEqual(["'unsafe-inline'"]);
    expect(html).not.toMatch(/\beval\(|new Function\(/);
    // Monaco's workers are made from blob: URLs.
    expect(html).toMatch(/URL\.createObjectURL\(blob\)/);
    expect(policy['worker-src']).toEqual(['blob:']);
    // Every url(...) in its styles is a data: URI or a fragment; fonts and images allow data:.
    const urls = [...html.matchAll(/url\((['"]?)([a-z]+:)/g)].map((m) => m[2]);
    expect(new Set(urls)).toEqual(new Set(['data:']));
    expect(policy['img-src']).toContain('data:');
    expect(policy['font-src']).toEqual(['data:']);
    expect(policy['style-src']).toEqual(["'unsafe-inline'"]);
    // Requests (the endpoint and its WebSocket) go to this origin only; nothing may frame it.
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['default-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
  });

  it('serves the GraphiQL page compressed, with an ETag that turns a reload into a 304', async () => {
    const raw = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
        http
          .get(`${base}/graphql`, { headers: { accept: 'text/html', ...headers } }, (res) => {
            let bytes = 0;
            res.on('data', (c: Buffer) => (bytes += c.length));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }));
          })
          .on('error', reject);
      });
    const plain = await raw({});
    const br = await raw({ 'accept-encoding': 'gzip, deflate, br' });
    const gz = await raw({ 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.bytes).toBeLessThan(plain.bytes / 3);
    expect(gz.bytes).toBeLessThan(plain.bytes / 3);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(br.headers['cache-control']).toBe('no-cache');
    const etag = br.headers.etag!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(gz.headers.etag).toBe(etag);

    const again = await raw({ 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes).toBe(0);
    expect((await raw({ 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('executes queries over POST and GET and returns a request id', async () => {
    const post = await t.post<{ categories: unknown[] }>('{ categories { id } }');
    expect(post.status).toBe(200);
    expect(post.body.data?.categories).toEqual([]);
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ categories { id } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves operations over graphql-ws on the same path', async () => {
    const client = t.wsClient();
    const result = await wsExecute<{ categories: unknown[] }>(client, '{ categories { id } }');
    expect(result.data?.categories).toEqual([]);
  });

  it('refuses an unknown bearer token with UNAUTHENTICATED', async () => {
    const res = await t.post('{ categories { id } }', { token: 'not-a-real-token-at-all' });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
