import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith } from '../fixtures/cart.operations';
import { checkoutCart, type OrderShape } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Page = {
  totalCount: number;
  edges: { node: { number: string; status: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
};

describe('orders: who sees what, lists and pages', () => {
  let t: TestApp;
  let s: ShopScenario;
  let ann: SignedIn;
  let bob: SignedIn;
  let admin: SignedIn;
  const annOrders: OrderShape[] = [];
  let bobOrder: OrderShape;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
    [ann, bob] = [await signedIn(t.prisma), await signedIn(t.prisma)];
    admin = await signedIn(t.prisma, { role: 'admin' });
    for (let i = 0; i < 3; i++) annOrders.push(await buy(ann));
    bobOrder = await buy(bob);
    await t.execute(`mutation($id: ID!) { orderCancel(id: $id) { order { id } } }`, {
      token: ann.token,
      variables: { id: annOrders[0]!.id },
    });
  });
  afterAll(() => t.stop());

  async function buy(who: SignedIn) {
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], who.token);
    return (await checkoutCart(t, who.token, cart.id)).order!;
  }
  const ordersOf = async (token: string | null, args: string) => {
    const res = await t.execute<{ orders: Page }>(
      `{ orders(${args}) { totalCount edges { node { number status } } pageInfo { hasNextPage endCursor } } }`,
      { token },
    );
    return res;
  };

  it("lists the viewer's orders newest first, by page and filter", async () => {
    const first = (await ordersOf(ann.token, 'first: 2')).data!.orders;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e) => e.node.number)).toEqual([annOrders[2]!.number, annOrders[1]!.number]);
    const rest = (await ordersOf(ann.token, `first: 2, after: "${first.pageInfo.endCursor}"`)).data!.orders;
    expect([rest.edges.map((e) => e.node.number), rest.pageInfo.hasNextPage]).toEqual([
      [annOrders[0]!.number],
      false,
    ]);
    const cancelled = (await ordersOf(ann.token, 'first: 10, filter: { status: [CANCELLED] }')).data!.orders;
    expect(cancelled.edges.map((e) => [e.node.number, e.node.status])).toEqual([
      [annOrders[0]!.number, 'CANCELLED'],
    ]);
    const future = (await ordersOf(ann.token, 'filter: { createdAfter: "2999-01-01T00:00:00Z" }')).data!
      .orders;
    expect(future.totalCount).toBe(0);
  });

  it("answers another customer's order exactly like a missing one", async () => {
    const target = annOrders[1]!;
    const read = `query($id: ID!, $n: String!) { byId: order(id: $id) { id } byNumber: order(number: $n) { id } node(id: $id) { id } }`;
    const vars = { id: target.id, n: target.number.toLowerCase() };
    expect((await t.execute(read, { token: ann.token, variables: vars })).data).toEqual({
      byId: { id: target.id },
      byNumber: { id: target.id },
      node: { id: target.id },
    });
    const nothing = { byId: null, byNumber: null, node: null };
    for (const token of [bob.token, null])
      expect((await t.execute(read, { token, variables: vars })).data).toEqual(nothing);
    const missing = { id: toGlobalId('Order', 999_999), n: 'BZ-00000-00000' };
    expect((await t.execute(read, { token: bob.token, variables: missing })).data).toEqual(nothing);

    const before = await t.prisma.order.findUniqueOrThrow({ where: { number: target.number } });
    for (const id of [target.id, missing.id]) {
      const res = await t.execute(`mutation($id: ID!) { orderCancel(id: $id) { order { id } } }`, {
        token: bob.token,
        variables: { id },
      });
      expect([res.errors?.map((e) => [e.extensions?.code, e.message])]).toEqual([
        [['NOT_FOUND', 'Order not found']],
      ]);
    }
    expect(await t.prisma.order.findUniqueOrThrow({ where: { number: target.number } })).toEqual(before);
    expect((await ordersOf(bob.token, 'first: 10')).data!.orders.edges.map((e) => e.node.number)).toEqual([
      bobOrder.number,
    ]);
  });

  it('keeps admin operations to admins and refuses bad arguments with codes', async () => {
    const target = annOrders[1]!.id;
    for (const [q, code] of [
      [
        `{ orders(filter: { customerId: "${toGlobalId('Customer', bob.customerId)}" }) { totalCount } }`,
        'FORBIDDEN',
      ],
      [
        `mutation { orderUpdateStatus(input: { orderId: "${target}", status: PROCESSING }) { order { id } } }`,
        'FORBIDDEN',
      ],
      [`mutation { orderMarkPaid(id: "${target}") { order { id } } }`, 'FORBIDDEN'],
      [
        `mutation { shipmentTrackingEventAdd(input: { shipmentId: "x", status: DELIVERED }) { order { id } } }`,
        'FORBIDDEN',
      ],
      [`{ order(id: "${target}", number: "BZ-1") { id } }`, 'BAD_USER_INPUT'],
      [`{ order { id } }`, 'BAD_USER_INPUT'],
      [`{ orders(first: 101) { totalCount } }`, 'QUERY_TOO_COMPLEX'],
    ] as const) {
      const res = await t.execute(q, { token: ann.token });
      expect([q, res.errors?.map((e) => e.extensions?.code)]).toEqual([q, [code]]);
    }
    expect((await ordersOf(null, 'first: 1')).errors?.map((e) => e.extensions?.code)).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it("shows admins everyone's orders, filtered by customer", async () => {
    expect((await ordersOf(admin.token, 'first: 10')).data!.orders.totalCount).toBe(4);
    const annOnly = await ordersOf(
      admin.token,
      `first: 10, filter: { customerId: "${toGlobalId('Customer', ann.customerId)}" }`,
    );
    expect(annOnly.data!.orders.totalCount).toBe(3);
  });

  it('loads Customer.orders for a whole page of customers in a fixed number of statements', async () => {
    const q = `{ customers(first: 50) { edges { node { email orders(first: 2) { totalCount edges { node { number lines { sku } } } } } } } }`;
    const measure = () =>
      t.countStatements(() =>
        t.execute<{ customers: { edges: { node: { email: string; orders: Page } }[] } }>(q, {
          token: admin.token,
        }),
      );
    const two = await measure();
    const annRow = two.result.data!.customers.edges.find(
      (e) => e.node.email.startsWith('customer-') && e.node.orders.totalCount === 3,
    );
    expect(annRow!.node.orders.edges.map((e) => e.node.number)).toEqual([
      annOrders[2]!.number,
      annOrders[1]!.number,
    ]);
    for (let i = 0; i < 3; i++) await buy(await signedIn(t.prisma));
    const five = await measure();
    expect(five.statements).toBe(two.statements);
    expect(five.statements).toBeLessThanOrEqual(7);
  });
});
