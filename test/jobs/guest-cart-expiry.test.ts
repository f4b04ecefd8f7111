import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('guest cart expiry job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
  });
  afterAll(() => t.stop());

  it('is scheduled hourly and abandons only active guest carts past their expiry', async () => {
    expect(await t.app.deps.jobs.boss.getSchedules('carts.guest.expire')).toHaveLength(1);
    const customer = await t.prisma.customer.create({ data: { email: 'c@example.com', passwordHash: 'x' } });
    const past = new Date(Date.now() - 60_000);
    const expired = await t.prisma.cart.create({ data: { expiresAt: past } });
    const live = await t.prisma.cart.create({ data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    const converted = await t.prisma.cart.create({ data: { expiresAt: past, status: 'converted' } });
    const owned = await t.prisma.cart.create({ data: { customerId: customer.id } });

    await t.app.deps.jobs.send('carts.guest.expire', {});
    const status = async (id: string) => (await t.prisma.cart.findUniqueOrThrow({ where: { id } })).status;
    await waitFor(async () => (await status(expired.id)) === 'abandoned');
    expect(await Promise.all([live, converted, owned].map((c) => status(c.id)))).toEqual([
      'active',
      'converted',
      'active',
    ]);
  });
});
