import { startTestApp, type TestApp } from '../support/test-app';

const TOKEN = 'metrics-token-0123456789';

/** Prometheus /metrics is never open on the API port: a token guards it there, or it has its own port. */
describe('/metrics', () => {
  describe('behind METRICS_TOKEN on the API port', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await startTestApp({ env: { NODE_ENV: 'production', METRICS_TOKEN: TOKEN } });
      base = await t.listen();
    });
    afterAll(() => t.stop());

    it.each([
      ['no token', {}],
      ['a wrong token', { authorization: 'Bearer metrics-token-0123456788' }],
      ['the token as Basic credentials', { authorization: `Basic ${TOKEN}` }],
      ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ])('refuses %s with 401', async (_name, headers) => {
      const res = await fetch(`${base}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.text()).not.toMatch(/bazaar_/);
    });

    it('exposes requests, operations, the pool and sockets to the token', async () => {
      await t.post('{ categories { id } }');
      await t.post('{ nope }');
      const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(
        /bazaar_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} [1-9]/,
      );
      expect(text).toMatch(/bazaar_graphql_operations_total\{type="query",outcome="ok"\} [1-9]/);
      expect(text).toMatch(
        /bazaar_graphql_operations_total\{type="unknown",outcome="GRAPHQL_VALIDATION_FAILED"\} 1/,
      );
      expect(text).toMatch(/bazaar_db_pool_connections\{state="total"\} \d+/);
      expect(text).toMatch(/bazaar_websocket_connections \d+/);
      expect(text).toMatch(/bazaar_nodejs_eventloop_lag_seconds/);
    });
  });

  describe('on METRICS_PORT', () => {
    let t: TestApp;
    let base: string;
    let metricsBase: string;
    beforeAll(async () => {
      t = await startTestApp({ env: { NODE_ENV: 'production', METRICS_PORT: '0', METRICS_TOKEN: TOKEN } });
      base = await t.listen();
      metricsBase = `http://127.0.0.1:${await t.app.http.listenMetrics(0, '127.0.0.1')}`;
    });
    afterAll(() => t.stop());

    it('serves metrics on its own port only, still behind the token when one is set', async () => {
      const onApi = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(onApi.status).toBe(404);
      expect((await fetch(`${metricsBase}/metrics`)).status).toBe(401);
      const res = await fetch(`${metricsBase}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/bazaar_http_request_duration_seconds/);
    });

    it('serves nothing else on the metrics port', async () => {
      for (const path of ['/graphql', '/healthz', '/']) {
        expect([path, (await fetch(`${metricsBase}${path}`)).status]).toEqual([path, 404]);
      }
    });
  });

  describe('with neither', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
      await t.listen();
    });
    afterAll(() => t.stop());

    it('opens no metrics port', async () => {
      expect(await t.app.http.listenMetrics(0, '127.0.0.1')).toBeNull();
    });
  });
});
