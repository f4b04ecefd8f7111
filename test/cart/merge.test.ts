import { cartWith, decodeUuid } from '../fixtures/cart.operations';
import { PASSWORD, registerCustomer, type Account } from '../fixtures/customers.scenario';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const LOGIN = `mutation($i: CustomerLoginInput!) { customerLogin(input: $i) {
  token customer { cart { id } } userErrors { code } } }`;
type LoginResult = {
  customerLogin: { token: string | null; customer: { cart: { id: string } | null } | null };
};

/** Merge at sign-in: exact (summed, capped by stock, never shrinking), atomic with the sign-in, retry-safe. */
describe('guest cart merge at sign-in', () => {
  let t: TestApp;
  let s: ShopScenario;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
  });
  afterAll(() => t.stop());

  const login = (who: Account, guestCartId: string) =>
    t.execute<LoginResult>(LOGIN, {
      variables: { i: { email: who.email, password: PASSWORD, guestCartId } },
    });
  const quantities = async (cartGid: string) =>
    Object.fromEntries(
      (
        await t.prisma.cartItem.findMany({
          where: { cartId: decodeUuid(cartGid) },
          include: { variant: true },
        })
      ).map((i) => [i.variant.sku, i.quantity]),
    );

  it('hands the guest cart over when the customer has none', async () => {
    const ana = await registerCustomer(t, 'ana@example.com');
    const guest = await cartWith(t, [[s.tee.variants[0]!.id, 2]]);
    const res = await login(ana, guest.id);
    expect(res.data!.customerLogin.customer!.cart).toEqual({ id: guest.id });
    const row = await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(guest.id) } });
    expect([row.customerId, row.status, row.expiresAt]).toEqual([ana.localId, 'active', null]);
    // It is no longer a guest cart: its id alone does not open it.
    expect(
      (await t.execute(`query($id: ID!) { cart(id: $id) { id } }`, { variables: { id: guest.id } })).data,
    ).toEqual({ cart: null });
  });

  it('sums quantities into the customer cart, capped by stock but never shrinking, and marks the guest cart merged', async () => {
    const ben = await registerCustomer(t, 'ben@example.com');
    const [teeS, teeM] = s.tee.variants;
    const own = await cartWith(
      t,
      [
        [teeS!.id, 8],
        [s.mug.variants[0]!.id, 1],
        [teeM!.id, 1],
      ],
      ben.token,
    );
    await t.prisma.productVariant.update({ where: { id: teeM!.id }, data: { stockReserved: 2 } }); // none left
    const guest = await cartWith(t, [
      [teeS!.id, 4], // 8 + 4 = 12 > 10 available → 10
      [s.mug.variants[0]!.id, 3], // 1 + 3 = 4
      [s.lamp.variants[0]!.id, 2], // new line
    ]);
    await t.prisma.cartItem.create({
      data: { cartId: decodeUuid(guest.id), variantId: teeM!.id, quantity: 1, unitPrice: '25.00' },
    });
    const expected = { 'TEE-S': 10, MUG: 4, LAMP: 2, 'TEE-M': 1 }; // TEE-M: 1 + 1 but 0 available → keeps 1

    const res = await login(ben, guest.id);
    expect(res.data!.customerLogin.customer!.cart).toEqual({ id: own.id });
    expect(await quantities(own.id)).toEqual(expected);
    const g = await t.prisma.cart.findUniqueOrThrow({
      where: { id: decodeUuid(guest.id) },
      include: { items: true },
    });
    expect([g.status, g.mergedIntoId, g.items.length, g.customerId]).toEqual([
      'merged',
      decodeUuid(own.id),
      0,
      null,
    ]);

    // A retried sign-in with the same guest cart moves nothing twice.
    await login(ben, guest.id);
    expect(await quantities(own.id)).toEqual(expected);
    await t.prisma.productVariant.update({ where: { id: teeM!.id }, data: { stockReserved: 1 } });
  });

  it('merges once when two sign-ins with the same guest cart arrive at the same moment', async () => {
    const cy = await registerCustomer(t, 'cy@example.com');
    const own = await cartWith(t, [[s.mug.variants[0]!.id, 1]], cy.token);
    const guest = await cartWith(t, [[s.mug.variants[0]!.id, 5]]);
    const results = await Promise.all([login(cy, guest.id), login(cy, guest.id), login(cy, guest.id)]);
    expect(results.map((r) => r.data!.customerLogin.customer!.cart!.id)).toEqual([own.id, own.id, own.id]);
    expect(await quantities(own.id)).toEqual({ MUG: 6 });
  });

  it('leaves both carts untouched when the sign-in transaction fails, and merges exactly on the retry', async () => {
    const di = await registerCustomer(t, 'di@example.com');
    const own = await cartWith(t, [[s.mug.variants[0]!.id, 2]], di.token);
    const guest = await cartWith(t, [[s.mug.variants[0]!.id, 3]]);
    // A failure injected at the very end of the merge: the guest cart cannot be marked merged.
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'injected'; END$$`);
    await t.prisma.$executeRawUnsafe(`
      CREATE TRIGGER test_fail_merge BEFORE UPDATE ON carts FOR EACH ROW WHEN (NEW.status = 'merged')
      EXECUTE FUNCTION test_fail_merge()`);
    try {
      const failed = await login(di, guest.id);
      expect(failed.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER test_fail_merge ON carts`);
      await t.prisma.$executeRawUnsafe(`DROP FUNCTION test_fail_merge()`);
    }
    expect([await quantities(own.id), await quantities(guest.id)]).toEqual([{ MUG: 2 }, { MUG: 3 }]);
    expect((await t.prisma.cart.findUniqueOrThrow({ where: { id: decodeUuid(guest.id) } })).status).toBe(
      'active',
    );
    // No session was created by the failed sign-in either.
    expect(await t.prisma.authSession.count({ where: { customerId: di.localId } })).toBe(1);

    await login(di, guest.id);
    expect([await quantities(own.id), await quantities(guest.id)]).toEqual([{ MUG: 5 }, {}]);
  });

  it("ignores a cart that belongs to someone else or was merged into someone else's cart", async () => {
    const ed = await registerCustomer(t, 'ed@example.com');
    const fay = await registerCustomer(t, 'fay@example.com');
    const edCart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], ed.token);
    const guest = await cartWith(t, [[s.mug.variants[0]!.id, 2]]);
    await login(ed, guest.id);
    const before = await quantities(edCart.id);
    for (const id of [edCart.id, guest.id]) {
      const res = await login(fay, id);
      expect(res.data!.customerLogin.customer!.cart).toBeNull();
    }
    expect(await quantities(edCart.id)).toEqual(before);
    expect(await t.prisma.cart.count({ where: { customerId: fay.localId } })).toBe(0);
  });
});
