import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn } from '../fixtures/auth.scenario';
import { cartMutation, cartWith, decodeUuid } from '../fixtures/cart.operations';
import { BERLIN, checkoutCart, localId, orderAmounts } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

describe('checkout', () => {
  let t: TestApp;
  let s: ShopScenario;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
  });
  afterAll(() => t.stop());

  const stock = async (variantId: number) => {
    const v = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: variantId } });
    return [v.stockOnHand, v.stockReserved];
  };
  const orderRow = (gid: string) =>
    t.prisma.order.findUniqueOrThrow({
      where: { id: localId(gid) },
    });

  it('places an order: snapshots, exact totals, stock and ledger, timeline, payment, converted cart, queued confirmation', async () => {
    const c = await signedIn(t.prisma);
    const [teeS] = s.tee.variants;
    const cart = await cartWith(
      t,
      [
        [teeS!.id, 2],
        [s.lamp.variants[0]!.id, 1],
      ],
      c.token,
    );
    await cartMutation(t, 'applyCode', { cartId: cart.id, code: 'SAVE10' }, c.token);
    const before = {
      tee: await stock(teeS!.id),
      used: (await t.prisma.discountCode.findUniqueOrThrow({ where: { code: 'SAVE10' } })).usedCount,
    };

    const { order, userErrors } = await checkoutCart(t, c.token, cart.id, {
      shippingAddress: BERLIN,
      notes: ' ring twice ',
    });
    expect(userErrors).toEqual([]);
    // 2 × 20.00 + 40.00 (sale) = 80.00; 10% = 8.00; 72.00 × 19% = 13.68; free shipping → 85.68
    expect(orderAmounts(order!)).toEqual(['80.00', '8.00', '13.68', '0.00', '85.68', 3]);
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      paymentStatus: 'AUTHORIZED',
      currencyCode: 'USD',
      discountCode: 'SAVE10',
      paymentMethod: 'test',
      notes: 'ring twice',
      shippingAddress: { city: 'Berlin', country: 'DE' },
      billingAddress: { city: 'Berlin' },
      canCancel: true,
      reservationExpiresAt: null,
      channel: 'WEB',
      timeline: [
        { fromStatus: null, status: 'PENDING', note: 'Order placed' },
        { fromStatus: 'PENDING', status: 'CONFIRMED', note: 'Payment authorized (test)' },
      ],
    });
    expect(order!.number).toMatch(/^BZ-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(order!.lines).toEqual([
      expect.objectContaining({
        productName: 'Tee',
        variantName: 'S',
        sku: 'TEE-S',
        quantity: 2,
        unitPrice: { amount: '20.00' },
        lineTotal: { amount: '40.00' },
      }),
      expect.objectContaining({
        sku: 'LAMP',
        quantity: 1,
        unitPrice: { amount: '40.00' },
        lineTotal: { amount: '40.00' },
      }),
    ]);
    expect(order!.payments).toEqual([
      {
        provider: 'TEST',
        status: 'AUTHORIZED',
        amount: { amount: '85.68' },
        providerTransactionId: expect.stringMatching(/^test_/),
      },
    ]);

    const row = await orderRow(order!.id);
    expect(await stock(teeS!.id)).toEqual([before.tee[0]! - 2, before.tee[1]]);
    const moves = await t.prisma.inventoryMovement.findMany({
      where: { orderId: row.id },
      orderBy: { variantId: 'asc' },
    });
    expect(moves.map((m) => [m.variantId, m.reason, m.delta, m.stockAfter, m.actorId])).toEqual([
      [teeS!.id, 'sale', -2, before.tee[0]! - 2, c.customerId],
      [s.lamp.variants[0]!.id, 'sale', -1, 4, c.customerId],
    ]);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: s.tee.id } })).soldCount).toBe(2);
    expect((await t.prisma.discountCode.findUniqueOrThrow({ where: { code: 'SAVE10' } })).usedCount).toBe(
      before.used + 1,
    );
    const cartRow = await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(cart.id) } });
    expect([cartRow.status, cartRow.convertedAt !== null, row.cartId]).toEqual([
      'converted',
      true,
      cartRow.id,
    ]);
    const [job] = await t.prisma.$queryRaw<{ data: { orderId: number } }[]>`
      SELECT data FROM pgboss.job WHERE name = 'order.confirmation'`;
    expect(job!.data).toEqual({ orderId: row.id });
    const me = await t.execute<{ me: { cart: unknown; orders: { totalCount: number } } }>(
      `{ me { cart { id } orders { totalCount } } }`,
      {
        token: c.token,
      },
    );
    expect(me.data!.me).toEqual({ cart: null, orders: { totalCount: 1 } });
  });

  it('holds the units of a manual payment in reserve until it is paid', async () => {
    const c = await signedIn(t.prisma);
    const mug = s.mug.variants[0]!.id;
    const [onHand, reserved] = await stock(mug);
    const cart = await cartWith(t, [[mug, 3]], c.token);
    const { order } = await checkoutCart(t, c.token, cart.id, { paymentMethod: 'MANUAL' });
    expect(order).toMatchObject({
      status: 'PENDING',
      paymentStatus: 'PENDING',
      paymentMethod: 'manual',
      timeline: [{ fromStatus: null, status: 'PENDING', note: 'Order placed' }],
      payments: [
        // 3 × 12.50 = 37.50, + 5.99 shipping
        { provider: 'MANUAL', status: 'PENDING', amount: { amount: '43.49' }, providerTransactionId: null },
      ],
    });
    // 24 h (UNPAID_ORDER_TIMEOUT_MINUTES) to pay
    const due = new Date(order!.reservationExpiresAt!).getTime() - Date.now();
    expect(due).toBeGreaterThan(1439 * 60_000);
    expect(due).toBeLessThan(1441 * 60_000);
    expect(await stock(mug)).toEqual([onHand, reserved! + 3]);
    const [move] = await t.prisma.inventoryMovement.findMany({
      where: { orderId: (await orderRow(order!.id)).id },
    });
    expect([move!.reason, move!.delta, move!.stockAfter]).toEqual(['reservation', 3, onHand]);
  });

  it('refuses what cannot be bought, naming the lines, and writes nothing', async () => {
    const c = await signedIn(t.prisma);
    const mug = s.mug.variants[0]!.id;
    const cart = await cartWith(
      t,
      [
        [mug, 5],
        [s.reader.variants[0]!.id, 1],
      ],
      c.token,
    );
    const lines = Object.fromEntries(cart.lines.edges.map((e) => [e.node.variant.sku, e.node.id]));
    const [onHand] = await stock(mug);
    await t.prisma.productVariant.update({ where: { id: mug }, data: { stockOnHand: 2, stockReserved: 0 } });
    await t.prisma.product.update({ where: { id: s.reader.id }, data: { price: '89.99' } });
    const counts = async () => [
      await t.prisma.order.count(),
      await t.prisma.inventoryMovement.count(),
      await t.prisma.payment.count(),
    ];
    const before = await counts();
    try {
      const res = await checkoutCart(t, c.token, cart.id);
      expect(res.order).toBeNull();
      expect(res.userErrors).toEqual([
        { code: 'OUT_OF_STOCK', field: ['cart', 'lines', lines.MUG], message: 'Only 2 of MUG available' },
        {
          code: 'PRICE_CHANGED',
          field: ['cart', 'lines', lines.READER],
          message: 'The price of READER changed from 99.99 to 89.99',
        },
      ]);
      expect(await counts()).toEqual(before);
      expect(await stock(mug)).toEqual([2, 0]);
      // The cart shows the new price now, so the shopper saw it: a second try accepts it.
      await cartMutation(t, 'update', { cartId: cart.id, lines: [{ id: lines.MUG, quantity: 2 }] }, c.token);
      const again = await checkoutCart(t, c.token, cart.id);
      expect([again.userErrors, again.order!.lines.map((l) => [l.sku, l.unitPrice.amount])]).toEqual([
        [],
        [
          ['MUG', '12.50'],
          ['READER', '89.99'],
        ],
      ]);
    } finally {
      await t.prisma.productVariant.update({ where: { id: mug }, data: { stockOnHand: onHand } });
      await t.prisma.product.update({ where: { id: s.reader.id }, data: { price: '99.99' } });
    }
  });

  it('refuses a code that no longer applies and a declined payment, writing nothing', async () => {
    const c = await signedIn(t.prisma);
    const mug = s.mug.variants[0]!.id;
    const cart = await cartWith(t, [[mug, 8]], c.token); // 100.00
    await cartMutation(t, 'applyCode', { cartId: cart.id, code: 'BIG100' }, c.token);
    await cartMutation(
      t,
      'update',
      { cartId: cart.id, lines: [{ id: cart.lines.edges[0]!.node.id, quantity: 4 }] },
      c.token,
    );
    const stockBefore = await stock(mug);
    const res = await checkoutCart(t, c.token, cart.id);
    expect(res.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['DISCOUNT_MINIMUM_NOT_MET', ['cart', 'discountCode']],
    ]);

    await cartMutation(t, 'applyCode', { cartId: cart.id, code: 'LIMIT3' }, c.token);
    const declined = await checkoutCart(t, c.token, cart.id, { paymentToken: 'tok_decline' });
    expect(declined.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['PAYMENT_DECLINED', ['input', 'paymentMethod']],
    ]);
    expect((await t.prisma.discountCode.findUniqueOrThrow({ where: { code: 'LIMIT3' } })).usedCount).toBe(0);
    expect(await stock(mug)).toEqual(stockBefore);
    expect((await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(cart.id) } })).status).toBe(
      'active',
    );
  });

  it('answers bad input with typed errors: addresses, key, notes, carts that are not the viewer’s', async () => {
    const c = await signedIn(t.prisma);
    const other = await signedIn(t.prisma);
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], c.token);
    const empty = (
      await cartMutation(
        t,
        'clear',
        { cartId: (await cartWith(t, [[s.mug.variants[0]!.id, 1]], other.token)).id },
        other.token,
      )
    ).cart!;
    const foreignAddress = await t.prisma.customerAddress.create({
      data: {
        customerId: other.customerId,
        firstName: 'O',
        lastName: 'T',
        line1: 'x',
        city: 'y',
        postalCode: '1',
        country: 'FR',
      },
    });
    const cases: [Record<string, unknown>, [string, string[]][]][] = [
      [{ shippingAddress: null }, [['ADDRESS_REQUIRED', ['input', 'shippingAddress']]]],
      [
        { shippingAddress: { ...BERLIN, country: 'Germany' } },
        [['INVALID_COUNTRY', ['input', 'shippingAddress', 'country']]],
      ],
      [{ shippingAddress: { ...BERLIN, city: ' ' } }, [['BLANK', ['input', 'shippingAddress', 'city']]]],
      [
        { shippingAddressId: toGlobalId('CustomerAddress', foreignAddress.id), shippingAddress: null },
        [['NOT_FOUND', ['input', 'shippingAddressId']]],
      ],
      [
        { shippingAddressId: toGlobalId('CustomerAddress', foreignAddress.id) },
        [['INVALID', ['input', 'shippingAddress']]],
      ],
      [{ idempotencyKey: '  ' }, [['INVALID', ['input', 'idempotencyKey']]]],
      [{ idempotencyKey: 'k'.repeat(256) }, [['INVALID', ['input', 'idempotencyKey']]]],
      [{ notes: 'n'.repeat(1001) }, [['TOO_LONG', ['input', 'notes']]]],
    ];
    for (const [input, expected] of cases) {
      const res = await checkoutCart(t, c.token, cart.id, input);
      expect([input, res.userErrors.map((e) => [e.code, e.field])]).toEqual([input, expected]);
    }
    expect((await checkoutCart(t, other.token, empty.id)).userErrors.map((e) => e.code)).toEqual([
      'CART_EMPTY',
    ]);
    for (const [token, cartId, code] of [
      [other.token, cart.id, 'NOT_FOUND'], // another customer's cart
      [c.token, (await cartWith(t, [[s.mug.variants[0]!.id, 1]])).id, 'NOT_FOUND'], // a guest cart: sign in with it first
      [c.token, 'nope', 'NOT_FOUND'],
      [null, cart.id, 'UNAUTHENTICATED'],
    ] as const) {
      const res = await t.execute(
        `mutation($c: ID!) { checkout(input: { cartId: $c, shippingAddress: { firstName: "a", lastName: "b", line1: "c", city: "d", postalCode: "1", country: "US" }, paymentMethod: TEST, idempotencyKey: "k1" }) { order { id } } }`,
        { token, variables: { c: cartId } },
      );
      expect([cartId, res.errors?.map((e) => e.extensions?.code)]).toEqual([cartId, [code]]);
    }
    expect(
      await t.prisma.order.count({ where: { customerId: { in: [c.customerId, other.customerId] } } }),
    ).toBe(0);
  });

  it('answers a repeated idempotency key with the same order, and ships to an address of the book', async () => {
    const c = await signedIn(t.prisma);
    const home = await t.prisma.customerAddress.create({
      data: {
        customerId: c.customerId,
        firstName: 'C',
        lastName: 'D',
        line1: 'Rue 1',
        city: 'Paris',
        postalCode: '75001',
        country: 'FR',
      },
    });
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], c.token);
    const key = randomUUID();
    const input = {
      idempotencyKey: key,
      shippingAddress: null,
      shippingAddressId: toGlobalId('CustomerAddress', home.id),
      billingAddress: BERLIN,
    };
    const first = await checkoutCart(t, c.token, cart.id, input);
    // 12.50 × 20% (FR) = 2.50; shipping 5.99 → 20.99
    expect(orderAmounts(first.order!)).toEqual(['12.50', '0.00', '2.50', '5.99', '20.99', 1]);
    expect([first.order!.shippingAddress, first.order!.billingAddress]).toEqual([
      { city: 'Paris', country: 'FR' },
      { city: 'Berlin' },
    ]);
    const again = await checkoutCart(t, c.token, cart.id, input);
    expect([again.userErrors, again.order!.id]).toEqual([[], first.order!.id]);
    const otherKey = await checkoutCart(t, c.token, cart.id);
    expect(otherKey.userErrors.map((e) => e.code)).toEqual(['CART_NOT_ACTIVE']);
    expect(await t.prisma.order.count({ where: { customerId: c.customerId } })).toBe(1);
  });
});
