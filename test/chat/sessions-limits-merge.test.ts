import { Client } from 'pg';
import { appendAssistantMessage } from '../../src/modules/chat/message-store';
import { expireIdleSessions } from '../../src/modules/chat/sessions.service';
import { signedIn } from '../fixtures/auth.scenario';
import { PASSWORD, registerCustomer } from '../fixtures/customers.scenario';
import {
  chatCast,
  collect,
  MESSAGE_ADDED,
  send,
  sendOk,
  startConversation,
  START,
  subscribed,
  type Started,
} from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof chatCast>>;
const uuidOf = (conv: Started) => Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;

describe('chat sessions, rate limits and the guest merge at sign-in', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        CHAT_RATE_SENDER_PER_MINUTE: '5',
        CHAT_RATE_CONVERSATION_PER_MINUTE: '8',
        CHAT_STARTS_PER_HOUR: '3',
        CHAT_SESSION_IDLE_MINUTES: '30',
      },
    });
    await t.listen();
    c = await chatCast(t);
  });
  afterAll(() => t.stop());

  const sessions = (conv: Started) =>
    t.prisma.chatSession.findMany({ where: { conversationId: uuidOf(conv) }, orderBy: { id: 'asc' } });
  /** Moves a conversation's activity into the past, as if `minutes` had passed. */
  const age = (conv: Started, minutes: number) =>
    t.prisma
      .$executeRaw`UPDATE chat_sessions SET started_at = started_at - make_interval(mins => ${minutes}::int),
      last_activity_at = last_activity_at - make_interval(mins => ${minutes}::int)
      WHERE conversation_id = ${uuidOf(conv)}::uuid AND status = 'active'`;

  it('refuses the sender past its per-minute limit with RATE_LIMITED and retryAfterSeconds, storing nothing', async () => {
    const conv = await startConversation(t, c.alice);
    const other = await startConversation(t, c.alice);
    for (let i = 0; i < 3; i++) await sendOk(t, c.alice, conv, `a${i}`);
    for (let i = 0; i < 2; i++) await sendOk(t, c.alice, other, `b${i}`);
    // Five in the last minute across both conversations: the sixth is refused, in either.
    const refused = await send(t, c.alice, other, 'one too many');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      scope: 'sender',
      limit: 5,
    });
    const retry = refused.errors![0]!.extensions!.retryAfterSeconds as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await t.prisma.message.count({ where: { conversationId: uuidOf(other) } })).toBe(2);
    // A retried clientMessageId is not a new message: it is answered, not limited.
    await t.prisma
      .$executeRaw`UPDATE messages SET created_at = created_at - interval '2 minutes' WHERE customer_id = ${c.alice.customerId}`;
    const first = await sendOk(t, c.alice, conv, 'idempotent', { clientMessageId: 'k' });
    for (let i = 0; i < 4; i++) await sendOk(t, c.alice, conv, `fill ${i}`);
    expect((await sendOk(t, c.alice, conv, 'retry', { clientMessageId: 'k' })).id).toBe(first.id);
  });

  it('limits a conversation as a whole, whoever writes, and guests through their conversation', async () => {
    const conv = await startConversation(t, c.bob);
    await t.execute(
      `mutation($input: ConversationMemberAddInput!) { conversationMemberAdd(input: $input) { userErrors { code } } }`,
      {
        token: c.admin.token,
        variables: {
          input: {
            conversationId: conv.id,
            customerId: Buffer.from(`Customer:${c.alice.customerId}`).toString('base64url'),
            role: 'PARTNER',
          },
        },
      },
    );
    await t.prisma
      .$executeRaw`UPDATE messages SET created_at = created_at - interval '2 minutes' WHERE customer_id = ${c.alice.customerId}`;
    // 4 + 4 = 8 shopper-side messages: the ninth is refused for the conversation.
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => sendOk(t, c.bob, conv, `bob ${i}`)),
      ...Array.from({ length: 4 }, (_, i) => sendOk(t, c.alice, conv, `partner ${i}`)),
    ]);
    const refused = await send(t, c.bob, conv, 'ninth');
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      scope: 'conversation',
      limit: 8,
    });
    const guest = await startConversation(t, null);
    for (let i = 0; i < 5; i++) await sendOk(t, null, guest, `g${i}`);
    expect((await send(t, null, guest, 'g6')).errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      scope: 'sender',
    });
  });

  it('limits conversation starts per customer, and per IP address for guests', async () => {
    const starter = await signedIn(t.prisma, { firstName: 'Starter' });
    for (let i = 0; i < 3; i++) await startConversation(t, starter);
    const res = await t.execute(START, { token: starter.token, variables: { input: {} } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', scope: 'starts', limit: 3 });
    // Guests over HTTP from one address.
    const codes = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.post(START, {
        variables: { input: {} },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      codes.push(r.body.errors?.[0]?.extensions?.code ?? 'OK');
    }
    expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
  });

  it('starts a session with the first message, extends it, and ends it explicitly or after inactivity', async () => {
    const conv = await startConversation(t, c.admin);
    expect(await sessions(conv)).toEqual([]);
    await sendOk(t, c.admin, conv, 'one');
    await sendOk(t, c.admin, conv, 'two');
    expect(await sessions(conv)).toEqual([
      expect.objectContaining({
        status: 'active',
        firstSequence: 1,
        lastSequence: 2,
        messageCount: 2,
        endedAt: null,
      }),
    ]);
    const END = `mutation($id: ID!) { conversationSessionEnd(id: $id) { conversation { activeSession { id } sessions(first: 5) { totalCount nodes { status endedReason firstSequence lastSequence messageCount } } } } }`;
    const ended = await t.execute<{ conversationSessionEnd: { conversation: unknown } }>(END, {
      token: c.admin.token,
      variables: { id: conv.id },
    });
    expect(ended.data!.conversationSessionEnd.conversation).toEqual({
      activeSession: null,
      sessions: {
        totalCount: 1,
        nodes: [
          { status: 'ENDED', endedReason: 'EXPLICIT', firstSequence: 1, lastSequence: 2, messageCount: 2 },
        ],
      },
    });
    await sendOk(t, c.admin, conv, 'three');
    expect((await sessions(conv)).map((s) => [s.status, s.firstSequence])).toEqual([
      ['ended', 1],
      ['active', 3],
    ]);
  });

  it('ends idle sessions: abandoned when the shopper was left unanswered, ended otherwise, and tells subscribers', async () => {
    const owner = await signedIn(t.prisma, { firstName: 'Idle' });
    const unanswered = await startConversation(t, owner);
    const answered = await startConversation(t, owner);
    const fresh = await startConversation(t, owner);
    await sendOk(t, owner, unanswered, 'hello?'); // owner: role user
    await sendOk(t, owner, answered, 'question');
    await appendAssistantMessage(t.prisma, { conversationId: uuidOf(answered), content: 'answer' });
    await sendOk(t, owner, fresh, 'just now');
    await age(unanswered, 31);
    await age(answered, 45);
    const before = t.app.deps.pubsub.size;
    const updates = collect<{ activeSession: null }>(
      t.wsClient({ token: owner.token }),
      `subscription($id: ID) { conversationUpdated(conversationId: $id) { activeSession { id } } }`,
      { id: unanswered.id },
    );
    await subscribed(t, before);
    expect(await expireIdleSessions(t.prisma, 30)).toEqual({ ended: 1, abandoned: 1 });
    const [u] = await sessions(unanswered);
    const [a] = await sessions(answered);
    expect(u).toMatchObject({ status: 'abandoned', endedReason: 'inactivity' });
    expect(u!.endedAt!.getTime()).toBe(u!.lastActivityAt.getTime());
    expect(a).toMatchObject({ status: 'ended', endedReason: 'inactivity', messageCount: 2 });
    expect((await sessions(fresh))[0]).toMatchObject({ status: 'active' });
    await updates.until(1);
    expect(updates.values[0]).toEqual({ activeSession: null });
    expect(await expireIdleSessions(t.prisma, 30)).toEqual({ ended: 0, abandoned: 0 });
  });

  it('hands guest conversations to the customer at sign-in with every message, and the guest token stops working', async () => {
    const guestConv = await startConversation(t, null);
    for (let i = 1; i <= 3; i++) await sendOk(t, null, guestConv, `guest ${i}`);
    const guestStream = collect(t.wsClient(), MESSAGE_ADDED, {
      id: guestConv.id,
      guestToken: guestConv.guestToken,
    });
    await guestStream.until(3);
    const account = await registerCustomer(t, 'chatty@example.com', { firstName: 'Chatty' });
    const login = await t.execute<{ customerLogin: { token: string; userErrors: unknown[] } }>(
      `mutation($input: CustomerLoginInput!) { customerLogin(input: $input) { token userErrors { code } } }`,
      {
        variables: {
          input: {
            email: account.email,
            password: PASSWORD,
            guestConversationTokens: [guestConv.guestToken, 'not-a-token'],
          },
        },
      },
    );
    expect(login.data!.customerLogin.userErrors).toEqual([]);
    const token = login.data!.customerLogin.token;
    await guestStream.ended();
    const q = `query($id: ID!, $g: String) { conversation(id: $id, guestToken: $g) { viewerMembership { role displayName }
      messages(first: 10) { nodes { sequence content sender { displayName } } } } }`;
    const mine = await t.execute<{
      conversation: { viewerMembership: unknown; messages: { nodes: unknown[] } };
    }>(q, {
      token,
      variables: { id: guestConv.id },
    });
    expect(mine.data!.conversation.viewerMembership).toEqual({ role: 'OWNER', displayName: 'Chatty' });
    expect(mine.data!.conversation.messages.nodes).toEqual(
      [1, 2, 3].map((i) => ({ sequence: i, content: `guest ${i}`, sender: { displayName: 'Chatty' } })),
    );
    const asGuest = await t.execute<{ conversation: null }>(q, {
      variables: { id: guestConv.id, g: guestConv.guestToken },
    });
    expect(asGuest.data!.conversation).toBeNull();
    expect(
      await t.prisma.message.count({
        where: { conversationId: uuidOf(guestConv), customerId: account.localId },
      }),
    ).toBe(3);
    // The same token cannot be claimed twice.
    const again = await registerCustomer(t, 'late@example.com', {
      guestConversationTokens: [guestConv.guestToken],
    });
    const theirs = await t.execute<{ conversations: { totalCount: number } }>(
      `{ conversations { totalCount } }`,
      { token: again.token },
    );
    expect(theirs.data!.conversations.totalCount).toBe(0);
  });

  it('keeps the guest token hash away from the analyst role, and lets it read the chat tables', async () => {
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    try {
      await admin.query('BEGIN');
      await admin.query('SET LOCAL ROLE bazaar_analyst');
      const ok = await admin.query(
        `SELECT (SELECT count(*) FROM conversation_members) AS m, (SELECT count(*) FROM chat_sessions) AS s,
                (SELECT count(id) FROM conversations) AS c, (SELECT count(*) FROM customers WHERE is_internal) AS i`,
      );
      expect(Number(ok.rows[0].m)).toBeGreaterThan(0);
      await admin.query('SAVEPOINT x');
      await expect(admin.query('SELECT guest_token_hash FROM conversations')).rejects.toMatchObject({
        code: '42501',
      });
      await admin.query('ROLLBACK TO SAVEPOINT x');
      await expect(admin.query('SELECT * FROM conversations')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await admin.query('ROLLBACK');
      await admin.end();
    }
  });
});
