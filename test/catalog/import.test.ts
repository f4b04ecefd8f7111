import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importFile } from '../../src/modules/catalog/import/import.service';
import { signedIn } from '../fixtures/auth.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const rows = [
  {
    sku: 'IMP-1',
    name: 'Alpine Jacket',
    price: '199.00',
    category: 'Outdoor > Jackets',
    brand: 'Peak',
    tags: ['warm', 'Waterproof'],
    images: ['https://img.example/j1.jpg', { url: 'https://img.example/j2.jpg', altText: 'back' }],
    variants: [
      { sku: 'IMP-1-S', name: 'S', attributes: { size: 'S' }, stock: 4 },
      { sku: 'IMP-1-M', attributes: { size: 'M' }, price: '209.00', stock: 0 },
    ],
    specifications: { fabric: 'nylon' },
  },
  {
    sku: 'IMP-2',
    name: 'Trail Pole',
    price: '49.5',
    category: 'Outdoor > Gear',
    brand: 'peak',
    marketplace: 'amazon',
    externalId: 'B0X',
    externalUrl: 'https://amazon.example/B0X',
  },
  { sku: '', name: 'No sku', price: '1' },
  { sku: 'IMP-4', name: 'Bad price', price: 'cheap' },
  { sku: 'IMP-1', name: 'Duplicate', price: '1.00' },
];
const jsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n{not json\n';

describe('catalog import', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp();
    dir = await mkdtemp(path.join(tmpdir(), 'bazaar-import-'));
  });
  afterAll(() => t.stop());

  const snapshot = async () => ({
    products: await t.prisma.product.findMany({
      orderBy: { id: 'asc' },
      include: { tags: true, images: true, variants: true },
    }),
    movements: await t.prisma.inventoryMovement.count(),
  });

  it('imports JSON Lines, reports bad rows by line number, and a second run changes nothing', async () => {
    const file = path.join(dir, 'catalog.jsonl');
    await writeFile(file, jsonl);
    const first = await importFile(t.app.deps.db.pool, file);
    expect(first).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0 });
    expect(first.errors).toEqual([
      { line: 3, message: 'sku is required' },
      { line: 4, message: 'price must be a decimal like 19.99' },
      { line: 5, message: 'duplicate of line 1' },
      { line: 6, message: expect.stringMatching(/^invalid JSON/) },
    ]);
    const res = await t.execute<{
      product: Record<string, unknown>;
    }>(`{ product(slug: "alpine-jacket-imp-1") {
      name tags specifications brand { name } category { path } images { url altText isPrimary }
      variants { sku price { amount } quantityAvailable attributes } } }`);
    expect(res.data!.product).toEqual({
      name: 'Alpine Jacket',
      tags: ['warm', 'waterproof'],
      specifications: { fabric: 'nylon' },
      brand: { name: 'Peak' },
      category: { path: 'outdoor/jackets' },
      images: [
        { url: 'https://img.example/j1.jpg', altText: null, isPrimary: true },
        { url: 'https://img.example/j2.jpg', altText: 'back', isPrimary: false },
      ],
      variants: [
        { sku: 'IMP-1-S', price: { amount: '199.00' }, quantityAvailable: 4, attributes: { size: 'S' } },
        { sku: 'IMP-1-M', price: { amount: '209.00' }, quantityAvailable: 0, attributes: { size: 'M' } },
      ],
    });
    expect(await t.prisma.brand.count()).toBe(1); // "Peak" and "peak" are one brand
    const before = await snapshot();
    const second = await importFile(t.app.deps.db.pool, file);
    expect(second).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it('imports CSV, upserting by marketplace + external id and by SKU', async () => {
    const file = path.join(dir, 'catalog.csv');
    await writeFile(
      file,
      [
        'sku,name,price,category,brand,tags,marketplace,externalId,variants',
        'IMP-2-NEW,"Trail Pole, carbon",59.00,Outdoor > Gear,Peak,carbon|light,amazon,B0X,',
        'IMP-1,Alpine Jacket,179.00,Outdoor > Jackets,Peak,,,,"[{""sku"":""IMP-1-S"",""name"":""S"",""attributes"":{""size"":""S""},""stock"":6}]"',
        'IMP-9,Broken,12.00,,,,amazon,,',
      ].join('\n'),
    );
    const r = await importFile(t.app.deps.db.pool, file);
    expect(r).toMatchObject({ rows: 2, created: 0, updated: 2 });
    expect(r.errors).toEqual([{ line: 4, message: 'marketplace and externalId go together' }]);
    const pole = await t.prisma.product.findFirstOrThrow({
      where: { marketplace: 'amazon', externalId: 'B0X' },
      include: { tags: true },
    });
    expect([pole.sku, pole.name, pole.price.toString(), pole.tags.map((x) => x.tag).sort()]).toEqual([
      'IMP-2-NEW',
      'Trail Pole, carbon',
      '59',
      ['carbon', 'light'],
    ]);
    const jacket = await t.prisma.product.findUniqueOrThrow({
      where: { sku: 'IMP-1' },
      include: { variants: { orderBy: { sku: 'asc' } } },
    });
    expect(jacket.variants.map((v) => [v.sku, v.isActive, v.stockOnHand])).toEqual([
      ['IMP-1-M', false, 0],
      ['IMP-1-S', true, 6],
    ]);
    const moves = await t.prisma.inventoryMovement.findMany({
      where: { variant: { sku: 'IMP-1-S' } },
      orderBy: { id: 'asc' },
    });
    expect(moves.map((m) => [m.delta, m.reason, m.stockAfter])).toEqual([
      [4, 'import', 4],
      [2, 'import', 6],
    ]);
  });

  it('is exposed as an admin mutation for small files, audited', async () => {
    const admin = await signedIn(t.prisma, { role: 'admin' });
    const content =
      JSON.stringify({ sku: 'IMP-M1', name: 'Mutation Mug', price: '9.00', category: 'Kitchen' }) +
      '\n{"sku":"x"}';
    const q = `mutation($c: String!) { catalogImport(input: { format: JSONL, content: $c }) { rows created updated unchanged errors { line message } userErrors { code } } }`;
    const res = await t.execute<{ catalogImport: Record<string, unknown> }>(q, {
      token: admin.token,
      variables: { c: content },
    });
    expect(res.data!.catalogImport).toEqual({
      rows: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      userErrors: [],
      errors: [{ line: 2, message: 'name is required; price is required' }],
    });
    const again = await t.execute<{ catalogImport: Record<string, unknown> }>(q, {
      token: admin.token,
      variables: { c: content },
    });
    expect(again.data!.catalogImport).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(
      await t.prisma.adminAuditLog.count({ where: { action: 'catalog.import', actorId: admin.customerId } }),
    ).toBe(2);
  });
});
