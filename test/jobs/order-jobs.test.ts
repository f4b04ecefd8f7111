import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith } from '../fixtures/cart.operations';
import { localId, checkoutCart } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('order jobs', () => {
  let t: TestApp;
  let s: ShopScenario;
  let ann: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ workers: true, env: { DB_POOL_SIZE: '8' } });
    s = await shopScenario(t.prisma);
    ann = await signedIn(t.prisma);
  });
  afterAll(() => t.stop());

  const buy = async (paymentMethod: 'MANUAL' | 'TEST', qty = 2) => {
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, qty]], ann.token);
    return (await checkoutCart(t, ann.token, cart.id, { paymentMethod })).order!;
  };
  const mugStock = async () => {
    const v = await t.prisma.productVariant.findUniqueOrThrow({ where: { id: s.mug.variants[0]!.id } });
    return [v.stockOnHand, v.stockReserved];
  };

  it('cancels unpaid manual orders past their deadline every minute and releases their units', async () => {
    expect(await t.app.deps.jobs.boss.getSchedules('orders.unpaid.cancel')).toEqual([
      expect.objectContaining({ cron: '* * * * *' }),
    ]);
    const [onHand, reserved] = await mugStock();
    const late = await buy('MANUAL', 2);
    const onTime = await buy('MANUAL', 1);
    const paidAtOnce = await buy('TEST', 1);
    expect(await mugStock()).toEqual([onHand! - 1, reserved! + 3]);
    // The confirmation jobs lock their orders for a moment, and the cancel job skips a locked order
    // (the next minute's run takes it): let them finish first, so this run is the one that cancels.
    const ids = [late, onTime, paidAtOnce].map((o) => localId(o.id));
    await waitFor(async () => {
      const notices = await t.prisma.notification.findMany({
        where: { customerId: ann.customerId, kind: 'order_update' },
      });
      return ids.every((id) => notices.some((n) => (n.payload as { orderId: number }).orderId === id));
    });
    await t.prisma.order.update({
      where: { id: localId(late.id) },
      data: { reservationExpiresAt: new Date(Date.now() - 1000) },
    });
    const events = t.app.deps.pubsub.subscribe<{ orderId: number }>(`order:${localId(late.id)}`);

    await t.app.deps.jobs.send('orders.unpaid.cancel', {});
    await waitFor(
      async () =>
        (await t.prisma.order.findUniqueOrThrow({ where: { id: localId(late.id) } })).status === 'cancelled',
    );
    const row = await t.prisma.order.findUniqueOrThrow({
      where: { id: localId(late.id) },
      include: { payments: true, statusEvents: true },
    });
    expect([
      row.paymentStatus,
      row.reservationExpiresAt,
      row.payments[0]!.status,
      row.statusEvents.at(-1)!.note,
    ]).toEqual(['failed', null, 'failed', 'Cancelled: payment not received in time']);
    expect(row.statusEvents.at(-1)!.actorId).toBeNull();
    expect(await mugStock()).toEqual([onHand! - 1, reserved! + 1]);
    const release = await t.prisma.inventoryMovement.findFirstOrThrow({
      where: { orderId: row.id, reason: 'release' },
    });
    expect(release.delta).toBe(-2);
    expect((await events.next()).value).toEqual({ orderId: row.id, eventId: row.statusEvents.at(-1)!.id });
    await events.return!();
    for (const o of [onTime, paidAtOnce])
      expect((await t.prisma.order.findUniqueOrThrow({ where: { id: localId(o.id) } })).status).not.toBe(
        'cancelled',
      );
  });

  it('writes one confirmation notification per order, even when the job runs twice', async () => {
    const order = await buy('TEST', 1);
    const id = localId(order.id);
    const notices = () =>
      t.prisma.notification.findMany({ where: { customerId: ann.customerId, kind: 'order_update' } });
    await waitFor(async () =>
      (await notices()).some((n) => (n.payload as { orderId: number }).orderId === id),
    );
    const again = await t.app.deps.jobs.send('order.confirmation', { orderId: id });
    await waitFor(async () => {
      const [job] = await t.prisma.$queryRaw<
        { state: string }[]
      >`SELECT state::text FROM pgboss.job WHERE id = ${again}::uuid`;
      return job?.state === 'completed';
    });
    const mine = async () =>
      (await notices()).filter((n) => (n.payload as { orderId: number }).orderId === id);
    // Delivered by the log transport (no SMTP_URL in this test): test/notifications covers SMTP.
    await waitFor(async () => (await mine()).every((n) => n.status === 'sent'));
    expect((await mine()).map((n) => [n.channel, n.status, n.payload])).toEqual([
      [
        'email',
        'sent',
        {
          event: 'order_placed',
          orderId: id,
          number: order.number,
          total: order.total.amount,
          currency: 'USD',
        },
      ],
    ]);
  });
});
