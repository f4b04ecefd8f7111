import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { searchScenario, type SearchScenario } from '../fixtures/catalog.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

describe('admin catalog', () => {
  let t: TestApp;
  let s: SearchScenario;
  let admin: SignedIn;
  let customer: SignedIn;
  const gid = (type: string, id: number) => toGlobalId(type, id);
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await searchScenario(t.prisma);
    admin = await signedIn(t.prisma, { role: 'admin' });
    customer = await signedIn(t.prisma);
  });
  afterAll(() => t.stop());

  const mutations = () => [
    `mutation { productCreate(input: { sku: "N-1", name: "New", price: "1.00" }) { userErrors { code } } }`,
    `mutation { productUpdate(id: "${gid('Product', s.products[0]!.id)}", input: { name: "X" }) { userErrors { code } } }`,
    `mutation { productArchive(id: "${gid('Product', s.products[0]!.id)}") { userErrors { code } } }`,
    `mutation { categoryCreate(input: { name: "New" }) { userErrors { code } } }`,
    `mutation { categoryUpdate(id: "${gid('Category', s.categories.home.id)}", input: { name: "X" }) { userErrors { code } } }`,
    `mutation { brandCreate(input: { name: "New" }) { userErrors { code } } }`,
    `mutation { brandUpdate(id: "${gid('Brand', s.brands.orbit.id)}", input: { name: "X" }) { userErrors { code } } }`,
    `mutation { inventoryAdjust(input: { variantId: "${gid('ProductVariant', 1)}", delta: 1, reason: restock }) { userErrors { code } } }`,
    `mutation { searchSynonymSet(input: { term: "a", synonyms: ["b"] }) { userErrors { code } } }`,
    `mutation { searchSynonymDelete(term: "a") { userErrors { code } } }`,
    `mutation { catalogImport(input: { format: JSONL, content: "" }) { rows } }`,
    `{ searchSynonyms { term } }`,
  ];

  it('refuses anonymous callers (UNAUTHENTICATED) and customers (FORBIDDEN), changing nothing', async () => {
    const audits = await t.prisma.adminAuditLog.count();
    for (const m of mutations()) {
      expect((await t.execute(m)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.execute(m, { token: customer.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await t.prisma.product.count({ where: { sku: 'N-1' } })).toBe(0);
    expect(await t.prisma.adminAuditLog.count()).toBe(audits);
  });

  it('creates, updates and archives products with audit entries', async () => {
    const create = await t.execute<{
      productCreate: {
        product: { id: string; slug: string; status: string; product: null };
        userErrors: unknown[];
      };
    }>(
      `mutation($c: ID) { productCreate(input: { sku: "NEW-1", name: "Glass Teapot", price: "24.50", categoryId: $c, status: active, tags: ["Glass", "tea"] }) {
        product { id slug status product { name tags } } userErrors { code } } }`,
      { token: admin.token, variables: { c: gid('Category', s.categories.kitchen.id) } },
    );
    expect(create.data!.productCreate.userErrors).toEqual([]);
    expect(create.data!.productCreate.product).toMatchObject({
      slug: 'glass-teapot-new-1',
      status: 'active',
      product: { name: 'Glass Teapot', tags: ['glass', 'tea'] },
    });
    const id = create.data!.productCreate.product.id;
    const taken = (input: string) =>
      t.execute<{ productCreate: { product: null; userErrors: { code: string; field: string[] }[] } }>(
        `mutation { productCreate(input: ${input}) { product { id } userErrors { code field } } }`,
        { token: admin.token },
      );
    // The field that is taken, and only it: a used SKU is not reported as the slug (or the reverse).
    expect((await taken(`{ sku: "NEW-1", name: "Other", price: "1.00" }`)).data!.productCreate).toEqual({
      product: null,
      userErrors: [{ code: 'TAKEN', field: ['input', 'sku'] }],
    });
    expect(
      (await taken(`{ sku: "NEW-2", name: "Other", slug: "glass-teapot-new-1", price: "1.00" }`)).data!
        .productCreate,
    ).toEqual({
      product: null,
      userErrors: [{ code: 'TAKEN', field: ['input', 'slug'] }],
    });
    const bad = await t.execute<{ productUpdate: { userErrors: { code: string }[] } }>(
      `mutation($id: ID!) { productUpdate(id: $id, input: { salePrice: "30.00", saleStartsAt: "2026-02-01T00:00:00Z", saleEndsAt: "2026-01-01T00:00:00Z" }) { userErrors { code } } }`,
      { token: admin.token, variables: { id } },
    );
    expect(bad.data!.productUpdate.userErrors[0]!.code).toBe('INVALID');
    const upd = await t.execute<{ productUpdate: { product: { price: { amount: string } } } }>(
      `mutation($id: ID!) { productUpdate(id: $id, input: { price: "19.90" }) { product { price { amount } } userErrors { code } } }`,
      { token: admin.token, variables: { id } },
    );
    expect(upd.data!.productUpdate.product.price.amount).toBe('19.90');
    const arch = await t.execute<{ productArchive: { product: { status: string; product: null } } }>(
      `mutation($id: ID!) { productArchive(id: $id) { product { status product { id } } } }`,
      { token: admin.token, variables: { id } },
    );
    expect(arch.data!.productArchive.product).toEqual({ status: 'archived', product: null });
    const audit = await t.prisma.adminAuditLog.findMany({
      where: { resourceType: 'Product' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['product.create', admin.customerId],
      ['product.update', admin.customerId],
      ['product.archive', admin.customerId],
    ]);
    expect((audit[1]!.before as { price: string }).price).toBe('24.5');
  });

  it('moves categories but never into their own subtree', async () => {
    const move = (id: number, parent: number | null) =>
      t.execute<{ categoryUpdate: { category: { path: string } | null; userErrors: { code: string }[] } }>(
        `mutation($id: ID!, $p: ID) { categoryUpdate(id: $id, input: { parentId: $p }) { category { path } userErrors { code } } }`,
        {
          token: admin.token,
          variables: { id: gid('Category', id), p: parent === null ? null : gid('Category', parent) },
        },
      );
    expect(
      (await move(s.categories.home.id, s.categories.kitchen.id)).data!.categoryUpdate.userErrors[0]!.code,
    ).toBe('CATEGORY_CYCLE');
    expect(
      (await move(s.categories.home.id, s.categories.home.id)).data!.categoryUpdate.userErrors[0]!.code,
    ).toBe('CATEGORY_CYCLE');
    expect(
      (await move(s.categories.kitchen.id, s.categories.sport.id)).data!.categoryUpdate.category!.path,
    ).toBe('sport/kitchen');
    expect((await move(s.categories.kitchen.id, null)).data!.categoryUpdate.category!.path).toBe('kitchen');
    const created = await t.execute<{ categoryCreate: { category: { path: string } } }>(
      `mutation($p: ID) { categoryCreate(input: { name: "Tea & Coffee", parentId: $p }) { category { path } } }`,
      { token: admin.token, variables: { p: gid('Category', s.categories.kitchen.id) } },
    );
    expect(created.data!.categoryCreate.category.path).toBe('kitchen/tea-coffee');
    expect(await t.prisma.adminAuditLog.count({ where: { resourceType: 'Category' } })).toBe(3);
  });

  it('renames brands and the search follows', async () => {
    const res = await t.execute<{ brandUpdate: { brand: { name: string } } }>(
      `mutation($id: ID!) { brandUpdate(id: $id, input: { name: "Zephyrix" }) { brand { name } userErrors { code } } }`,
      { token: admin.token, variables: { id: gid('Brand', s.brands.orbit.id) } },
    );
    expect(res.data!.brandUpdate.brand.name).toBe('Zephyrix');
    const found = await t.execute<{ searchProducts: { totalCount: number } }>(
      `{ searchProducts(query: "zephyrix") { totalCount } }`,
    );
    expect(found.data!.searchProducts.totalCount).toBe(6);
    expect(await t.prisma.adminAuditLog.count({ where: { action: 'brand.update' } })).toBe(1);
  });

  it('adjusts inventory with a ledger row and never below zero, even concurrently', async () => {
    const variant = await t.prisma.productVariant.findUniqueOrThrow({ where: { sku: 'S-6-V' } }); // stock 2
    const adjust = (delta: number) =>
      t.execute<{ inventoryAdjust: { stockOnHand: number | null; userErrors: { code: string }[] } }>(
        `mutation($v: ID!, $d: Int!) { inventoryAdjust(input: { variantId: $v, delta: $d, reason: adjustment, note: "count" }) { stockOnHand variant { quantityAvailable } userErrors { code } } }`,
        { token: admin.token, variables: { v: gid('ProductVariant', variant.id), d: delta } },
      );
    expect((await adjust(8)).data!.inventoryAdjust.stockOnHand).toBe(10);
    const results = await Promise.all(Array.from({ length: 15 }, () => adjust(-1)));
    const ok = results.filter((r) => r.data!.inventoryAdjust.userErrors.length === 0);
    expect(ok).toHaveLength(10);
    expect(
      results.filter((r) => r.data!.inventoryAdjust.userErrors[0]?.code === 'INSUFFICIENT_STOCK'),
    ).toHaveLength(5);
    const after = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: variant.id } });
    expect(after.stockOnHand).toBe(0);
    const ledger = await t.prisma.inventoryMovement.findMany({
      where: { variantId: variant.id },
      orderBy: { id: 'asc' },
    });
    expect(ledger).toHaveLength(11);
    expect(ledger.reduce((a, m) => a + m.delta, 0)).toBe(-2);
    expect(ledger.every((m) => m.stockAfter >= 0 && m.actorId === admin.customerId)).toBe(true);
    expect(await t.prisma.adminAuditLog.count({ where: { action: 'inventory.adjust' } })).toBe(11);
  });

  it('manages synonyms with audit entries', async () => {
    const set = await t.execute(
      `mutation { searchSynonymSet(input: { term: "sofa", synonyms: ["couch", "settee"] }) { synonym { term } userErrors { code } } }`,
      { token: admin.token },
    );
    expect(set.errors).toBeUndefined();
    const list = await t.execute<{ searchSynonyms: { term: string; synonyms: string[] }[] }>(
      `{ searchSynonyms { term synonyms } }`,
      { token: admin.token },
    );
    expect(list.data!.searchSynonyms).toEqual([{ term: 'sofa', synonyms: ['couch', 'settee'] }]);
    const del = await t.execute<{ searchSynonymDelete: { userErrors: unknown[] } }>(
      `mutation { searchSynonymDelete(term: "Sofa") { userErrors { code } } }`,
      { token: admin.token },
    );
    expect(del.data!.searchSynonymDelete.userErrors).toEqual([]);
    expect(await t.prisma.adminAuditLog.count({ where: { resourceType: 'SearchSynonym' } })).toBe(2);
  });
});
