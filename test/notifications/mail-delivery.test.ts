import type { Prisma } from '../../src/generated/prisma/client';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith } from '../fixtures/cart.operations';
import { checkoutCart, localId } from '../fixtures/checkout.operations';
import { PASSWORD, registerCustomer } from '../fixtures/customers.scenario';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { firstLink, startMailServer, type TestMailServer } from '../support/smtp-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const REQUEST = `mutation($email: String!) { customerRequestPasswordReset(input: { email: $email }) { userErrors { code } } }`;
const RESET = `mutation($input: CustomerResetPasswordInput!) {
  customerResetPassword(input: $input) { token customer { email } userErrors { code } } }`;
const LOGIN = `mutation($input: CustomerLoginInput!) { customerLogin(input: $input) { token userErrors { code } } }`;
const UPDATE = `mutation($input: OrderUpdateStatusInput!) { orderUpdateStatus(input: $input) { userErrors { code } } }`;

type ResetRes = { customerResetPassword: { token: string | null; userErrors: { code: string }[] } };

/**
 * Mail delivery end to end: the notification.send worker hands mail to a real SMTP server started
 * here (SMTP_URL), which parses what arrived; the rows record each attempt.
 */
describe('notification delivery over SMTP', () => {
  let mail: TestMailServer;
  let t: TestApp;
  let s: ShopScenario;
  let admin: SignedIn;
  beforeAll(async () => {
    mail = await startMailServer();
    t = await startTestApp({
      workers: true,
      env: {
        SMTP_URL: mail.url,
        MAIL_FROM: 'Bazaar Shop <shop@bazaar.test>',
        STOREFRONT_URL: 'https://shop.bazaar.test',
        DB_POOL_SIZE: '8',
      },
    });
    // Retries a second apart instead of half a minute (the queue's back-off is what is tested).
    await t.app.deps.jobs.boss.updateQueue('notification.send', {
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 2,
    });
    s = await shopScenario(t.prisma);
    admin = await signedIn(t.prisma, { role: 'admin' });
  });
  afterAll(async () => {
    await t.stop();
    await mail.close();
  });

  /** Tables (application and job queue) whose rows contain `text` anywhere. */
  async function tablesHolding(text: string): Promise<string[]> {
    const tables = await t.prisma.$queryRaw<{ name: string }[]>`
      SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'pgboss')`;
    const found: string[] = [];
    for (const { name } of tables) {
      const [{ n }] = await t.prisma.$queryRawUnsafe<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM ${name} r WHERE strpos(r::text, $1) > 0`,
        text,
      );
      if (n > 0) found.push(name);
    }
    return found;
  }

  /**
   * The notification row once its delivery has ended: the SMTP server holds the mail a moment
   * before the worker writes 'sent' (CI once read the row in between).
   */
  async function delivered(where: Prisma.NotificationWhereInput) {
    await waitFor(
      async () => (await t.prisma.notification.count({ where: { ...where, status: 'pending' } })) === 0,
    );
    return t.prisma.notification.findFirstOrThrow({ where });
  }

  it('mails a reset link that works, and keeps the token in no table', async () => {
    const a = await registerCustomer(t, 'reset-mail@example.com', { firstName: 'Rita' });
    const unknown = await t.execute(REQUEST, { variables: { email: 'nobody@example.com' } });
    const known = await t.execute(REQUEST, { variables: { email: 'reset-mail@example.com' } });
    expect(known).toEqual(unknown);

    const m = await mail.waitForMail('reset-mail@example.com');
    expect(m.from).toBe('shop@bazaar.test');
    expect(m.subject).toBe('Reset your Bazaar password');
    expect(m.text).toMatch(/^Hello Rita,/);
    const link = new URL(firstLink(m.text)!);
    expect(`${link.origin}${link.pathname}`).toBe('https://shop.bazaar.test/account/reset-password');
    expect(m.html).toContain(`href="${link.href.replace(/&/g, '&amp;')}"`);
    const token = link.searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(mail.mails.filter((x) => x.to.includes('nobody@example.com'))).toEqual([]);

    // Only the token's hash is stored: no table (the job queue's included) holds the token itself.
    expect(await tablesHolding(token)).toEqual([]);
    const row = await delivered({ customerId: a.localId, kind: 'password_reset' });
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      error: null,
      recipient: 'reset-mail@example.com',
      messageId: m.messageId,
    });
    expect(row.sentAt).toBeInstanceOf(Date);

    // The storefront page behind the link sends the token with the new password.
    const reset = await t.execute<ResetRes>(RESET, {
      variables: { input: { token, newPassword: 'mailed password 1' } },
    });
    expect(reset.data!.customerResetPassword.userErrors).toEqual([]);
    const login = (password: string) =>
      t.execute<{ customerLogin: { token: string | null; userErrors: { code: string }[] } }>(LOGIN, {
        variables: { input: { email: 'reset-mail@example.com', password } },
      });
    expect((await login('mailed password 1')).data!.customerLogin.token).toBeTruthy();
    expect((await login(PASSWORD)).data!.customerLogin.userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    const again = await t.execute<ResetRes>(RESET, {
      variables: { input: { token, newPassword: 'third one 12' } },
    });
    expect(again.data!.customerResetPassword.userErrors[0]!.code).toBe('INVALID_TOKEN');
  });

  it('only the newest mailed link works', async () => {
    await registerCustomer(t, 'twice-mail@example.com');
    await t.execute(REQUEST, { variables: { email: 'twice-mail@example.com' } });
    const first = await mail.waitForMail('twice-mail@example.com');
    await t.execute(REQUEST, { variables: { email: 'twice-mail@example.com' } });
    const second = await mail.waitForMail('twice-mail@example.com', (m) => m !== first);
    const tokenOf = (text: string) => new URL(firstLink(text)!).searchParams.get('token')!;
    const old = await t.execute<ResetRes>(RESET, {
      variables: { input: { token: tokenOf(first.text), newPassword: 'older link 123' } },
    });
    expect(old.data!.customerResetPassword.userErrors[0]!.code).toBe('INVALID_TOKEN');
    const ok = await t.execute<ResetRes>(RESET, {
      variables: { input: { token: tokenOf(second.text), newPassword: 'newer link 123' } },
    });
    expect(ok.data!.customerResetPassword.userErrors).toEqual([]);
  });

  it('mails the order confirmation and the shipping notice with tracking', async () => {
    const ann = await signedIn(t.prisma, { firstName: 'Ann' });
    const email = (await t.prisma.customer.findUniqueOrThrow({ where: { id: ann.customerId } })).email;
    const cart = await cartWith(
      t,
      [
        [s.mug.variants[0]!.id, 2],
        [s.tee.variants[1]!.id, 1],
      ],
      ann.token,
    );
    const order = (await checkoutCart(t, ann.token, cart.id))!.order!;

    const confirmation = await mail.waitForMail(email);
    expect(confirmation.subject).toBe(`Your Bazaar order ${order.number}`);
    expect(confirmation.text).toContain('2 × Mug (MUG): 25.00 USD');
    expect(confirmation.text).toContain('1 × Tee (M): 25.00 USD');
    expect(confirmation.text).toContain(`Total: ${order.total.amount} USD`);
    expect(firstLink(confirmation.text)).toBe(`https://shop.bazaar.test/account/orders/${order.number}`);

    for (const status of ['PROCESSING', 'SHIPPED']) {
      const res = await t.execute(UPDATE, {
        token: admin.token,
        variables: {
          input: {
            orderId: order.id,
            status,
            ...(status === 'SHIPPED'
              ? {
                  shipment: {
                    carrier: 'UPS',
                    trackingNumber: '1Z999',
                    trackingUrl: 'https://ups.test/1Z999',
                  },
                }
              : {}),
          },
        },
      });
      expect(res.data).toEqual({ orderUpdateStatus: { userErrors: [] } });
    }
    const shipped = await mail.waitForMail(email, (m) => m !== confirmation);
    expect(shipped.subject).toBe(`Your Bazaar order ${order.number} is on its way`);
    expect(shipped.text).toContain('Carrier: UPS, tracking number 1Z999.');
    expect(firstLink(shipped.text)).toBe('https://ups.test/1Z999');
    // Moving to processing mails nothing: two mails, two sent rows.
    expect(mail.mails.filter((m) => m.to.includes(email))).toHaveLength(2);
    await delivered({ customerId: ann.customerId });
    const rows = await t.prisma.notification.findMany({
      where: { customerId: ann.customerId },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.kind, (r.payload as { event: string }).event, r.status])).toEqual([
      ['order_update', 'order_placed', 'sent'],
      ['order_update', 'status_changed', 'sent'],
    ]);
    expect(localId(order.id)).toBe((rows[1]!.payload as { orderId: number }).orderId);
  });

  it('retries a mail the server refused for now, and gives up at once on a permanent refusal', async () => {
    await registerCustomer(t, 'busy@example.com');
    mail.refuseNext(451);
    await t.execute(REQUEST, { variables: { email: 'busy@example.com' } });
    const m = await mail.waitForMail('busy@example.com');
    const row = await delivered({ kind: 'password_reset', recipient: 'busy@example.com' });
    expect([row.status, row.attempts, row.error, row.messageId]).toEqual(['sent', 2, null, m.messageId]);
    // The link of the mail that arrived is the one that works (the refused attempt's token ended).
    const token = new URL(firstLink(m.text)!).searchParams.get('token')!;
    const ok = await t.execute<ResetRes>(RESET, {
      variables: { input: { token, newPassword: 'after retry 12' } },
    });
    expect(ok.data!.customerResetPassword.userErrors).toEqual([]);

    await registerCustomer(t, 'gone@example.com');
    const refusedBefore = mail.refused;
    mail.refuseNext(550);
    await t.execute(REQUEST, { variables: { email: 'gone@example.com' } });
    await waitFor(async () =>
      (
        await t.prisma.notification.findMany({ where: { recipient: 'gone@example.com', status: 'failed' } })
      ).some(() => true),
    );
    const failed = await t.prisma.notification.findFirstOrThrow({ where: { recipient: 'gone@example.com' } });
    expect([failed.status, failed.attempts, failed.sentAt]).toEqual(['failed', 1, null]);
    expect(failed.error).toMatch(/^SMTP 550/);
    expect(mail.refused).toBe(refusedBefore + 1);
  });

  it('the sweep sends pending rows that have no job, and refuses reset mails that would arrive too late', async () => {
    const bea = await signedIn(t.prisma, { firstName: 'Bea' });
    const email = (await t.prisma.customer.findUniqueOrThrow({ where: { id: bea.customerId } })).email;
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], bea.token);
    const order = (await checkoutCart(t, bea.token, cart.id))!.order!;
    await mail.waitForMail(email);
    const old = new Date(Date.now() - 3_600_000);
    // Written by older code (no job): an order mail and a reset request an hour old.
    const orphan = await t.prisma.notification.create({
      data: {
        customerId: bea.customerId,
        kind: 'order_update',
        channel: 'email',
        payload: { event: 'status_changed', orderId: localId(order.id), status: 'cancelled' },
        createdAt: old,
      },
    });
    const lateReset = await t.prisma.notification.create({
      data: { customerId: bea.customerId, kind: 'password_reset', channel: 'email', createdAt: old },
    });
    await t.app.deps.jobs.send('notifications.sweep', {});
    const cancelled = await mail.waitForMail(email, (m) => m.subject.endsWith('was cancelled'));
    expect(cancelled.subject).toBe(`Your Bazaar order ${order.number} was cancelled`);
    // The row is marked sent once the SMTP server has answered: a moment after the mail arrived.
    const statusOf = async (id: number) =>
      (await t.prisma.notification.findUniqueOrThrow({ where: { id } })).status;
    await waitFor(
      async () => (await statusOf(lateReset.id)) === 'failed' && (await statusOf(orphan.id)) === 'sent',
    );
    const [o, r] = await Promise.all(
      [orphan.id, lateReset.id].map((id) => t.prisma.notification.findUniqueOrThrow({ where: { id } })),
    );
    expect([o!.status, r!.status, r!.error]).toEqual(['sent', 'failed', 'expired before delivery']);
    expect(await t.prisma.passwordResetToken.count({ where: { customerId: bea.customerId } })).toBe(0);
    expect(mail.mails.filter((m) => m.subject.startsWith('Reset') && m.to.includes(email))).toEqual([]);
  });
});
