import WebSocket from 'ws';
import { catalogScenario, type CatalogScenario } from '../fixtures/catalog.scenario';
import { aliased, fragmentFanOut, gql, postRaw, watchingHealth } from '../support/attack';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 7's attacks, replayed against a real server with production settings and default limits.
 * Each must be refused cleanly (a GraphQL error code, an HTTP 4xx, never 500) while /healthz keeps
 * answering within 100 ms.
 */
describe('attacks of issue 7 against a production server', () => {
  let t: TestApp;
  let base: string;
  let catalog: CatalogScenario;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
    base = await t.listen();
    catalog = await catalogScenario(t.prisma);
  });
  afterAll(() => t.stop());

  async function refused(body: string, code: string, status = 400) {
    const { result, slowestHealthMs } = await watchingHealth(base, () => postRaw(base, body));
    expect(result.status).toBe(status);
    expect(result.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.body.data ?? null).toBeNull();
    expect(slowestHealthMs).toBeLessThan(100);
    return result;
  }

  const productIds = () => catalog.products.map((p) => Buffer.from(`Product:${p.id}`).toString('base64url'));

  it.each([
    ['a fragment fan-out of depth 25 (2^25 fields, 1 KB)', gql(fragmentFanOut(25))],
    ['a fragment fan-out of depth 60', gql(fragmentFanOut(60))],
    [
      '250 aliases of a category tree with product counts',
      gql(aliased(250, 'categories { children { children { products(first: 1) { totalCount } } } }')),
    ],
    [
      'the same tree once, unaliased (each level multiplies)',
      gql('{ categories { children { children { products(first: 1) { totalCount } } } } }'),
    ],
    [
      '66 aliases of 100 products with their review counts',
      gql(aliased(66, 'products(first: 100) { nodes { reviews(first: 1) { totalCount } } }')),
    ],
    [
      'page sizes as variable defaults',
      gql(
        'query($n: Int = 100) { products(first: $n) { nodes { reviews(first: $n) { totalCount nodes { title } } } } }',
      ),
    ],
    [
      '1,000 aliases of whole-schema introspection',
      gql(aliased(1000, '__schema { types { fields { name } } }')),
    ],
    ['1,000 aliases of a search', gql(aliased(1000, 'searchProducts(query: "product") { totalCount }'))],
    ['a page of 101', gql('{ products(first: 101) { nodes { id } } }')],
    [
      'a page of 101 through a variable',
      gql('query($n: Int) { products(first: $n) { nodes { id } } }', { n: 101 }),
    ],
    [
      'a query deeper than 12',
      gql(`{ category(slug: "x") { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } }`),
    ],
    ['5,000 tokens', gql(`{ ${'__typename '.repeat(5000)}}`)],
    [
      '60 directives',
      gql(`{ ${Array.from({ length: 60 }, () => '__typename @skip(if: false)').join(' ')} }`),
    ],
  ])('refuses %s with QUERY_TOO_COMPLEX', async (_name, body) => {
    await refused(body, 'QUERY_TOO_COMPLEX');
  });

  it('refuses introspection nested deeper than graphql-js allows (its own validation rule)', async () => {
    const nested =
      '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }';
    await refused(gql(nested), 'GRAPHQL_VALIDATION_FAILED');
  });

  it('counts nodes(ids:) by the ids sent, and refuses more than 100', async () => {
    const ids = productIds();
    const ok = await postRaw(base, gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }));
    expect(ok.status).toBe(200);
    expect((ok.body.data as { nodes: unknown[] }).nodes).toHaveLength(ids.length);
    const hundred = Array.from({ length: 100 }, (_, i) => ids[i % ids.length]!);
    await refused(
      gql(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { reviews(first: 100) { totalCount nodes { title body } } } } }',
        { ids: hundred },
      ),
      'QUERY_TOO_COMPLEX',
    );
    await refused(
      gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [...hundred, ids[0]] }),
      'QUERY_TOO_COMPLEX',
    );
  });

  it('answers request errors 200 to clients that accept only application/json (GraphQL over HTTP)', async () => {
    const res = await postRaw(base, gql('{ products(first: 101) { nodes { id } } }'), {
      accept: 'application/json',
    });
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it.each([
    ['a slug', gql('{ product(slug: "kettle\\u0000") { id } }')],
    [
      'tags',
      gql('query($t: [String!]) { products(filter: { tags: $t }) { nodes { id } } }', { t: ['a\u0000b'] }),
    ],
    [
      'an email',
      gql(
        'mutation($e: String!) { customerRequestPasswordReset(input: { email: $e }) { userErrors { code } } }',
        {
          e: 'ana\u0000@example.com',
        },
      ),
    ],
    [
      'a name',
      gql('mutation($i: CustomerRegisterInput!) { customerRegister(input: $i) { userErrors { code } } }', {
        i: { email: 'nul@example.com', password: 'correct horse battery', firstName: 'A\u0000' },
      }),
    ],
  ])('refuses a NUL byte in %s with BAD_USER_INPUT', async (_name, body) => {
    await refused(body, 'BAD_USER_INPUT');
  });

  it('refuses a body over the limit with 413 and a GraphQL error body', async () => {
    const big = gql(`{ product(slug: "${'x'.repeat(t.config.MAX_REQUEST_BYTES)}") { id } }`);
    const res = await refused(big, 'BAD_REQUEST', 413);
    expect(res.contentType).toMatch(/json/);
  });

  it('closes a WebSocket that sends a 10 MB message (1009) without buffering it', async () => {
    // Built before the watch: the test process's own work must not count as the server's.
    const query = `{ product(slug: "${'x'.repeat(10 * 1024 * 1024)}") { id } }`;
    const message = Buffer.from(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    const { result, slowestHealthMs } = await watchingHealth(base, async () => {
      // An all-zero mask lets ws send the frame as it is instead of masking 10 MB byte by byte
      // (the test process shares its event loop with the server).
      const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
        generateMask: (mask) => void mask.fill(0),
      });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(message);
      return closed;
    });
    expect(result).toBe(1009);
    expect(slowestHealthMs).toBeLessThan(100);
  });

  it('enqueues one search log per request however many searches it aliases', async () => {
    const before = await searchLogJobs();
    const res = await postRaw(base, gql(aliased(10, 'searchProducts(query: "product") { totalCount }')));
    expect(res.status).toBe(200);
    // The job is enqueued off the response path: wait for it, then make sure no second one follows.
    for (let i = 0; i < 40 && (await searchLogJobs()) === before; i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(await searchLogJobs()).toBe(before + 1);
  });

  async function searchLogJobs(): Promise<number> {
    const [row] = await t.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'search.log'`;
    return row!.n;
  }
});
