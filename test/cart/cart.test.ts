import {
  cartMutation,
  cartWith,
  decodeUuid,
  productGid,
  variantGid,
  type CartShape,
} from '../fixtures/cart.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const lineOf = (cart: CartShape, sku: string) =>
  cart.lines.edges.find((e) => e.node.variant.sku === sku)?.node;
const amounts = (c: CartShape) => [
  c.subtotal.amount,
  c.discountTotal.amount,
  c.taxTotal.amount,
  c.shippingTotal.amount,
  c.total.amount,
  c.itemCount,
];

describe('carts', () => {
  let t: TestApp;
  let s: ShopScenario;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
  });
  afterAll(() => t.stop());

  it('builds a guest cart: by variant or single-variant product, quantities summed, totals exact', async () => {
    const [teeS] = s.tee.variants;
    let cart = await cartWith(t, [[teeS!.id, 2]]);
    expect(cart).toMatchObject({ status: 'ACTIVE', currencyCode: 'USD', country: 'US', hasOwner: false });
    // 2 × 20.00 = 40.00; US tax 0; below 50.00 → shipping 5.99; 10.00 to free shipping
    expect(amounts(cart)).toEqual(['40.00', '0.00', '0.00', '5.99', '45.99', 2]);
    expect(cart.amountToFreeShipping).toEqual({ amount: '10.00' });

    cart = (
      await cartMutation(t, 'add', {
        cartId: cart.id,
        lines: [{ productId: productGid(s.mug.id) }, { variantId: variantGid(teeS!.id), quantity: 1 }],
      })
    ).cart!;
    // tee 3 × 20.00 + mug 12.50 = 72.50 → free shipping
    expect(lineOf(cart, 'TEE-S')!.quantity).toBe(3);
    expect(cart.lines.totalCount).toBe(2);
    expect(amounts(cart)).toEqual(['72.50', '0.00', '0.00', '0.00', '72.50', 4]);

    // The lamp is on sale: its line costs the sale price.
    cart = (
      await cartMutation(t, 'add', {
        cartId: cart.id,
        lines: [{ variantId: variantGid(s.lamp.variants[0]!.id) }],
      })
    ).cart!;
    expect(lineOf(cart, 'LAMP')!.unitPrice.amount).toBe('40.00');
    // Germany: 112.50 × 0.19 = 21.375 → 21.38; total 133.88
    cart = (await cartMutation(t, 'country', { cartId: cart.id, country: 'de' })).cart!;
    expect([cart.country, cart.taxRate]).toEqual(['DE', '0.19']);
    expect(amounts(cart)).toEqual(['112.50', '0.00', '21.38', '0.00', '133.88', 5]);
    const row = await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(cart.id) } });
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
  });

  it('refuses bad lines with typed userErrors and writes nothing', async () => {
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]]);
    const tryAdd = async (line: Record<string, unknown>) =>
      (
        await cartMutation(t, 'add', {
          cartId: cart.id,
          lines: [{ variantId: variantGid(s.mug.variants[0]!.id) }, line],
        })
      ).userErrors;
    const cases: [Record<string, unknown>, string, string[], RegExp?][] = [
      [{ productId: productGid(s.tee.id) }, 'VARIANT_REQUIRED', ['lines', '1', 'variantId']],
      [
        { variantId: variantGid(s.mug.variants[0]!.id), quantity: 0 },
        'INVALID_QUANTITY',
        ['lines', '1', 'quantity'],
      ],
      [
        { variantId: variantGid(s.mug.variants[0]!.id), quantity: 1000 },
        'INVALID_QUANTITY',
        ['lines', '1', 'quantity'],
      ],
      [
        { variantId: variantGid(s.tee.variants[1]!.id), quantity: 2 },
        'OUT_OF_STOCK',
        ['lines', '1', 'quantity'],
        /Only 1 available/,
      ],
      [{ variantId: variantGid(s.soldOut.variants[0]!.id) }, 'OUT_OF_STOCK', ['lines', '1', 'quantity']],
      [
        { variantId: variantGid(s.archived.variants[0]!.id) },
        'PRODUCT_UNAVAILABLE',
        ['lines', '1', 'variantId'],
      ],
      [{ variantId: variantGid(s.draft.variants[0]!.id) }, 'NOT_FOUND', ['lines', '1', 'variantId']],
      [{ productId: productGid(s.draft.id) }, 'NOT_FOUND', ['lines', '1', 'productId']],
      [{ variantId: 'not-an-id' }, 'NOT_FOUND', ['lines', '1', 'variantId']],
      [{ variantId: variantGid(s.euro.variants[0]!.id) }, 'CURRENCY_MISMATCH', ['lines', '1']],
      [{ quantity: 1 }, 'VARIANT_REQUIRED', ['lines', '1', 'variantId']],
    ];
    for (const [line, code, field, message] of cases) {
      const errors = await tryAdd(line);
      expect([code, errors.map((e) => [e.code, e.field])]).toEqual([code, [[code, field]]]);
      if (message) expect(errors[0]!.message).toMatch(message);
    }
    // The valid first line of every refused batch was not added either.
    const items = await t.prisma.cartItem.findMany({ where: { cartId: decodeUuid(cart.id) } });
    expect(items.map((i) => i.quantity)).toEqual([1]);

    const res = await t.execute(
      `mutation { cartLinesAdd(cartId: "nope", lines: []) { userErrors { code } } }`,
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const tooMany = Array.from({ length: 101 }, () => ({ variantId: variantGid(s.mug.variants[0]!.id) }));
    const big = await t.execute(
      `mutation($l: [CartLineInput!]!, $c: ID!) { cartLinesAdd(cartId: $c, lines: $l) { userErrors { code } } }`,
      {
        variables: { c: cart.id, l: tooMany },
      },
    );
    expect(big.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('updates, removes and clears lines; a line may shrink below stock but not grow past it', async () => {
    const [teeS] = s.tee.variants;
    const cart = await cartWith(t, [
      [teeS!.id, 5],
      [s.mug.variants[0]!.id, 2],
    ]);
    const tee = lineOf(cart, 'TEE-S')!;
    const mug = lineOf(cart, 'MUG')!;
    await t.prisma.productVariant.update({ where: { id: teeS!.id }, data: { stockOnHand: 3 } });
    const read = await t.execute<{ cart: CartShape }>(
      `query($id: ID!) { cart(id: $id) { lines(first: 10) {
      edges { node { variant { sku } quantity quantityAvailable availability } } } } }`,
      { variables: { id: cart.id } },
    );
    expect(read.data!.cart.lines.edges.map((e) => e.node)).toContainEqual({
      variant: { sku: 'TEE-S' },
      quantity: 5,
      quantityAvailable: 3,
      availability: 'INSUFFICIENT_STOCK',
    });
    const grow = await cartMutation(t, 'update', { cartId: cart.id, lines: [{ id: mug.id, quantity: 200 }] });
    expect(grow.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['OUT_OF_STOCK', ['lines', '0', 'quantity']],
    ]);
    const shrink = await cartMutation(t, 'update', {
      cartId: cart.id,
      lines: [
        { id: tee.id, quantity: 4 },
        { id: mug.id, quantity: 0 },
      ],
    });
    expect(shrink.userErrors).toEqual([]);
    expect(shrink.cart!.lines.edges.map((e) => [e.node.variant.sku, e.node.quantity])).toEqual([
      ['TEE-S', 4],
    ]);
    await t.prisma.productVariant.update({ where: { id: teeS!.id }, data: { stockOnHand: 10 } });

    const other = await cartWith(t, [[s.mug.variants[0]!.id, 1]]);
    const foreign = await cartMutation(t, 'remove', { cartId: cart.id, lineIds: [lineOf(other, 'MUG')!.id] });
    expect(foreign.userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['lineIds', '0']]]);
    const removed = await cartMutation(t, 'remove', { cartId: cart.id, lineIds: [tee.id] });
    expect(removed.cart!.lines.totalCount).toBe(0);
    expect(amounts(removed.cart!)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', 0]);

    await cartMutation(t, 'add', {
      cartId: cart.id,
      lines: [{ variantId: variantGid(s.mug.variants[0]!.id), quantity: 4 }],
    });
    await cartMutation(t, 'applyCode', { cartId: cart.id, code: 'SAVE10' });
    const cleared = await cartMutation(t, 'clear', { cartId: cart.id });
    expect([cleared.cart!.lines.totalCount, cleared.cart!.discountCode]).toEqual([0, null]);
  });

  it('applies discount codes exactly and explains the ones that do not apply', async () => {
    const mug = s.mug.variants[0]!.id;
    const cart = await cartWith(t, [[mug, 4]]); // 4 × 12.50 = 50.00
    const apply = (code: string) => cartMutation(t, 'applyCode', { cartId: cart.id, code });
    for (const [code, expected] of [
      ['BIG100', 'DISCOUNT_MINIMUM_NOT_MET'],
      ['EXPIRED', 'DISCOUNT_INVALID'],
      ['OFF', 'DISCOUNT_INVALID'],
      ['NO-SUCH-CODE', 'DISCOUNT_INVALID'],
      ['', 'DISCOUNT_INVALID'],
    ]) {
      const p = await apply(code!);
      expect([code, p.userErrors.map((e) => [e.code, e.field])]).toEqual([code, [[expected, ['code']]]]);
      expect(p.cart!.discountCode).toBeNull();
    }
    // 10% of 50.00 = 5.00; 45.00 < 50.00 → shipping 5.99 → 50.99 (codes are case-insensitive)
    let c = (await apply('save10')).cart!;
    expect([c.discountCode, amounts(c)]).toEqual([
      { code: 'SAVE10', applicable: true, problem: null },
      ['50.00', '5.00', '0.00', '5.99', '50.99', 4],
    ]);
    c = (await apply('FIVEOFF')).cart!;
    expect(amounts(c)).toEqual(['50.00', '5.00', '0.00', '5.99', '50.99', 4]);

    // 8 mugs = 100.00: BIG100 takes 15% = 15.00, free shipping from 85.00.
    await cartMutation(t, 'update', { cartId: cart.id, lines: [{ id: lineOf(c, 'MUG')!.id, quantity: 8 }] });
    c = (await apply('BIG100')).cart!;
    expect(amounts(c)).toEqual(['100.00', '15.00', '0.00', '0.00', '85.00', 8]);
    // Back under the minimum: the code stays on the cart but grants nothing, and says why.
    c = (
      await cartMutation(t, 'update', { cartId: cart.id, lines: [{ id: lineOf(c, 'MUG')!.id, quantity: 4 }] })
    ).cart!;
    expect([c.discountCode, c.discountTotal.amount]).toEqual([
      { code: 'BIG100', applicable: false, problem: 'DISCOUNT_MINIMUM_NOT_MET' },
      '0.00',
    ]);
    c = (await cartMutation(t, 'removeCode', { cartId: cart.id })).cart!;
    expect(c.discountCode).toBeNull();
  });

  it('shows a price change since a line was added until the line is changed again', async () => {
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 2]]);
    await t.prisma.product.update({ where: { id: s.mug.id }, data: { price: '13.00' } });
    try {
      const read = await t.execute<{ cart: CartShape }>(
        `query($id: ID!) { cart(id: $id) { priceChanged subtotal { amount }
        lines(first: 5) { edges { node { id unitPrice { amount } unitPriceAtAdd { amount } priceChanged } } } } }`,
        {
          variables: { id: cart.id },
        },
      );
      const line = read.data!.cart.lines.edges[0]!.node;
      expect([
        read.data!.cart.priceChanged,
        read.data!.cart.subtotal.amount,
        line.unitPrice,
        line.unitPriceAtAdd,
        line.priceChanged,
      ]).toEqual([true, '26.00', { amount: '13.00' }, { amount: '12.50' }, true]);
      const after = await cartMutation(t, 'update', {
        cartId: cart.id,
        lines: [{ id: line.id, quantity: 3 }],
      });
      expect([after.cart!.priceChanged, lineOf(after.cart!, 'MUG')!.unitPriceAtAdd.amount]).toEqual([
        false,
        '13.00',
      ]);
    } finally {
      await t.prisma.product.update({ where: { id: s.mug.id }, data: { price: '12.50' } });
    }
  });

  it('groups lines by seller: our catalog first, then each marketplace with its product pages', async () => {
    const cart = await cartWith(t, [
      [s.reader.variants[0]!.id, 1],
      [s.mug.variants[0]!.id, 2],
    ]);
    const res = await t.execute<{ cart: { groups: unknown[] } }>(
      `query($id: ID!) { cart(id: $id) { groups {
      marketplace name itemCount subtotal { amount } externalUrls lines { variant { sku } } } } }`,
      { variables: { id: cart.id } },
    );
    expect(res.data!.cart.groups).toEqual([
      {
        marketplace: null,
        name: 'Bazaar',
        itemCount: 2,
        subtotal: { amount: '25.00' },
        externalUrls: [],
        lines: [{ variant: { sku: 'MUG' } }],
      },
      {
        marketplace: 'amazon',
        name: 'amazon',
        itemCount: 1,
        subtotal: { amount: '99.99' },
        externalUrls: ['https://www.amazon.com/dp/B0READER'],
        lines: [{ variant: { sku: 'READER' } }],
      },
    ]);
  });
});
