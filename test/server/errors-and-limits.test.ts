import { startTestApp, wsExecute, type TestApp } from '../support/test-app';

const deepQuery = (depth: number) => {
  let q = '{ category(slug: "x") { id } }';
  for (let i = 0; i < depth; i++) q = q.replace('{ id }', '{ id parent { id } }');
  return q;
};

describe('error masking and query limits (production settings)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { NODE_ENV: 'production', GRAPHQL_MAX_DEPTH: '8', GRAPHQL_MAX_COST: '5000' },
    });
    await t.listen();
  });
  afterAll(() => t.stop());

  it('masks internal failures: no SQL, stack or path reaches the client', async () => {
    await t.prisma.$executeRawUnsafe('ALTER TABLE products RENAME TO products_gone');
    try {
      const res = await t.post('{ products(first: 2) { edges { node { id } } } }');
      const err = res.body.errors?.[0];
      expect(err?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(err?.message).toBe('Internal server error');
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/products_gone|relation|SELECT|stacktrace|\/src\/|node_modules/i);
    } finally {
      await t.prisma.$executeRawUnsafe('ALTER TABLE products_gone RENAME TO products');
    }
  });

  it('keeps intentional errors with their codes', async () => {
    const res = await t.post('{ product(id: "x", slug: "y") { id } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.extensions).not.toHaveProperty('stacktrace');
    const invalid = await t.post('{ nope }');
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects queries deeper than the limit with QUERY_TOO_COMPLEX', async () => {
    const ok = await t.execute(deepQuery(5));
    expect(ok.errors).toBeUndefined();
    const res = await t.execute(deepQuery(9));
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data ?? null).toBeNull();
  });

  it('rejects queries whose estimated cost is over the limit', async () => {
    const res = await t.execute(
      `{ products(first: 100) { edges { node { variants { id name sku } images { id url } category { products(first: 100) { nodes { id } } } } } } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('caps page sizes, also when given through variables', async () => {
    const literal = await t.execute('{ products(first: 101) { nodes { id } } }');
    expect(literal.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const viaVar = await t.execute('query($n: Int) { products(first: $n) { nodes { id } } }', {
      variables: { n: 500 },
    });
    expect(viaVar.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('applies the same limits over WebSocket', async () => {
    const res = await wsExecute(t.wsClient(), deepQuery(9));
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});
