import argon2 from 'argon2';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { authenticate } from '../../src/server/auth';
import { PASSWORD, registerCustomer } from '../fixtures/customers.scenario';
import { startTestApp, wsExecute, type TestApp } from '../support/test-app';

const LOGIN = `mutation($input: CustomerLoginInput!) {
  customerLogin(input: $input) { token expiresAt customer { id email } userErrors { code field message } }
}`;
const ME = `{ me { id email firstName } }`;
type LoginRes = {
  customerLogin: {
    token: string | null;
    expiresAt: string | null;
    customer: { id: string; email: string } | null;
    userErrors: { code: string; field: string[] | null; message: string }[];
  };
};

/** Resolves with the close code of a graphql-ws client's socket. */
function closeCode(client: Client): Promise<number> {
  return new Promise((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));
}

/**
 * A raw graphql-ws connection that stays open after connection_ack (a graphql-ws client is lazy and
 * would close its idle socket itself); resolves with the close code the server sends later.
 */
async function openSocket(baseUrl: string, token: string) {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    ws.on('message', (m) => (JSON.parse(String(m)).type === 'connection_ack' ? resolve() : undefined));
    ws.on('error', reject);
  });
  return { ws, closed };
}

describe('customer accounts and sessions over the real server', () => {
  let t: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    baseUrl = await t.listen();
  });
  afterAll(() => t.stop());

  const login = (email: string, password: string) =>
    t.execute<LoginRes>(LOGIN, { variables: { input: { email, password } } });

  it('register → login → me → logout → the old token is refused on HTTP and WebSocket', async () => {
    const reg = await registerCustomer(t, 'flow@example.com', { firstName: 'Flo' });
    expect(reg.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.prisma.authSession.findFirstOrThrow({ where: { customerId: reg.localId } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(reg.token);

    const res = await t.post<LoginRes>(LOGIN, {
      variables: { input: { email: '  FLOW@Example.com ', password: PASSWORD } },
    });
    expect(res.status).toBe(200);
    const { token, customer, userErrors, expiresAt } = res.body.data!.customerLogin;
    expect(userErrors).toEqual([]);
    expect(customer!.email).toBe('flow@example.com');
    expect(new Date(expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const me = await t.post<{ me: { email: string; firstName: string } }>(ME, { token: token! });
    expect(me.body.data!.me).toMatchObject({ email: 'flow@example.com', firstName: 'Flo' });

    // A WebSocket opened with the token is closed (4401) the moment the session is revoked.
    const ws = t.wsClient({ token: token! });
    const wsMe = await wsExecute<{ me: { email: string } }>(ws, ME);
    expect(wsMe.data!.me.email).toBe('flow@example.com');
    const { closed } = await openSocket(baseUrl, token!);

    const out = await t.post<{ customerLogout: { revokedSessionId: string; userErrors: [] } }>(
      `mutation { customerLogout { revokedSessionId userErrors { code } } }`,
      { token: token! },
    );
    expect(out.body.data!.customerLogout.userErrors).toEqual([]);
    expect(await closed).toBe(4401);

    const after = await t.post(ME, { token: token! });
    expect(after.status).toBe(401);
    expect(after.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    const ws2 = t.wsClient({ token: token! });
    const refused = closeCode(ws2);
    await wsExecute(ws2, ME).catch(() => undefined);
    expect(await refused).toBe(4403);

    // The registration session is untouched by logging out another one.
    expect((await t.post(ME, { token: reg.token })).status).toBe(200);
  });

  it('answers an unknown email and a wrong password identically', async () => {
    await registerCustomer(t, 'known@example.com');
    const wrong = await login('known@example.com', 'not the password');
    const unknown = await login('nobody@example.com', 'not the password');
    expect(wrong).toEqual(unknown);
    expect(wrong.data!.customerLogin).toEqual({
      token: null,
      expiresAt: null,
      customer: null,
      userErrors: [{ code: 'INVALID_CREDENTIALS', field: null, message: 'Email or password is incorrect' }],
    });
    const attempts = await t.prisma.loginAttempt.findMany({
      where: { succeeded: false },
      orderBy: { id: 'asc' },
    });
    expect(attempts.map((a) => a.failureReason)).toEqual(['wrong_password', 'unknown_email']);
  });

  it('validates registration input with userErrors', async () => {
    await registerCustomer(t, 'taken@example.com');
    const REG = `mutation($input: CustomerRegisterInput!) { customerRegister(input: $input) { token userErrors { code field } } }`;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ email: 'TAKEN@example.com ', password: PASSWORD }, ['EMAIL_TAKEN']],
      [{ email: 'not-an-email', password: PASSWORD }, ['INVALID_EMAIL']],
      [{ email: 'short@example.com', password: 'short' }, ['PASSWORD_TOO_SHORT']],
      [{ email: 'long@example.com', password: 'x'.repeat(257) }, ['PASSWORD_TOO_LONG']],
      [{ email: 'same@example.com', password: 'Same@Example.com' }, ['PASSWORD_EQUALS_EMAIL']],
      [{ email: 'cart@example.com', password: PASSWORD, guestCartId: 'nonsense' }, ['INVALID_ID']],
      [{ email: 'phone@example.com', password: PASSWORD, phone: 'call me' }, ['INVALID_PHONE']],
    ];
    for (const [input, codes] of cases) {
      const res = await t.execute<{ customerRegister: { token: null; userErrors: { code: string }[] } }>(
        REG,
        {
          variables: { input },
        },
      );
      expect([input, res.data!.customerRegister.userErrors.map((e) => e.code)]).toEqual([input, codes]);
      expect(res.data!.customerRegister.token).toBeNull();
    }
  });

  it('resolves a token in one SQL statement', async () => {
    const a = await registerCustomer(t, 'onestatement@example.com');
    const { statements, result } = await t.countStatements(() => authenticate(t.app.deps, a.token));
    expect(result!.customerId).toBe(a.localId);
    expect(statements).toBe(1);
  });

  it('slides expiry and last_seen_at at most once a minute', async () => {
    const a = await registerCustomer(t, 'slide@example.com');
    const old = new Date(Date.now() - 5 * 60_000);
    await t.prisma.authSession.updateMany({
      where: { customerId: a.localId },
      data: { lastSeenAt: old, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    await t.execute(ME, { token: a.token });
    const s1 = await t.prisma.authSession.findFirstOrThrow({ where: { customerId: a.localId } });
    expect(s1.lastSeenAt.getTime()).toBeGreaterThan(old.getTime());
    expect(s1.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    await t.execute(ME, { token: a.token });
    const s2 = await t.prisma.authSession.findFirstOrThrow({ where: { customerId: a.localId } });
    expect(s2.lastSeenAt).toEqual(s1.lastSeenAt);
    // An expired session is refused.
    await t.prisma.authSession.updateMany({
      where: { customerId: a.localId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await t.execute(ME, { token: a.token })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('change password needs the current one and revokes the other sessions only', async () => {
    const a = await registerCustomer(t, 'change@example.com');
    const other = (await login('change@example.com', PASSWORD)).data!.customerLogin.token!;
    const CHANGE = `mutation($input: CustomerChangePasswordInput!) {
      customerChangePassword(input: $input) { customer { email } userErrors { code field } } }`;
    const bad = await t.execute<{
      customerChangePassword: { userErrors: { code: string; field: string[] }[] };
    }>(CHANGE, {
      token: a.token,
      variables: { input: { currentPassword: 'wrong password', newPassword: 'a brand new secret' } },
    });
    expect(bad.data!.customerChangePassword.userErrors).toEqual([
      { code: 'INVALID_CREDENTIALS', field: ['input', 'currentPassword'] },
    ]);
    const ok = await t.execute<{ customerChangePassword: { userErrors: [] } }>(CHANGE, {
      token: a.token,
      variables: { input: { currentPassword: PASSWORD, newPassword: 'a brand new secret' } },
    });
    expect(ok.data!.customerChangePassword.userErrors).toEqual([]);
    expect((await t.execute(ME, { token: a.token })).errors).toBeUndefined();
    expect((await t.execute(ME, { token: other })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await login('change@example.com', PASSWORD)).data!.customerLogin.userErrors[0]!.code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await login('change@example.com', 'a brand new secret')).data!.customerLogin.token).toBeTruthy();
  });

  it('lists the viewer sessions and revokes one by id', async () => {
    const a = await registerCustomer(t, 'sessions@example.com');
    const second = (await login('sessions@example.com', PASSWORD)).data!.customerLogin.token!;
    const list = await t.execute<{
      customerSessions: { totalCount: number; nodes: { id: string; current: boolean; channel: string }[] };
    }>(`{ customerSessions(first: 10) { totalCount nodes { id current channel } } }`, { token: a.token });
    expect(list.data!.customerSessions.totalCount).toBe(2);
    const [newest, oldest] = list.data!.customerSessions.nodes;
    expect(oldest!.current).toBe(true);
    expect(newest!.current).toBe(false);
    const rev = await t.execute<{ customerSessionRevoke: { revokedSessionId: string } }>(
      `mutation($id: ID!) { customerSessionRevoke(id: $id) { revokedSessionId userErrors { code } } }`,
      { token: a.token, variables: { id: newest!.id } },
    );
    expect(rev.data!.customerSessionRevoke.revokedSessionId).toBe(newest!.id);
    expect((await t.execute(ME, { token: second })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('re-hashes a password made with weaker argon2 parameters at login', async () => {
    const weak = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    const strong = await startTestApp({ env: { ARGON2_TIME_COST: '3' } });
    try {
      await strong.prisma.customer.create({ data: { email: 'rehash@example.com', passwordHash: weak } });
      const res = await strong.execute<LoginRes>(LOGIN, {
        variables: { input: { email: 'rehash@example.com', password: PASSWORD } },
      });
      expect(res.data!.customerLogin.userErrors).toEqual([]);
      const row = await strong.prisma.customer.findUniqueOrThrow({ where: { email: 'rehash@example.com' } });
      expect(row.passwordHash).not.toBe(weak);
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
    } finally {
      await strong.stop();
    }
  });
});
