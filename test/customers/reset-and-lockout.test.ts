import { PASSWORD, registerCustomer } from '../fixtures/customers.scenario';
import { firstLink, startMailServer, type TestMailServer } from '../support/smtp-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const LOGIN = `mutation($input: CustomerLoginInput!) {
  customerLogin(input: $input) { token userErrors { code } } }`;
const REQUEST = `mutation($email: String!) { customerRequestPasswordReset(input: { email: $email }) { userErrors { code } } }`;
const RESET = `mutation($input: CustomerResetPasswordInput!) {
  customerResetPassword(input: $input) { token customer { email } userErrors { code field } } }`;
type ResetRes = { customerResetPassword: { token: string | null; userErrors: { code: string }[] } };
type LoginRes = { customerLogin: { token: string | null; userErrors: { code: string }[] } };

describe('password reset and lock-out', () => {
  let t: TestApp;
  let worker: TestApp;
  let mail: TestMailServer;
  beforeAll(async () => {
    mail = await startMailServer();
    t = await startTestApp();
    // The reset is looked up by the customer.password_reset worker and mailed by notification.send,
    // off the request path: here a second process (as `npm run worker`) sending to a real SMTP
    // server, so the API's statement counts are the request's alone.
    worker = await startTestApp({ database: t.db, workers: true, env: { SMTP_URL: mail.url } });
  });
  afterAll(async () => {
    await worker.stop();
    await t.stop();
    await mail.close();
  });

  const login = (email: string, password: string) =>
    t.execute<LoginRes>(LOGIN, { variables: { input: { email, password } } });

  /** Waits until every customer.password_reset job enqueued so far has been worked. */
  async function resetJobsDone(): Promise<void> {
    await waitFor(async () => {
      const [row] = await t.prisma.$queryRaw<{ pending: number; failed: number }[]>`
        SELECT count(*) FILTER (WHERE state NOT IN ('completed', 'failed', 'cancelled'))::int AS pending,
               count(*) FILTER (WHERE state = 'failed')::int AS failed
        FROM pgboss.job WHERE name = 'customer.password_reset'`;
      if (row!.failed > 0) throw new Error('a customer.password_reset job failed');
      return row!.pending === 0;
    });
  }

  /** The token of the `count`th reset mail that arrived for `email` (the link's `token` parameter). */
  async function deliveredToken(email: string, count = 1): Promise<string> {
    const mine = () => mail.mails.filter((m) => m.to.includes(email));
    await mail.waitForMail(email, () => mine().length >= count);
    const link = new URL(firstLink(mine()[count - 1]!.text)!);
    expect(link.pathname).toBe('/account/reset-password');
    return link.searchParams.get('token')!;
  }

  it('runs end to end: same answer for unknown emails, single use, revokes sessions, expires', async () => {
    const a = await registerCustomer(t, 'reset@example.com');
    const unknown = await t.execute(REQUEST, { variables: { email: 'ghost@example.com' } });
    const known = await t.execute(REQUEST, { variables: { email: ' Reset@Example.com' } });
    expect(unknown).toEqual(known);
    expect(known.data).toEqual({ customerRequestPasswordReset: { userErrors: [] } });
    await resetJobsDone();
    expect(await t.prisma.notification.count()).toBe(1);

    const token = await deliveredToken('reset@example.com');
    const row = await t.prisma.passwordResetToken.findFirstOrThrow({ where: { customerId: a.localId } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toBe(token);

    const weak = await t.execute<ResetRes>(RESET, { variables: { input: { token, newPassword: 'short' } } });
    expect(weak.data!.customerResetPassword.userErrors.map((e) => e.code)).toEqual(['PASSWORD_TOO_SHORT']);

    const ok = await t.execute<ResetRes>(RESET, {
      variables: { input: { token, newPassword: 'fresh password 1' } },
    });
    expect(ok.data!.customerResetPassword.userErrors).toEqual([]);
    const newToken = ok.data!.customerResetPassword.token!;
    expect((await t.execute(`{ me { email } }`, { token: newToken })).data).toEqual({
      me: { email: 'reset@example.com' },
    });
    // Every earlier session is gone, the new password works, the old does not.
    expect((await t.execute(`{ me { email } }`, { token: a.token })).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login('reset@example.com', 'fresh password 1')).data!.customerLogin.token).toBeTruthy();
    expect((await login('reset@example.com', PASSWORD)).data!.customerLogin.userErrors[0]!.code).toBe(
      'INVALID_CREDENTIALS',
    );
    // The notification never held the secret.
    const n = await t.prisma.notification.findFirstOrThrow({ where: { customerId: a.localId } });
    expect(JSON.stringify(n.payload)).not.toContain(token);

    const reuse = await t.execute<ResetRes>(RESET, {
      variables: { input: { token, newPassword: 'another password' } },
    });
    expect(reuse.data!.customerResetPassword).toMatchObject({
      token: null,
      userErrors: [{ code: 'INVALID_TOKEN' }],
    });

    // A fresh token that has expired is refused as well.
    await t.execute(REQUEST, { variables: { email: 'reset@example.com' } });
    const second = await deliveredToken('reset@example.com', 2);
    await t.prisma.passwordResetToken.updateMany({
      where: { usedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await t.execute<ResetRes>(RESET, {
      variables: { input: { token: second, newPassword: 'another password' } },
    });
    expect(expired.data!.customerResetPassword.userErrors[0]!.code).toBe('INVALID_TOKEN');
    const garbage = await t.execute<ResetRes>(RESET, {
      variables: { input: { token: 'garbage', newPassword: 'another password' } },
    });
    expect(garbage.data!.customerResetPassword.userErrors[0]!.code).toBe('INVALID_TOKEN');
  });

  it('does the same work for a known and an unknown email: one job insert, no lookup on the request path', async () => {
    const a = await registerCustomer(t, 'same-work@example.com');
    await t.prisma.customer.create({
      data: { email: 'gone@example.com', passwordHash: 'x', deletedAt: new Date() },
    });
    const tokensBefore = await t.prisma.passwordResetToken.count();
    const notificationsBefore = await t.prisma.notification.count();
    const ask = (email: string) => t.countStatements(() => t.execute(REQUEST, { variables: { email } }));
    const known = await ask('same-work@example.com');
    const unknown = await ask('nobody-here@example.com');
    const deleted = await ask('gone@example.com');
    for (const other of [unknown, deleted]) {
      expect(other.result).toEqual(known.result);
      expect(other.sql).toEqual(known.sql);
    }
    expect(known.result.data).toEqual({ customerRequestPasswordReset: { userErrors: [] } });
    expect(known.statements).toBe(1);
    expect(known.sql[0]).toMatch(/INSERT INTO "?pgboss"?\.job/i);

    // The workers mail one token for the account, none for the unknown or deleted email.
    await resetJobsDone();
    await deliveredToken('same-work@example.com');
    const tokens = await t.prisma.passwordResetToken.findMany({ where: { id: { gt: 0 } } });
    expect(tokens.length - tokensBefore).toBe(1);
    expect(tokens.at(-1)!.customerId).toBe(a.localId);
    expect((await t.prisma.notification.count()) - notificationsBefore).toBe(1);

    const malformed = await t.countStatements(() =>
      t.execute(REQUEST, { variables: { email: 'not an email' } }),
    );
    expect(malformed.result.data).toEqual({
      customerRequestPasswordReset: { userErrors: [{ code: 'INVALID_EMAIL' }] },
    });
    expect(malformed.statements).toBe(0);
  });

  it('a newer reset request invalidates the older link', async () => {
    await registerCustomer(t, 'twice@example.com');
    await t.execute(REQUEST, { variables: { email: 'twice@example.com' } });
    const first = await deliveredToken('twice@example.com');
    await t.execute(REQUEST, { variables: { email: 'twice@example.com' } });
    await deliveredToken('twice@example.com', 2);
    const res = await t.execute<ResetRes>(RESET, {
      variables: { input: { token: first, newPassword: 'whatever pass' } },
    });
    expect(res.data!.customerResetPassword.userErrors[0]!.code).toBe('INVALID_TOKEN');
  });

  it('locks an account after repeated failures with growing back-off, and unlocks when it expires', async () => {
    await registerCustomer(t, 'lock@example.com');
    for (let i = 0; i < 5; i++) {
      const r = await login('lock@example.com', `wrong ${i}`);
      expect(r.data!.customerLogin.userErrors[0]!.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await login('lock@example.com', PASSWORD); // even the right password waits
    expect(locked.data).toBeNull();
    const err = locked.errors![0]!;
    expect(err.extensions!.code).toBe('RATE_LIMITED');
    const retryAt = new Date(err.extensions!.retryAt as string).getTime();
    expect(retryAt).toBeGreaterThan(Date.now() + 50_000);
    expect(retryAt).toBeLessThan(Date.now() + 61_000);

    // Lock expires: the next failure locks for twice as long (failure 6 → 120 s).
    await t.prisma.customer.update({
      where: { email: 'lock@example.com' },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    await login('lock@example.com', 'wrong again');
    const row = await t.prisma.customer.findUniqueOrThrow({ where: { email: 'lock@example.com' } });
    expect(row.failedLoginCount).toBe(6);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 110_000);

    // After the lock expires the right password works and the counter resets.
    await t.prisma.customer.update({
      where: { email: 'lock@example.com' },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    expect((await login('lock@example.com', PASSWORD)).data!.customerLogin.token).toBeTruthy();
    const reset = await t.prisma.customer.findUniqueOrThrow({ where: { email: 'lock@example.com' } });
    expect([reset.failedLoginCount, reset.lockedUntil]).toEqual([0, null]);
  });

  it('locks unknown emails on the same schedule, so a lock-out reveals nothing', async () => {
    for (let i = 0; i < 5; i++) await login('phantom@example.com', `wrong ${i}`);
    const r = await login('phantom@example.com', 'wrong 6');
    expect(r.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
  });
});
