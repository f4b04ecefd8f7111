import { randomUUID } from 'node:crypto';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartMutation, cartWith, decodeUuid } from '../fixtures/cart.operations';
import { BOSTON, CHECKOUT, type CheckoutResult } from '../fixtures/checkout.operations';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Money and stock under real concurrency: every checkout below is its own HTTP request on its own
 * connection, all sent at once (Promise.all), against a pool of 20 database connections.
 */
describe('checkout under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '20' } });
    await t.listen();
  });
  afterAll(() => t.stop());

  /** A product with one variant and `stock` units. */
  const product = (slug: string, stock: number, price = '30.00') =>
    t.prisma.product.create({
      data: {
        slug,
        sku: slug.toUpperCase(),
        name: slug,
        price,
        status: 'active',
        variants: { create: [{ sku: `${slug.toUpperCase()}-V`, name: 'One', stockOnHand: stock }] },
      },
      include: { variants: true },
    });

  /** `n` customers, each with a cart holding one unit of the variant. */
  async function shoppers(n: number, variantId: number) {
    const customers = await Promise.all(Array.from({ length: n }, () => signedIn(t.prisma)));
    const carts = await Promise.all(customers.map((c) => cartWith(t, [[variantId, 1]], c.token)));
    return customers.map((c, i) => ({ ...c, cartId: carts[i]!.id }));
  }

  const checkoutOverHttp = (who: SignedIn & { cartId: string }, key = randomUUID()) =>
    t
      .post<{ checkout: CheckoutResult }>(CHECKOUT, {
        token: who.token,
        variables: {
          input: { cartId: who.cartId, shippingAddress: BOSTON, paymentMethod: 'TEST', idempotencyKey: key },
        },
      })
      .then((r) => {
        if (r.status !== 200 || r.body.errors) throw new Error(JSON.stringify(r.body));
        return r.body.data!.checkout;
      });

  it('sells exactly 5 units to 50 simultaneous shoppers: 5 orders, 45 OUT_OF_STOCK, stock 0', async () => {
    const p = await product('last-five', 5);
    const variantId = p.variants[0]!.id;
    const results = await Promise.all((await shoppers(50, variantId)).map((s) => checkoutOverHttp(s)));
    const placed = results.filter((r) => r.order);
    const refused = results.flatMap((r) => r.userErrors.map((e) => e.code));
    expect([placed.length, refused.length, new Set(refused)]).toEqual([5, 45, new Set(['OUT_OF_STOCK'])]);
    const v = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: variantId } });
    expect([v.stockOnHand, v.stockReserved]).toEqual([0, 0]);
    const moves = await t.prisma.inventoryMovement.findMany({
      where: { variantId },
      orderBy: { stockAfter: 'desc' },
    });
    expect(moves.map((m) => [m.delta, m.stockAfter])).toEqual([
      [-1, 4],
      [-1, 3],
      [-1, 2],
      [-1, 1],
      [-1, 0],
    ]);
    expect(await t.prisma.order.count({ where: { items: { some: { variantId } } } })).toBe(5);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: p.id } })).soldCount).toBe(5);
  });

  it('places one order for 20 simultaneous checkouts with one idempotency key', async () => {
    const p = await product('one-key', 100);
    const [shopper] = await shoppers(1, p.variants[0]!.id);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => checkoutOverHttp(shopper!, key)));
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    expect(new Set(results.map((r) => r.order!.id)).size).toBe(1);
    expect(await t.prisma.order.count({ where: { customerId: shopper!.customerId } })).toBe(1);
    const v = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: p.variants[0]!.id } });
    expect(v.stockOnHand).toBe(99);
  });

  it('uses a code with usage limit 3 exactly 3 times under 10 simultaneous checkouts', async () => {
    const p = await product('coded', 100);
    const code = await t.prisma.discountCode.create({
      data: { code: 'THREE', kind: 'percentage', value: '20', usageLimit: 3 },
    });
    const buyers = await shoppers(10, p.variants[0]!.id);
    for (const b of buyers) {
      const applied = await cartMutation(t, 'applyCode', { cartId: b.cartId, code: 'THREE' }, b.token);
      expect(applied.userErrors).toEqual([]);
    }
    const results = await Promise.all(buyers.map((b) => checkoutOverHttp(b)));
    const discounted = results.filter((r) => r.order?.discountTotal.amount === '6.00'); // 20% of 30.00
    expect(discounted.length).toBe(3);
    expect(results.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(
      Array(7).fill('DISCOUNT_USAGE_LIMIT_REACHED'),
    );
    expect((await t.prisma.discountCode.findUniqueOrThrow({ where: { id: code.id } })).usedCount).toBe(3);
    expect(await t.prisma.order.count({ where: { discountCodeId: code.id } })).toBe(3);
  });

  it('writes nothing when the transaction fails after the stock was taken', async () => {
    const p = await product('fragile', 7);
    const variantId = p.variants[0]!.id;
    const [shopper] = await shoppers(1, variantId);
    const counts = async () => ({
      orders: await t.prisma.order.count(),
      items: await t.prisma.orderItem.count(),
      movements: await t.prisma.inventoryMovement.count(),
      payments: await t.prisma.payment.count(),
      events: await t.prisma.orderStatusEvent.count(),
      jobs: Number(
        (
          await t.prisma.$queryRaw<
            [{ n: bigint }]
          >`SELECT count(*) AS n FROM pgboss.job WHERE name = 'order.confirmation'`
        )[0].n,
      ),
    });
    const before = await counts();
    // The timeline row is written after the stock update: make that insert fail.
    await t.prisma.$executeRawUnsafe(
      `CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'injected failure'; END$$`,
    );
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_fail BEFORE INSERT ON order_status_events FOR EACH ROW EXECUTE FUNCTION test_fail()`,
    );
    try {
      const res = await t.post(CHECKOUT, {
        token: shopper!.token,
        variables: {
          input: {
            cartId: shopper!.cartId,
            shippingAddress: BOSTON,
            paymentMethod: 'TEST',
            idempotencyKey: randomUUID(),
          },
        },
      });
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(res.body)).not.toMatch(/injected|order_status_events|SELECT|INSERT/);
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER test_fail ON order_status_events`);
      await t.prisma.$executeRawUnsafe(`DROP FUNCTION test_fail()`);
    }
    expect(await counts()).toEqual(before);
    const v = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: variantId } });
    expect([v.stockOnHand, v.stockReserved]).toEqual([7, 0]);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: p.id } })).soldCount).toBe(0);
    expect(
      (await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(shopper!.cartId) } })).status,
    ).toBe('active');
    // And the same cart checks out once the fault is gone.
    expect((await checkoutOverHttp(shopper!)).order).not.toBeNull();
  });
});
