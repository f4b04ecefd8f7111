import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith } from '../fixtures/cart.operations';
import { checkoutCart, localId } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const STATUSES = [
  'PENDING',
  'CONFIRMED',
  'PROCESSING',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'REFUNDED',
] as const;
type Status = (typeof STATUSES)[number];

/** The lifecycle of issue 8: every pair not listed here is illegal. */
const ALLOWED = new Set([
  'PENDING→CONFIRMED',
  'PENDING→CANCELLED',
  'CONFIRMED→PROCESSING',
  'CONFIRMED→CANCELLED',
  'PROCESSING→SHIPPED',
  'PROCESSING→CANCELLED',
  'SHIPPED→DELIVERED',
  'SHIPPED→REFUNDED',
  'DELIVERED→REFUNDED',
]);
/** Where the owner may still cancel an order themselves. */
const CUSTOMER_CANCELLABLE = new Set<Status>(['PENDING', 'CONFIRMED']);

const PAYLOAD = `{ order { id status paymentStatus } userErrors { code field } }`;
const UPDATE = `mutation($input: OrderUpdateStatusInput!) { orderUpdateStatus(input: $input) ${PAYLOAD} }`;
const CANCEL = `mutation($id: ID!) { orderCancel(id: $id) ${PAYLOAD} }`;
const PAID = `mutation($id: ID!) { orderMarkPaid(id: $id) ${PAYLOAD} }`;

type Payload = { order: { status: string } | null; userErrors: { code: string; field: string[] }[] };

/**
 * The state machine through the API, not only as a pure table (order-state.spec.ts): an order in
 * each status, reached through the mutations, and every transition the lifecycle does not allow
 * asked for — each is refused with INVALID_TRANSITION and changes nothing.
 */
describe('illegal order transitions', () => {
  let t: TestApp;
  let s: ShopScenario;
  let owner: SignedIn;
  let admin: SignedIn;
  const orders = {} as Record<Status, string>;

  const run = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await t.execute<Record<string, Payload>>(query, { variables, token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data!)[0]!;
  };
  const step = async (id: string, status: Status, extra: Record<string, unknown> = {}) => {
    const p = await run(UPDATE, { input: { orderId: id, status, ...extra } }, admin.token);
    if (p.order?.status !== status) throw new Error(`setup: ${status}: ${JSON.stringify(p.userErrors)}`);
  };
  const SHIPMENT = { shipment: { carrier: 'UPS', trackingNumber: '1Z1' } };

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
    owner = await signedIn(t.prisma);
    admin = await signedIn(t.prisma, { role: 'admin' });
    // Each status reached the way a shop reaches it (a customer has one active cart at a time).
    const place = async (paymentMethod: 'TEST' | 'MANUAL') => {
      const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], owner.token);
      const { order, userErrors } = await checkoutCart(t, owner.token, cart.id, { paymentMethod });
      if (!order) throw new Error(`setup: checkout: ${JSON.stringify(userErrors)}`);
      return order.id;
    };
    orders.PENDING = await place('MANUAL');
    orders.CONFIRMED = await place('TEST');
    orders.PROCESSING = await place('TEST');
    await step(orders.PROCESSING, 'PROCESSING');
    orders.SHIPPED = await place('TEST');
    await step(orders.SHIPPED, 'PROCESSING');
    await step(orders.SHIPPED, 'SHIPPED', SHIPMENT);
    orders.DELIVERED = await place('TEST');
    await step(orders.DELIVERED, 'PROCESSING');
    await step(orders.DELIVERED, 'SHIPPED', SHIPMENT);
    await step(orders.DELIVERED, 'DELIVERED');
    orders.CANCELLED = await place('TEST');
    if ((await run(CANCEL, { id: orders.CANCELLED }, owner.token)).order?.status !== 'CANCELLED')
      throw new Error('setup: cancel');
    orders.REFUNDED = await place('TEST');
    await step(orders.REFUNDED, 'PROCESSING');
    await step(orders.REFUNDED, 'SHIPPED', SHIPMENT);
    await step(orders.REFUNDED, 'REFUNDED');
  });
  afterAll(() => t.stop());

  /** Everything a transition could touch: the order row, its timeline, payments, parcels, the stock, the audit log. */
  const state = async (gid: string) => {
    const id = localId(gid);
    const variant = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: s.mug.variants[0]!.id } });
    return {
      order: await t.prisma.order.findUniqueOrThrow({ where: { id } }),
      timeline: await t.prisma.orderStatusEvent.count({ where: { orderId: id } }),
      payments: await t.prisma.payment.findMany({ where: { orderId: id }, orderBy: { id: 'asc' } }),
      shipments: await t.prisma.shipment.count({ where: { orderId: id } }),
      movements: await t.prisma.inventoryMovement.count({ where: { orderId: id } }),
      stock: [variant.stockOnHand, variant.stockReserved],
      sold: (await t.prisma.product.findUniqueOrThrow({ where: { id: s.mug.id } })).soldCount,
      audit: await t.prisma.adminAuditLog.count(),
    };
  };

  const illegal = STATUSES.flatMap((from) =>
    STATUSES.filter((to) => !ALLOWED.has(`${from}→${to}`)).map((to) => [from, to] as const),
  );

  it('has an order in every status to start from', async () => {
    for (const status of STATUSES) {
      const row = await t.prisma.order.findUniqueOrThrow({ where: { id: localId(orders[status]) } });
      expect([status, row.status.toUpperCase()]).toEqual([status, status]);
    }
    expect(illegal).toHaveLength(7 * 7 - ALLOWED.size);
  });

  it.each(illegal)('refuses %s → %s and changes nothing', async (from, to) => {
    const id = orders[from];
    const before = await state(id);
    const p = await run(
      UPDATE,
      { input: { orderId: id, status: to, note: 'not allowed', ...(to === 'SHIPPED' ? SHIPMENT : {}) } },
      admin.token,
    );
    // The payload shows the order as it stays.
    expect([p.order?.status, p.userErrors]).toEqual([
      from,
      [{ code: 'INVALID_TRANSITION', field: ['input', 'status'] }],
    ]);
    expect(await state(id)).toEqual(before);
  });

  it.each(STATUSES.filter((st) => !CUSTOMER_CANCELLABLE.has(st)))(
    'refuses the owner’s cancellation of a %s order and changes nothing',
    async (from) => {
      const id = orders[from];
      const before = await state(id);
      const p = await run(CANCEL, { id }, owner.token);
      expect([p.order?.status, p.userErrors.map((e) => e.code)]).toEqual([from, ['INVALID_TRANSITION']]);
      expect(await state(id)).toEqual(before);
    },
  );

  it.each(['CANCELLED', 'REFUNDED'] as const)('refuses to mark a %s order paid', async (from) => {
    const id = orders[from];
    const before = await state(id);
    const p = await run(PAID, { id }, admin.token);
    expect([p.order?.status, p.userErrors.map((e) => e.code)]).toEqual([from, ['INVALID_TRANSITION']]);
    expect(await state(id)).toEqual(before);
  });
});
