import { signedIn } from '../fixtures/auth.scenario';
import { chatCast, send, sendOk, startConversation, START } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof chatCast>>;

describe('conversations and messages', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await startTestApp({
      env: { CHAT_RATE_SENDER_PER_MINUTE: '1000', CHAT_RATE_CONVERSATION_PER_MINUTE: '1000' },
    });
    c = await chatCast(t);
  });
  afterAll(() => t.stop());

  it('starts a conversation for a customer: owner member, no guest token, rows as the data model says', async () => {
    const res = await t.execute<{
      conversationStart: {
        conversation: { id: string; title: string; status: string; channel: string };
        guestToken: null;
      };
    }>(START, {
      token: c.alice.token,
      variables: { input: { title: '  Boots   for winter ', channel: 'MOBILE' } },
    });
    const p = res.data!.conversationStart;
    expect(p.conversation).toMatchObject({ title: 'Boots for winter', status: 'ACTIVE', channel: 'MOBILE' });
    expect(p.guestToken).toBeNull();
    const uuid = Buffer.from(p.conversation.id, 'base64url').toString().split(':')[1]!;
    const row = await t.prisma.conversation.findUniqueOrThrow({
      where: { id: uuid },
      include: { members: true },
    });
    expect(row).toMatchObject({
      customerId: c.alice.customerId,
      guestTokenHash: null,
      channel: 'mobile',
      lastSequence: 0,
    });
    expect(row.members).toEqual([expect.objectContaining({ customerId: c.alice.customerId, role: 'owner' })]);
  });

  it('gives a guest a token that opens the conversation; the id alone opens nothing', async () => {
    const conv = await startConversation(t, null);
    expect(conv.guestToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const q = `query($id: ID!, $g: String) { conversation(id: $id, guestToken: $g) { id viewerMembership { role displayName } } }`;
    const withToken = await t.execute<{ conversation: unknown }>(q, {
      variables: { id: conv.id, g: conv.guestToken },
    });
    expect(withToken.data!.conversation).toEqual({
      id: conv.id,
      viewerMembership: { role: 'OWNER', displayName: 'Guest' },
    });
    for (const variables of [{ id: conv.id }, { id: conv.id, g: 'x'.repeat(43) }]) {
      const res = await t.execute<{ conversation: unknown }>(q, { variables });
      expect(res).toEqual({ data: { conversation: null } });
    }
    const signedInStranger = await t.execute<{ conversation: unknown }>(q, {
      token: c.bob.token,
      variables: { id: conv.id },
    });
    expect(signedInStranger.data!.conversation).toBeNull();
    // Only the hash is stored.
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    const row = await t.prisma.conversation.findUniqueOrThrow({ where: { id: uuid } });
    expect(row.guestTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.guestTokenHash).not.toContain(conv.guestToken);
  });

  it('stores a message: sequence 1, 2, 3…, trimmed content, counters, the sender read mark', async () => {
    const conv = await startConversation(t, c.alice);
    const first = await send(t, c.alice, conv, '  hello\r\nthere \u0007 ');
    expect(first.data!.messageSend).toEqual({
      message: expect.objectContaining({
        sequence: 1,
        role: 'USER',
        content: 'hello\nthere',
        sender: { role: 'OWNER', displayName: 'Alice', isInternal: false },
      }),
      conversation: expect.objectContaining({
        lastSequence: 1,
        messageCount: 1,
        unreadCount: 0,
        lastReadSequence: 1,
      }),
      userErrors: [],
    });
    expect((await sendOk(t, c.alice, conv, 'second')).sequence).toBe(2);
  });

  it('refuses empty, control-only and oversize content with userErrors and stores nothing', async () => {
    const conv = await startConversation(t, c.alice);
    const cases: [string, string][] = [
      ['', 'CONTENT_EMPTY'],
      ['   \n\t ', 'CONTENT_EMPTY'],
      ['\u0001\u001b\u007f\u0085', 'CONTENT_EMPTY'],
      ['x'.repeat(4001), 'CONTENT_TOO_LONG'],
      ['😀'.repeat(4001), 'CONTENT_TOO_LONG'],
    ];
    for (const [content, code] of cases) {
      const res = await send(t, c.alice, conv, content);
      expect(res.data!.messageSend).toEqual({
        message: null,
        conversation: null,
        userErrors: [expect.objectContaining({ code, field: ['input', 'content'] })],
      });
    }
    // NUL never reaches the service: every text input refuses it.
    const nul = await send(t, c.alice, conv, 'a\u0000b');
    expect(nul.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await sendOk(t, c.alice, conv, '😀'.repeat(4000))).content).toHaveLength(8000);
    const bad = await send(t, c.alice, conv, 'ok', { clientMessageId: ' padded ' });
    expect(bad.data!.messageSend.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_CLIENT_MESSAGE_ID' }),
    ]);
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    expect(await t.prisma.message.count({ where: { conversationId: uuid } })).toBe(1);
  });

  it('answers unknown, malformed and foreign conversation ids exactly alike', async () => {
    const bobs = await startConversation(t, c.bob);
    const missing = Buffer.from('Conversation:00000000-0000-4000-8000-000000000000').toString('base64url');
    const codes = [];
    for (const id of [bobs.id, missing, 'bm9wZQ', Buffer.from('Product:1').toString('base64url')]) {
      const res = await send(t, c.alice, { id, guestToken: null }, 'hi');
      codes.push([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.message]);
    }
    expect(codes).toEqual(Array(4).fill(['NOT_FOUND', 'Conversation not found']));
    const uuid = Buffer.from(bobs.id, 'base64url').toString().split(':')[1]!;
    expect(await t.prisma.message.count({ where: { conversationId: uuid } })).toBe(0);
  });

  it('gives 20 concurrent sends to one conversation 20 distinct gapless sequence numbers', async () => {
    const conv = await startConversation(t, c.alice);
    await sendOk(t, c.alice, conv, 'before');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sendOk(t, c.alice, conv, `parallel ${i}`)),
    );
    expect(results.map((m) => m.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 2),
    );
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    const rows = await t.prisma.message.findMany({
      where: { conversationId: uuid },
      orderBy: { sequence: 'asc' },
    });
    expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await t.prisma.conversation.findUniqueOrThrow({ where: { id: uuid } })).toMatchObject({
      lastSequence: 21,
      messageCount: 21,
    });
  });

  it('stores a retried clientMessageId once, even when the retries race, and returns the first message', async () => {
    const conv = await startConversation(t, c.alice);
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send(t, c.alice, conv, `attempt ${i}`, { clientMessageId: 'm-1' })),
    );
    const messages = attempts.map((r) => r.data!.messageSend.message!);
    expect(new Set(messages.map((m) => m.id)).size).toBe(1);
    expect(new Set(messages.map((m) => m.content)).size).toBe(1);
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    expect(await t.prisma.message.count({ where: { conversationId: uuid } })).toBe(1);
    expect((await sendOk(t, c.alice, conv, 'next', { clientMessageId: 'm-2' })).sequence).toBe(2);
    expect((await sendOk(t, c.alice, conv, 'again', { clientMessageId: 'm-1' })).sequence).toBe(1);
  });

  it('pages messages both ways by sequence', async () => {
    const conv = await startConversation(t, c.alice);
    for (let i = 1; i <= 7; i++) await sendOk(t, c.alice, conv, `m${i}`);
    const q = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      conversation(id: $id) { messages(first: $first, after: $after, last: $last, before: $before) {
        totalCount nodes { sequence } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    type Page = { totalCount: number; nodes: { sequence: number }[]; pageInfo: Record<string, unknown> };
    const page = async (variables: Record<string, unknown>) =>
      (
        await t.execute<{ conversation: { messages: Page } }>(q, {
          token: c.alice.token,
          variables: { id: conv.id, ...variables },
        })
      ).data!.conversation.messages;
    const latest = await page({ last: 3 });
    expect(latest.nodes.map((n) => n.sequence)).toEqual([5, 6, 7]);
    expect(latest).toMatchObject({ totalCount: 7, pageInfo: { hasPreviousPage: true, hasNextPage: false } });
    const older = await page({ last: 3, before: latest.pageInfo.startCursor });
    expect(older.nodes.map((n) => n.sequence)).toEqual([2, 3, 4]);
    const oldest = await page({ last: 3, before: older.pageInfo.startCursor });
    expect(oldest.nodes.map((n) => n.sequence)).toEqual([1]);
    expect(oldest.pageInfo.hasPreviousPage).toBe(false);
    const forward = await page({ first: 4, after: oldest.pageInfo.endCursor });
    expect(forward.nodes.map((n) => n.sequence)).toEqual([2, 3, 4, 5]);
    const tooBig = await t.execute(q, { token: c.alice.token, variables: { id: conv.id, first: 101 } });
    expect(tooBig.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('lists the viewer’s conversations by latest activity, searchable by message text and status', async () => {
    const viewer = await signedIn(t.prisma, { firstName: 'Lister' });
    const a = await startConversation(t, viewer, { title: 'A' });
    const b = await startConversation(t, viewer, { title: 'B' });
    const cc = await startConversation(t, viewer, { title: 'C' });
    await sendOk(t, viewer, a, 'Looking for waterproof hiking boots');
    await sendOk(t, viewer, b, 'Where is my order?');
    const q = `query($q: String, $s: ConversationStatus, $first: Int, $after: String) {
      conversations(first: $first, after: $after, query: $q, status: $s) { totalCount nodes { title } pageInfo { endCursor hasNextPage } } }`;
    type L = {
      conversations: {
        totalCount: number;
        nodes: { title: string }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    };
    const all = await t.execute<L>(q, { token: viewer.token, variables: {} });
    expect(all.data!.conversations.nodes.map((n) => n.title)).toEqual(['B', 'A', 'C']);
    expect(all.data!.conversations.totalCount).toBe(3);
    const paged = await t.execute<L>(q, { token: viewer.token, variables: { first: 2 } });
    const rest = await t.execute<L>(q, {
      token: viewer.token,
      variables: { first: 2, after: paged.data!.conversations.pageInfo.endCursor },
    });
    expect(rest.data!.conversations.nodes.map((n) => n.title)).toEqual(['C']);
    const boots = await t.execute<L>(q, { token: viewer.token, variables: { q: 'boot' } });
    expect(boots.data!.conversations.nodes.map((n) => n.title)).toEqual(['A']);
    await t.execute(`mutation($id: ID!) { conversationArchive(id: $id) { userErrors { code } } }`, {
      token: viewer.token,
      variables: { id: cc.id },
    });
    const archived = await t.execute<L>(q, { token: viewer.token, variables: { s: 'ARCHIVED' } });
    expect(archived.data!.conversations.nodes.map((n) => n.title)).toEqual(['C']);
    const anonymous = await t.execute(q, { variables: {} });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('archives (read-only, session ends) and deletes (content purged, usage rows kept)', async () => {
    const conv = await startConversation(t, c.alice, { title: 'secret plans' });
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    const m = await sendOk(t, c.alice, conv, 'my shoe size is 44');
    const llm = await t.prisma.llmRequest.create({
      data: {
        provider: 'local',
        model: 'bazaar-local-1',
        prompt: 'x',
        conversationId: uuid,
        messageId: Number(Buffer.from(m.id, 'base64url').toString().split(':')[1]),
      },
    });
    await t.prisma.llmResponse.create({
      data: { requestId: llm.id, content: 'y', latencyMs: 5, cost: '0.000100' },
    });
    const archive = await t.execute<{ conversationArchive: { conversation: { status: string } } }>(
      `mutation($id: ID!) { conversationArchive(id: $id) { conversation { status activeSession { id } } userErrors { code } } }`,
      { token: c.alice.token, variables: { id: conv.id } },
    );
    expect(archive.data!.conversationArchive.conversation).toEqual({
      status: 'ARCHIVED',
      activeSession: null,
    });
    const refused = await send(t, c.alice, conv, 'more');
    expect(refused.data!.messageSend.userErrors).toEqual([
      expect.objectContaining({ code: 'CONVERSATION_ARCHIVED' }),
    ]);
    expect(await t.prisma.chatSession.findFirst({ where: { conversationId: uuid } })).toMatchObject({
      status: 'ended',
      endedReason: 'archived',
    });

    const del = await t.execute<{ conversationDelete: unknown }>(
      `mutation($id: ID!) { conversationDelete(id: $id) { deletedConversationId userErrors { code } } }`,
      { token: c.bob.token, variables: { id: conv.id } },
    );
    expect(del.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ok = await t.execute<{ conversationDelete: unknown }>(
      `mutation($id: ID!) { conversationDelete(id: $id) { deletedConversationId userErrors { code } } }`,
      { token: c.alice.token, variables: { id: conv.id } },
    );
    expect(ok.data!.conversationDelete).toEqual({ deletedConversationId: conv.id, userErrors: [] });
    const after = await t.execute<{ conversation: null }>(
      `query($id: ID!) { conversation(id: $id) { id } }`,
      {
        token: c.alice.token,
        variables: { id: conv.id },
      },
    );
    expect(after.data!.conversation).toBeNull();
    const row = await t.prisma.conversation.findUniqueOrThrow({
      where: { id: uuid },
      include: { messages: true },
    });
    expect(row).toMatchObject({ title: null, deletedAt: expect.any(Date) });
    expect(row.messages.map((x) => x.content)).toEqual(['']);
    expect(await t.prisma.llmResponse.findUniqueOrThrow({ where: { requestId: llm.id } })).toMatchObject({
      content: 'y',
    });
  });
});
