import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith } from '../fixtures/cart.operations';
import { localId, checkoutCart, ORDER_FIELDS, type OrderShape } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const PAYLOAD = `{ order { ${ORDER_FIELDS} cancelledAt shipments { carrier trackingNumber deliveredAt events { status location } } }
  userErrors { code field } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { orderCancel(id: $id, reason: $reason) ${PAYLOAD} }`;
const UPDATE = `mutation($input: OrderUpdateStatusInput!) { orderUpdateStatus(input: $input) ${PAYLOAD} }`;
const PAID = `mutation($id: ID!, $ref: String) { orderMarkPaid(id: $id, transactionId: $ref) ${PAYLOAD} }`;
const TRACK = `mutation($input: ShipmentTrackingEventInput!) { shipmentTrackingEventAdd(input: $input) ${PAYLOAD} }`;

type Payload = {
  order:
    (OrderShape & { shipments: { carrier: string; deliveredAt: string | null; events: unknown[] }[] }) | null;
  userErrors: { code: string; field: string[] }[];
};

describe('order lifecycle', () => {
  let t: TestApp;
  let s: ShopScenario;
  let ann: SignedIn;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
    ann = await signedIn(t.prisma);
    admin = await signedIn(t.prisma, { role: 'admin' });
  });
  afterAll(() => t.stop());

  const run = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await t.execute<Record<string, Payload>>(query, { variables, token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return Object.values(res.data!)[0]!;
  };
  const order = async (lines: [number, number][], paymentMethod = 'TEST', who = ann) =>
    (await checkoutCart(t, who.token, (await cartWith(t, lines, who.token)).id, { paymentMethod })).order!;
  const stock = async (variantId: number) => {
    const v = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: variantId } });
    return [v.stockOnHand, v.stockReserved];
  };
  const moves = (orderGid: string) =>
    t.prisma.inventoryMovement
      .findMany({ where: { orderId: localId(orderGid) }, orderBy: { id: 'asc' } })
      .then((ms) => ms.map((m) => [m.reason, m.delta]));

  it('lets the customer cancel a confirmed order: units back on hand, payment refunded, audited', async () => {
    const tee = s.tee.variants[0]!.id;
    const before = await stock(tee);
    const o = await order([[tee, 2]]);
    const p = await run(CANCEL, { id: o.id, reason: 'changed my mind' }, ann.token);
    expect(p.userErrors).toEqual([]);
    expect(p.order).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED', canCancel: false });
    expect(p.order!.timeline.at(-1)).toEqual({
      fromStatus: 'CONFIRMED',
      status: 'CANCELLED',
      note: 'Cancelled by the customer: changed my mind',
    });
    expect(p.order!.payments.map((x) => x.status)).toEqual(['REFUNDED']);
    expect(await stock(tee)).toEqual(before);
    expect(await moves(o.id)).toEqual([
      ['sale', -2],
      ['cancellation', 2],
    ]);
    expect((await t.prisma.product.findUniqueOrThrow({ where: { id: s.tee.id } })).soldCount).toBe(0);
    const audit = await t.prisma.adminAuditLog.findFirstOrThrow({ where: { action: 'order.cancel' } });
    expect([audit.actorId, audit.resourceId, audit.before, audit.after]).toEqual([
      ann.customerId,
      String(localId(o.id)),
      { status: 'confirmed', paymentStatus: 'authorized' },
      { status: 'cancelled', reason: 'changed my mind' },
    ]);
    const again = await run(CANCEL, { id: o.id }, ann.token);
    expect(again.userErrors).toEqual([{ code: 'INVALID_TRANSITION', field: ['id'] }]);
  });

  it('releases the reserved units when an unpaid manual order is cancelled', async () => {
    const mug = s.mug.variants[0]!.id;
    const before = await stock(mug);
    const o = await order([[mug, 2]], 'MANUAL');
    expect(await stock(mug)).toEqual([before[0], before[1]! + 2]);
    const p = await run(CANCEL, { id: o.id }, ann.token);
    expect(p.order).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'FAILED',
      reservationExpiresAt: null,
    });
    expect(await stock(mug)).toEqual(before);
    expect(await moves(o.id)).toEqual([
      ['reservation', 2],
      ['release', -2],
    ]);
  });

  it('takes a manual order from payment to delivery and refund, refusing every illegal step', async () => {
    const mug = s.mug.variants[0]!.id;
    const before = await stock(mug);
    const o = await order([[mug, 2]], 'MANUAL');
    const step = (status: string, extra: Record<string, unknown> = {}) =>
      run(UPDATE, { input: { orderId: o.id, status, ...extra } }, admin.token);
    const refused = async (status: string, code: string, extra: Record<string, unknown> = {}) => {
      const snapshot = await t.prisma.order.findUniqueOrThrow({ where: { id: localId(o.id) } });
      const p = await step(status, extra);
      expect([status, p.userErrors.map((e) => e.code)]).toEqual([status, [code]]);
      expect(await t.prisma.order.findUniqueOrThrow({ where: { id: localId(o.id) } })).toEqual(snapshot);
    };
    await refused('CONFIRMED', 'PAYMENT_REQUIRED');
    await refused('SHIPPED', 'INVALID_TRANSITION');

    const paid = await run(PAID, { id: o.id, ref: 'BANK-4711' }, admin.token);
    expect(paid.order).toMatchObject({
      status: 'CONFIRMED',
      paymentStatus: 'PAID',
      reservationExpiresAt: null,
    });
    expect(paid.order!.payments).toEqual([
      expect.objectContaining({ status: 'PAID', providerTransactionId: 'BANK-4711' }),
    ]);
    expect(paid.order!.timeline.at(-1)).toEqual({
      fromStatus: 'PENDING',
      status: 'CONFIRMED',
      note: 'Payment received',
    });
    expect(await stock(mug)).toEqual([before[0]! - 2, before[1]]);
    expect(await moves(o.id)).toEqual([
      ['reservation', 2],
      ['sale', -2],
    ]);
    expect((await run(PAID, { id: o.id }, admin.token)).userErrors.map((e) => e.code)).toEqual([
      'ALREADY_PAID',
    ]);

    await refused('PENDING', 'INVALID_TRANSITION');
    await refused('DELIVERED', 'INVALID_TRANSITION');
    await refused('REFUNDED', 'INVALID_TRANSITION');
    expect((await step('PROCESSING')).order!.status).toBe('PROCESSING');
    await refused('SHIPPED', 'SHIPMENT_REQUIRED');
    await refused('SHIPPED', 'BLANK', { shipment: { carrier: ' ', trackingNumber: '1Z' } });
    const shipped = await step('SHIPPED', { shipment: { carrier: 'UPS', trackingNumber: '1Z999' } });
    expect(shipped.order!.timeline.at(-1)).toEqual({
      fromStatus: 'PROCESSING',
      status: 'SHIPPED',
      note: 'Shipped with UPS, tracking 1Z999',
    });
    await refused('CANCELLED', 'INVALID_TRANSITION');
    const shipmentId = (await t.prisma.shipment.findFirstOrThrow({ where: { orderId: localId(o.id) } })).id;
    const gid = Buffer.from(`Shipment:${shipmentId}`).toString('base64url');
    await run(
      TRACK,
      { input: { shipmentId: gid, status: 'IN_TRANSIT', location: 'Memphis, TN' } },
      admin.token,
    );
    const delivered = await run(TRACK, { input: { shipmentId: gid, status: 'DELIVERED' } }, admin.token);
    expect(delivered.order).toMatchObject({
      status: 'DELIVERED',
      shipments: [
        {
          carrier: 'UPS',
          trackingNumber: '1Z999',
          deliveredAt: expect.anything(),
          events: [
            { status: 'IN_TRANSIT', location: 'Memphis, TN' },
            { status: 'DELIVERED', location: null },
          ],
        },
      ],
    });
    const refund = await step('REFUNDED', { note: 'returned damaged' });
    expect(refund.order).toMatchObject({ status: 'REFUNDED', paymentStatus: 'REFUNDED' });
    for (const status of ['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED'])
      await refused(status, 'INVALID_TRANSITION');
    expect((await run(CANCEL, { id: o.id }, ann.token)).userErrors.map((e) => e.code)).toEqual([
      'INVALID_TRANSITION',
    ]);
    const actions = await t.prisma.adminAuditLog.findMany({ where: { resourceId: String(localId(o.id)) } });
    expect(actions.map((a) => a.action).sort()).toEqual([
      'order.mark_paid',
      'order.update_status',
      'order.update_status',
      'order.update_status',
    ]);
  });

  it('captures an authorized payment when the order ships', async () => {
    const o = await order([[s.mug.variants[0]!.id, 1]]);
    await run(UPDATE, { input: { orderId: o.id, status: 'PROCESSING' } }, admin.token);
    const shipped = await run(
      UPDATE,
      { input: { orderId: o.id, status: 'SHIPPED', shipment: { carrier: 'DHL', trackingNumber: 'JD01' } } },
      admin.token,
    );
    expect([shipped.order!.paymentStatus, shipped.order!.payments.map((p) => p.status)]).toEqual([
      'PAID',
      ['PAID'],
    ]);
    expect((await run(CANCEL, { id: o.id }, ann.token)).userErrors.map((e) => e.code)).toEqual([
      'INVALID_TRANSITION',
    ]);
  });
});
