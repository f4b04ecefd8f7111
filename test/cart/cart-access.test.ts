import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { CART_OPS, cartMutation, cartWith, decodeUuid, variantGid } from '../fixtures/cart.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

describe('cart ownership, expiry and concurrency', () => {
  let t: TestApp;
  let s: ShopScenario;
  let alice: SignedIn;
  let bob: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '12' } });
    s = await shopScenario(t.prisma);
    alice = await signedIn(t.prisma);
    bob = await signedIn(t.prisma);
  });
  afterAll(() => t.stop());

  const mug = () => s.mug.variants[0]!.id;

  it("keeps a customer's one active cart to that customer; anyone else is answered as if it did not exist", async () => {
    const cart = await cartWith(t, [[mug(), 1]], alice.token);
    expect(cart.hasOwner).toBe(true);
    // cartCreate again: the same cart, with the new lines added.
    const again = await cartWith(t, [[mug(), 2]], alice.token);
    expect([again.id, again.lines.edges[0]!.node.quantity]).toEqual([cart.id, 3]);
    const me = await t.execute<{ me: { cart: { id: string; itemCount: number } } }>(
      `{ me { cart { id itemCount } } }`,
      {
        token: alice.token,
      },
    );
    expect(me.data!.me.cart).toEqual({ id: cart.id, itemCount: 3 });
    expect(
      (await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(cart.id) } })).expiresAt,
    ).toBeNull();

    for (const token of [bob.token, null]) {
      const read = await t.execute<{ cart: unknown; node: unknown }>(
        `query($id: ID!) { cart(id: $id) { id } node(id: $id) { id } }`,
        { token, variables: { id: cart.id } },
      );
      expect(read).toEqual({ data: { cart: null, node: null } });
      for (const [op, variables] of [
        ['add', { cartId: cart.id, lines: [{ variantId: variantGid(mug()) }] }],
        ['clear', { cartId: cart.id }],
        ['applyCode', { cartId: cart.id, code: 'SAVE10' }],
        ['country', { cartId: cart.id, country: 'DE' }],
      ] as const) {
        const res = await t.execute(CART_OPS[op], { token, variables });
        expect([op, res.errors?.map((e) => [e.extensions?.code, e.message])]).toEqual([
          op,
          [['NOT_FOUND', 'Cart not found']],
        ]);
      }
    }
    const after = await t.prisma.cartItem.findMany({ where: { cartId: decodeUuid(cart.id) } });
    expect(after.map((i) => i.quantity)).toEqual([3]);
  });

  it('lets anyone holding a guest cart id use it until it expires; a checked-out cart no longer changes', async () => {
    const guest = await cartWith(t, [[mug(), 1]]);
    const read = (token: string | null) =>
      t.execute<{ cart: { id: string } | null }>(`query($id: ID!) { cart(id: $id) { id } }`, {
        token,
        variables: { id: guest.id },
      });
    expect((await read(bob.token)).data!.cart).toEqual({ id: guest.id });
    await t.prisma.cart.update({
      where: { id: decodeUuid(guest.id) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await read(null)).data!.cart).toBeNull();
    const res = await t.execute(CART_OPS.clear, { variables: { cartId: guest.id } });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);

    const done = await cartWith(t, [[mug(), 1]]);
    await t.prisma.cart.update({ where: { id: decodeUuid(done.id) }, data: { status: 'converted' } });
    const p = await cartMutation(t, 'add', { cartId: done.id, lines: [{ variantId: variantGid(mug()) }] });
    expect([p.userErrors.map((e) => e.code), p.cart!.status, p.cart!.itemCount]).toEqual([
      ['CART_NOT_ACTIVE'],
      'CONVERTED',
      1,
    ]);
  });

  it('adds exactly under concurrent requests on one cart, and gives a customer one active cart', async () => {
    const cart = await cartWith(t, [[mug(), 1]]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        cartMutation(t, 'add', { cartId: cart.id, lines: [{ variantId: variantGid(mug()) }] }),
      ),
    );
    expect(results.flatMap((r) => r.userErrors)).toEqual([]);
    const [item] = await t.prisma.cartItem.findMany({ where: { cartId: decodeUuid(cart.id) } });
    expect(item!.quantity).toBe(11);

    const carol = await signedIn(t.prisma);
    const created = await Promise.all(
      Array.from({ length: 6 }, () => cartWith(t, [[mug(), 1]], carol.token)),
    );
    expect(new Set(created.map((c) => c.id)).size).toBe(1);
    const rows = await t.prisma.cart.findMany({
      where: { customerId: carol.customerId },
      include: { items: true },
    });
    expect(rows.map((r) => [r.status, r.items[0]!.quantity])).toEqual([['active', 6]]);
  });

  it('reads a cart with its lines, variants and products in a fixed number of statements', async () => {
    const small = await cartWith(t, [[mug(), 1]]);
    const large = await cartWith(t, [
      [mug(), 1],
      [s.tee.variants[0]!.id, 1],
      [s.lamp.variants[0]!.id, 1],
      [s.reader.variants[0]!.id, 1],
    ]);
    const count = async (id: string) =>
      (await t.countStatements(() => t.execute(CART_OPS.get, { variables: { id } }))).statements;
    const [a, b] = [await count(small.id), await count(large.id)];
    expect(a).toBe(b);
    expect(b).toBeLessThanOrEqual(3);
  });
});
