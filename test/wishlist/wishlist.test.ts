import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { productGid, variantGid } from '../fixtures/cart.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const ITEM = `id savedPrice { amount } currentPrice { amount } priceChanged priceDrop { amount } priceDropPercent
  targetPrice { amount } targetReached alertEnabled priority notes collectionName available
  product { name } variant { sku }`;
const PAYLOAD = `{ item { ${ITEM} } removedItemId wishlist { itemCount } userErrors { code field } }`;
const ADD = `mutation($input: WishlistAddInput!) { wishlistAdd(input: $input) ${PAYLOAD} }`;
const UPDATE = `mutation($input: WishlistUpdateInput!) { wishlistUpdate(input: $input) ${PAYLOAD} }`;
const REMOVE = `mutation($id: ID!) { wishlistRemove(itemId: $id) ${PAYLOAD} }`;
const MOVE = `mutation($input: WishlistMoveToCartInput!) { wishlistMoveToCart(input: $input) {
  cart { itemCount lines(first: 10) { edges { node { variant { sku } quantity } } } } wishlist { itemCount }
  userErrors { code field } } }`;

type Item = Record<string, unknown> & { id: string };
type Payload = {
  item: Item | null;
  removedItemId: string | null;
  wishlist: { itemCount: number } | null;
  userErrors: { code: string; field: string[] }[];
};

describe('wishlists', () => {
  let t: TestApp;
  let s: ShopScenario;
  let ann: SignedIn;
  let bo: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
    ann = await signedIn(t.prisma);
    bo = await signedIn(t.prisma);
  });
  afterAll(() => t.stop());

  const run = async (query: string, variables: Record<string, unknown>, token = ann.token) => {
    const res = await t.execute<Record<string, Payload>>(query, { variables, token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data!)[0]!;
  };
  const add = (input: Record<string, unknown>, token?: string) => run(ADD, { input }, token);

  it('saves products with their price now, settings, and updates instead of duplicating', async () => {
    const lamp = await add({
      productId: productGid(s.lamp.id),
      targetPrice: '35.00',
      alertEnabled: true,
      priority: 'HIGH',
      notes: 'for the desk',
      collectionName: ' Office ',
    });
    expect(lamp.userErrors).toEqual([]);
    expect(lamp.item).toMatchObject({
      savedPrice: { amount: '40.00' }, // the sale price when saved
      currentPrice: { amount: '40.00' },
      priceChanged: false,
      targetPrice: { amount: '35.00' },
      targetReached: false,
      alertEnabled: true,
      priority: 'HIGH',
      notes: 'for the desk',
      collectionName: 'Office',
      available: true,
      variant: null,
    });
    const again = await add({ productId: productGid(s.lamp.id), priority: 'LOW' });
    expect([
      again.item!.id,
      again.item!.priority,
      again.item!.targetPrice,
      again.wishlist!.itemCount,
    ]).toEqual([lamp.item!.id, 'LOW', { amount: '35.00' }, 1]);
    const teeM = await add({ productId: productGid(s.tee.id), variantId: variantGid(s.tee.variants[1]!.id) });
    expect([teeM.item!.variant, teeM.item!.savedPrice, teeM.wishlist!.itemCount]).toEqual([
      { sku: 'TEE-M' },
      { amount: '25.00' },
      2,
    ]);
  });

  it('shows the price drop since an item was saved and whether the target is reached', async () => {
    const mug = await add({
      productId: productGid(s.mug.id),
      targetPrice: '11.00',
      collectionName: 'Kitchen',
    });
    await t.prisma.product.update({ where: { id: s.mug.id }, data: { price: '10.00' } });
    try {
      const res = await t.execute<{ node: Item }>(
        `query($id: ID!) { node(id: $id) { ... on WishlistItem { ${ITEM} } } }`,
        {
          token: ann.token,
          variables: { id: mug.item!.id },
        },
      );
      // 12.50 → 10.00: 2.50 cheaper, 20.0 %, at or below the 11.00 target
      expect(res.data!.node).toMatchObject({
        savedPrice: { amount: '12.50' },
        currentPrice: { amount: '10.00' },
        priceChanged: true,
        priceDrop: { amount: '2.50' },
        priceDropPercent: '20.0',
        targetReached: true,
      });
    } finally {
      await t.prisma.product.update({ where: { id: s.mug.id }, data: { price: '12.50' } });
    }
  });

  it('refuses what cannot be saved with typed userErrors', async () => {
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ productId: productGid(s.draft.id) }, 'NOT_FOUND', ['input', 'productId']],
      [{ productId: 'garbage' }, 'NOT_FOUND', ['input', 'productId']],
      [{ productId: productGid(s.archived.id) }, 'PRODUCT_UNAVAILABLE', ['input', 'productId']],
      [
        { productId: productGid(s.tee.id), variantId: variantGid(s.mug.variants[0]!.id) },
        'NOT_FOUND',
        ['input', 'variantId'],
      ],
      [{ productId: productGid(s.mug.id), notes: 'x'.repeat(501) }, 'TOO_LONG', ['input', 'notes']],
      [
        { productId: productGid(s.mug.id), collectionName: 'x'.repeat(101) },
        'TOO_LONG',
        ['input', 'collectionName'],
      ],
      [{ productId: productGid(s.mug.id), targetPrice: '-1' }, 'INVALID_PRICE', ['input', 'targetPrice']],
      [{ productId: productGid(s.mug.id), targetPrice: '1.005' }, 'INVALID_PRICE', ['input', 'targetPrice']],
    ];
    for (const [input, code, field] of cases)
      expect([input, (await add(input)).userErrors]).toEqual([input, [{ code, field }]]);
    const anon = await t.execute(ADD, { variables: { input: { productId: productGid(s.mug.id) } } });
    expect(anon.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect((await t.execute(`{ wishlist { itemCount } }`)).data).toEqual({ wishlist: null });
  });

  it('lists items by page, filter, priority order and collection', async () => {
    const list = (args: string) =>
      t.execute<{
        wishlist: { items: { totalCount: number; edges: { node: Item }[]; pageInfo: { endCursor: string } } };
      }>(
        `{ wishlist { items(${args}) { totalCount edges { node { product { name } priority collectionName } } pageInfo { endCursor } } } }`,
        { token: ann.token },
      );
    const names = async (args: string) =>
      (await list(args)).data!.wishlist.items.edges.map((e) => (e.node.product as { name: string }).name);
    expect(await names('first: 10')).toEqual(['Mug', 'Tee', 'Lamp']); // newest first
    expect(await names('first: 10, sort: PRIORITY')).toEqual(['Mug', 'Tee', 'Lamp']); // medium, medium, low
    await run(UPDATE, { input: { itemId: (await itemOf('Lamp')).id, priority: 'HIGH' } });
    expect(await names('first: 10, sort: PRIORITY')).toEqual(['Lamp', 'Mug', 'Tee']);
    expect(await names('first: 10, collection: "Kitchen"')).toEqual(['Mug']);
    expect(await names('first: 10, priority: HIGH')).toEqual(['Lamp']);
    const page1 = (await list('first: 2')).data!.wishlist.items;
    expect(page1.totalCount).toBe(3);
    expect(await names(`first: 2, after: "${page1.pageInfo.endCursor}"`)).toEqual(['Lamp']);
    const w = await t.execute<{ wishlist: unknown }>(
      `{ wishlist { itemCount collections { name itemCount } } }`,
      {
        token: ann.token,
      },
    );
    expect(w.data!.wishlist).toEqual({
      itemCount: 3,
      collections: [
        { name: 'Kitchen', itemCount: 1 },
        { name: 'Office', itemCount: 1 },
      ],
    });
  });

  async function itemOf(name: string): Promise<Item> {
    const res = await t.execute<{ wishlist: { items: { nodes: (Item & { product: { name: string } })[] } } }>(
      `{ wishlist { items(first: 50) { nodes { id product { name } } } } }`,
      { token: ann.token },
    );
    return res.data!.wishlist.items.nodes.find((n) => n.product.name === name)!;
  }

  it("keeps items to their owner: another customer's item is not found, their wishlist is their own", async () => {
    const lamp = await itemOf('Lamp');
    for (const [query, variables] of [
      [UPDATE, { input: { itemId: lamp.id, notes: 'mine now' } }],
      [REMOVE, { id: lamp.id }],
      [`query($id: ID!) { node(id: $id) { id } }`, { id: lamp.id }],
      [`query($id: ID!) { node(id: $id) { id } }`, { id: toGlobalId('Wishlist', ann.customerId) }],
    ] as const) {
      const res = await t.execute<{ node?: unknown }>(query, { variables, token: bo.token });
      if ('node' in (res.data ?? {})) expect(res.data!.node).toBeNull();
      else expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    }
    expect((await t.execute(`{ wishlist { itemCount } }`, { token: bo.token })).data).toEqual({
      wishlist: { itemCount: 0 },
    });
    expect((await itemOf('Lamp')).id).toBe(lamp.id);
  });

  it('updates settings (null clears) and removes items', async () => {
    const mug = await itemOf('Mug');
    const p = await run(UPDATE, {
      input: { itemId: mug.id, targetPrice: null, collectionName: null, notes: 'blue one' },
    });
    expect(p.item).toMatchObject({
      targetPrice: null,
      collectionName: null,
      notes: 'blue one',
      priority: 'MEDIUM',
    });
    const bad = await run(UPDATE, { input: { itemId: mug.id, notes: 'x'.repeat(501) } });
    expect(bad.userErrors).toEqual([{ code: 'TOO_LONG', field: ['input', 'notes'] }]);
    const removed = await run(REMOVE, { id: mug.id });
    expect([removed.removedItemId, removed.wishlist!.itemCount]).toEqual([mug.id, 2]);
  });

  it('moves items into the cart all or nothing, with the cart rules', async () => {
    const lamp = await itemOf('Lamp');
    const tee = await itemOf('Tee'); // saved with variant M: 1 unit available
    const tshirt = await add({ productId: productGid(s.tee.id) }); // no variant, two active variants
    const sold = await add({ productId: productGid(s.soldOut.id) });
    const move = (itemIds: string[], quantity = 1) =>
      run(MOVE, { input: { itemIds, quantity } }) as never as Promise<{
        cart: {
          itemCount: number;
          lines: { edges: { node: { variant: { sku: string }; quantity: number } }[] };
        } | null;
        wishlist: { itemCount: number };
        userErrors: { code: string; field: string[] }[];
      }>;
    const refused = [
      [[lamp.id, tshirt.item!.id], 'VARIANT_REQUIRED'],
      [[lamp.id, sold.item!.id], 'OUT_OF_STOCK'],
      [[lamp.id, toGlobalId('WishlistItem', 999_999)], 'NOT_FOUND'],
    ] as const;
    for (const [ids, code] of refused) {
      const p = await move([...ids]);
      expect([code, p.userErrors.map((e) => e.code), p.cart]).toEqual([code, [code], null]);
    }
    expect((await move([tee.id], 2)).userErrors.map((e) => e.code)).toEqual(['OUT_OF_STOCK']);
    expect(await t.prisma.cart.count({ where: { customerId: ann.customerId } })).toBe(0);

    const ok = await move([lamp.id, tee.id]);
    expect(ok.userErrors).toEqual([]);
    expect(ok.cart!.lines.edges.map((e) => [e.node.variant.sku, e.node.quantity]).sort()).toEqual([
      ['LAMP', 1],
      ['TEE-M', 1],
    ]);
    expect(ok.wishlist.itemCount).toBe(2); // the two refused items stay
  });

  it('reads a page of items with products and variants in a fixed number of statements', async () => {
    const q = `{ wishlist { items(first: 50) { edges { node { product { name brand { name } } variant { sku } currentPrice { amount } } } } } }`;
    const count = async () => (await t.countStatements(() => t.execute(q, { token: bo.token }))).statements;
    await add({ productId: productGid(s.tee.id), variantId: variantGid(s.tee.variants[0]!.id) }, bo.token);
    const one = await count();
    for (const p of [s.mug, s.lamp, s.reader]) await add({ productId: productGid(p.id) }, bo.token);
    await add({ productId: productGid(s.tee.id), variantId: variantGid(s.tee.variants[1]!.id) }, bo.token);
    // session, wishlist, items page, products, variants: the same for 1 item or 5
    expect([one, await count()]).toEqual([5, 5]);
  });
});
