import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { toGlobalId } from '../../src/graphql/global-id';
import { signedIn } from '../fixtures/auth.scenario';
import { START } from '../fixtures/chat.scenario';
import { startTestApp, wsExecute, type TestApp } from '../support/test-app';

const LOGIN = `mutation($i: CustomerLoginInput!) { customerLogin(input: $i) { userErrors { code } } }`;
const SUSPEND = `mutation($id: ID!) { customerSuspend(id: $id) { userErrors { code } } }`;

/**
 * The address recorded for per-IP limits and lock-out (login_attempts), the audit log and guest
 * chats (over WebSocket) is the TCP peer unless TRUST_PROXY names it as a proxy: then the
 * X-Forwarded-For entry it vouches for. The test clients connect from 127.0.0.1.
 */
describe.each([
  { trust: undefined, forwarded: '203.0.113.7', expected: '127.0.0.1' },
  { trust: 'loopback', forwarded: '203.0.113.7', expected: '203.0.113.7' },
  { trust: 'loopback', forwarded: '198.51.100.9, 203.0.113.7, 127.0.0.1', expected: '203.0.113.7' },
  { trust: '1', forwarded: '198.51.100.9, 203.0.113.7', expected: '203.0.113.7' },
  { trust: '10.0.0.0/8, 192.168.0.1', forwarded: '203.0.113.7', expected: '127.0.0.1' },
])('TRUST_PROXY=$trust, X-Forwarded-For: $forwarded', ({ trust, forwarded, expected }) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ env: trust === undefined ? {} : { TRUST_PROXY: trust } });
    base = await t.listen();
  });
  afterAll(() => t.stop());

  const headers = { 'x-forwarded-for': forwarded };

  it(`records ${expected} for sign-in attempts (per-IP limits and lock-out)`, async () => {
    const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    const res = await t.post(LOGIN, { variables: { i: { email, password: 'wrong password' } }, headers });
    expect(res.body.data).toEqual({ customerLogin: { userErrors: [{ code: 'INVALID_CREDENTIALS' }] } });
    const rows = await t.prisma.$queryRaw<{ ip: string }[]>`
      SELECT host(ip) AS ip FROM login_attempts WHERE email = ${email}`;
    expect(rows).toEqual([{ ip: expected }]);
  });

  it(`records ${expected} in the audit log`, async () => {
    const admin = await signedIn(t.prisma, { role: 'admin' });
    const victim = await signedIn(t.prisma);
    const res = await t.post(SUSPEND, {
      token: admin.token,
      variables: { id: toGlobalId('Customer', victim.customerId) },
      headers,
    });
    expect(res.body.data).toEqual({ customerSuspend: { userErrors: [] } });
    const rows = await t.prisma.$queryRaw<{ ip: string }[]>`
      SELECT host(ip) AS ip FROM admin_audit_log
      WHERE action = 'customer.suspend' AND resource_id = ${String(victim.customerId)}`;
    expect(rows).toEqual([{ ip: expected }]);
  });

  it(`records ${expected} for a guest chat started over WebSocket (per-IP start limit)`, async () => {
    // The forwarded header travels on the WebSocket upgrade request, as a proxy would send it.
    class ForwardedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    const client = createClient({
      url: `${base.replace('http', 'ws')}/graphql`,
      webSocketImpl: ForwardedWebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const res = await wsExecute<{ conversationStart: { conversation: { id: string } } }>(client, START, {
        input: { title: 'proxy test' },
      });
      const id = Buffer.from(res.data!.conversationStart.conversation.id, 'base64url')
        .toString()
        .split(':')[1]!;
      const rows = await t.prisma.$queryRaw<{ ip: string }[]>`
        SELECT host(guest_ip) AS ip FROM conversations WHERE id = ${id}::uuid`;
      expect(rows).toEqual([{ ip: expected }]);
    } finally {
      await client.dispose();
    }
  });
});
