import { Client } from 'pg';
import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { catalogScenario, type CatalogScenario } from '../fixtures/catalog.scenario';
import { startTestApp, wsExecute, type TestApp } from '../support/test-app';

const ADJUST = `mutation($v: ID!) {
  inventoryAdjust(input: { variantId: $v, delta: 1, reason: restock }) { stockOnHand userErrors { code } } }`;

/** Holds a row lock on a variant from another connection for `ms`, so a statement on it waits. */
async function lockVariant(url: string, variantId: number, ms: number): Promise<() => Promise<void>> {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  await c.query('BEGIN');
  await c.query('SELECT id FROM product_variants WHERE id = $1 FOR UPDATE', [variantId]);
  const released = new Promise<void>((resolve) =>
    setTimeout(() => {
      void c
        .query('COMMIT')
        .then(() => c.end())
        .then(resolve);
    }, ms),
  );
  return () => released;
}

/** `n` product lists with their counts beside `me`: 2 statements each on the general path. */
const lists = (n: number) =>
  `{ me { id } ${Array.from({ length: n }, (_, i) => `l${i}: products(first: 2) { totalCount nodes { name } }`).join(' ')} }`;

describe('request budget: statement cap', () => {
  let t: TestApp;
  let catalog: CatalogScenario;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production', GRAPHQL_MAX_STATEMENTS: '5' } });
    await t.listen();
    catalog = await catalogScenario(t.prisma);
  });
  afterAll(() => t.stop());

  it('answers a query within the cap', async () => {
    const res = await t.post('{ products(first: 12) { nodes { name brand { name } images { url } } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toMatchObject({ products: { nodes: expect.any(Array) } });
  });

  it('stops a query that needs more statements than allowed, whatever its estimate', async () => {
    // Beside `me`, the general path answers: a page and a count for each of the 4 lists, 8 statements;
    // the cost estimate accepts it.
    const res = await t.post(lists(4));
    expect(res.status).toBe(200);
    const codes = new Set(res.body.errors?.map((e) => e.extensions?.code));
    expect([...codes]).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ limit: 'statements', maxStatements: 5 });
  });

  it('gives each request (and each WebSocket operation) its own count', async () => {
    const q = lists(3); // 6 statements
    const small = lists(1); // 2
    const results = await Promise.all([t.post(small), t.post(small), t.post(small), t.post(q)]);
    expect(results.slice(0, 3).map((r) => r.body.errors)).toEqual([undefined, undefined, undefined]);
    expect(results[3]!.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const ws = await wsExecute(t.wsClient(), q);
    expect(ws.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(catalog.products.length).toBe(12);
  });
});

describe('request budget: deadline and statement_timeout', () => {
  let t: TestApp;
  let admin: SignedIn;
  let variantId: number;
  beforeAll(async () => {
    t = await startTestApp({
      env: { NODE_ENV: 'production', GRAPHQL_REQUEST_TIMEOUT_MS: '800', DB_STATEMENT_TIMEOUT_MS: '2500' },
    });
    await t.listen();
    const catalog = await catalogScenario(t.prisma);
    admin = await signedIn(t.prisma, { role: 'admin' });
    variantId = (
      await t.prisma.productVariant.findFirstOrThrow({ where: { productId: catalog.products[0]!.id } })
    ).id;
  });
  afterAll(() => t.stop());

  const stock = async () =>
    (await t.prisma.productVariant.findUniqueOrThrow({ where: { id: variantId } })).stockOnHand;
  const adjust = () =>
    t.post(ADJUST, { token: admin.token, variables: { v: toGlobalId('ProductVariant', variantId) } });

  it('sends no statement after the deadline: the mutation rolls back and says why', async () => {
    const before = await stock();
    // The UPDATE waits 1.5 s for the lock (under statement_timeout), then the deadline has passed.
    const released = await lockVariant(t.db.url, variantId, 1500);
    const res = await adjust();
    await released();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'deadline' });
    expect(await stock()).toBe(before);
    expect(await t.prisma.inventoryMovement.count({ where: { variantId } })).toBe(0);
  });

  it('cancels a statement that runs past statement_timeout', async () => {
    const before = await stock();
    const released = await lockVariant(t.db.url, variantId, 4000);
    const res = await adjust();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'statement_timeout',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/canceling|57014|SELECT|UPDATE/);
    await released();
    expect(await stock()).toBe(before);
  });

  it('lets the same mutation through once nothing holds it up', async () => {
    const before = await stock();
    const res = await adjust();
    expect(res.body.errors).toBeUndefined();
    expect(await stock()).toBe(before + 1);
  });
});

describe('the documented long request: catalogImport of a 5 MB file over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
    await t.listen();
  });
  afterAll(() => t.stop());

  it('fits in one request and runs past the statement cap under the import’s own bounds', async () => {
    const admin = await signedIn(t.prisma, { role: 'admin' });
    // 420 products of 300 new brands (a statement each, over the cap of 250), ~4.9 MB with quotes
    // and line breaks that JSON escaping expands.
    const text = 'A "quoted" line of description.\n'.repeat(335);
    const lines = Array.from({ length: 420 }, (_, i) =>
      JSON.stringify({
        sku: `BIG-${i}`,
        name: `Big ${i}`,
        price: '5.00',
        brand: `Brand ${i % 300}`,
        description: text,
      }),
    );
    const content = lines.join('\n');
    expect(Buffer.byteLength(content)).toBeGreaterThan(4.8e6);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(5 * 1024 * 1024);
    const res = await t.post<{ catalogImport: { created: number; userErrors: unknown[] } }>(
      'mutation($c: String!) { catalogImport(input: { format: JSONL, content: $c }) { created userErrors { code } } }',
      { token: admin.token, variables: { c: content } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.catalogImport).toEqual({ created: 420, userErrors: [] });
    expect(await t.prisma.brand.count()).toBe(300);
  });
});
