import type { Client } from 'graphql-ws';
import { createLogger } from '../../src/logger';
import { createApp, type App } from '../../src/server/app';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith } from '../fixtures/cart.operations';
import { checkoutCart } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type GqlResult, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const SUBSCRIBE = `subscription($id: ID!) { orderStatusChanged(orderId: $id) {
  fromStatus status note order { id status paymentStatus timeline { status } } } }`;
type Change = {
  orderStatusChanged: {
    fromStatus: string | null;
    status: string;
    note: string | null;
    order: { id: string; status: string; paymentStatus: string; timeline: { status: string }[] };
  };
};

/** Subscribes and collects what arrives. */
function listen(client: Client, orderId: string) {
  const results: GqlResult<Change>[] = [];
  let completed = false;
  const stop = client.subscribe<Change>(
    { query: SUBSCRIBE, variables: { id: orderId } },
    {
      next: (r) => void results.push(r as GqlResult<Change>),
      error: (e) => void results.push({ errors: Array.isArray(e) ? e : [{ message: String(e) }] }),
      complete: () => void (completed = true),
    },
  );
  return { results, stop, isComplete: () => completed };
}

/**
 * orderStatusChanged over a real WebSocket: events published inside the committing transaction
 * reach the owner, also when another API process (a second app on the same database) made the
 * change; nobody else may subscribe.
 */
describe('orderStatusChanged subscription', () => {
  let t: TestApp;
  let s: ShopScenario;
  let ann: SignedIn;
  let bob: SignedIn;
  let admin: SignedIn;
  let second: App;
  let secondUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    await t.listen();
    s = await shopScenario(t.prisma);
    [ann, bob] = [await signedIn(t.prisma), await signedIn(t.prisma)];
    admin = await signedIn(t.prisma, { role: 'admin' });
    second = await createApp({
      config: t.config,
      log: createLogger('silent'),
      databaseUrl: t.db.url,
      workers: false,
    });
    secondUrl = `http://127.0.0.1:${await second.http.listen(0, '127.0.0.1')}/graphql`;
  });
  afterAll(async () => {
    await second.stop();
    await t.stop();
  });

  const manualOrder = async () => {
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], ann.token);
    return (await checkoutCart(t, ann.token, cart.id, { paymentMethod: 'MANUAL' })).order!;
  };
  const subscribed = (n: number) => waitFor(async () => t.app.deps.pubsub.size === n, 5000);

  it('delivers changes made by this process and by a second process on the same database', async () => {
    const order = await manualOrder();
    const sub = listen(t.wsClient({ token: ann.token }), order.id);
    await subscribed(1);

    await t.execute(`mutation($id: ID!) { orderMarkPaid(id: $id) { userErrors { code } } }`, {
      token: admin.token,
      variables: { id: order.id },
    });
    await waitFor(async () => sub.results.length === 1, 5000);
    expect(sub.results[0]).toEqual({
      data: {
        orderStatusChanged: {
          fromStatus: 'PENDING',
          status: 'CONFIRMED',
          note: 'Payment received',
          order: {
            id: order.id,
            status: 'CONFIRMED',
            paymentStatus: 'PAID',
            timeline: [{ status: 'PENDING' }, { status: 'CONFIRMED' }],
          },
        },
      },
    });

    // The second API process makes the next change: PostgreSQL NOTIFY carries it to this one.
    const res = await fetch(secondUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({
        query: `mutation($id: ID!) { orderUpdateStatus(input: { orderId: $id, status: PROCESSING }) { userErrors { code } } }`,
        variables: { id: order.id },
      }),
    });
    expect(await res.json()).toEqual({ data: { orderUpdateStatus: { userErrors: [] } } });
    await waitFor(async () => sub.results.length === 2, 5000);
    expect(sub.results[1]!.data!.orderStatusChanged).toMatchObject({
      fromStatus: 'CONFIRMED',
      status: 'PROCESSING',
      order: {
        status: 'PROCESSING',
        timeline: [{ status: 'PENDING' }, { status: 'CONFIRMED' }, { status: 'PROCESSING' }],
      },
    });
    sub.stop();
    await subscribed(0);
  });

  it('tells the owner about their own cancellation', async () => {
    const order = await manualOrder();
    const sub = listen(t.wsClient({ token: ann.token }), order.id);
    await subscribed(1);
    await t.execute(
      `mutation($id: ID!) { orderCancel(id: $id, reason: "too slow") { userErrors { code } } }`,
      {
        token: ann.token,
        variables: { id: order.id },
      },
    );
    await waitFor(async () => sub.results.length === 1, 5000);
    expect(sub.results[0]!.data!.orderStatusChanged).toMatchObject({
      status: 'CANCELLED',
      note: 'Cancelled by the customer: too slow',
      order: { paymentStatus: 'FAILED' },
    });
    sub.stop();
    await subscribed(0);
  });

  it("refuses another customer's order exactly like a missing one, and anonymous sockets", async () => {
    const order = await manualOrder();
    const attempts = [
      [bob.token, order.id, 'NOT_FOUND'],
      [bob.token, Buffer.from('Order:987654').toString('base64url'), 'NOT_FOUND'],
      [bob.token, 'garbage', 'NOT_FOUND'],
      [null, order.id, 'UNAUTHENTICATED'],
    ] as const;
    const refusals = [];
    for (const [token, id] of attempts) {
      const sub = listen(t.wsClient({ token }), id);
      await waitFor(async () => sub.isComplete() || sub.results.length > 0, 5000);
      refusals.push(sub.results[0]!.errors!.map((e) => [e.extensions?.code, e.message]));
    }
    expect(refusals).toEqual(
      attempts.map(([, , code]) => [[code, code === 'NOT_FOUND' ? 'Order not found' : 'Sign in to do this']]),
    );
    expect(t.app.deps.pubsub.size).toBe(0);
  });
});
