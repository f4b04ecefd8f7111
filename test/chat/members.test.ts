import { signedIn } from '../fixtures/auth.scenario';
import { chatCast, send, sendOk, startConversation, type Started } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';
import { addUserMessageHandler, type UserMessageEvent } from '../../src/modules/chat/on-user-message';

type Cast = Awaited<ReturnType<typeof chatCast>>;

const JOIN = `mutation($input: ConversationMemberAddInput!) {
  conversationMemberAdd(input: $input) { member { id role displayName isInternal } conversation { id } userErrors { code field } }
}`;
const READ = `mutation($input: ConversationMarkReadInput!) {
  conversationMarkRead(input: $input) { conversation { unreadCount lastReadSequence } userErrors { code field } }
}`;
const UNREAD = `query($id: ID!, $g: String) { conversation(id: $id, guestToken: $g) { unreadCount lastReadSequence
  members { totalCount nodes { role displayName isViewer lastReadSequence } } } }`;

describe('members, unread counts and automatic-reply triggers', () => {
  let t: TestApp;
  let c: Cast;
  const triggered: UserMessageEvent[] = [];
  let removeHandler: () => void;
  beforeAll(async () => {
    t = await startTestApp({
      env: { CHAT_RATE_SENDER_PER_MINUTE: '1000', CHAT_RATE_CONVERSATION_PER_MINUTE: '1000' },
    });
    c = await chatCast(t);
    removeHandler = addUserMessageHandler(async (_ctx, _tx, e) => {
      triggered.push(e);
    });
  });
  afterAll(async () => {
    removeHandler();
    await t.stop();
  });

  const join = (who: { token: string }, conv: Started, input: Record<string, unknown> = {}) =>
    t.execute<{
      conversationMemberAdd: {
        member: { role: string; displayName: string; isInternal: boolean } | null;
        userErrors: { code: string }[];
      };
    }>(JOIN, { token: who.token, variables: { input: { conversationId: conv.id, ...input } } });
  const unread = async (who: { token: string } | null, conv: Started) =>
    (
      await t.execute<{
        conversation: {
          unreadCount: number;
          lastReadSequence: number;
          members: { nodes: { role: string; isViewer: boolean; lastReadSequence: number }[] };
        };
      }>(UNREAD, { token: who?.token ?? null, variables: { id: conv.id, g: who ? null : conv.guestToken } })
    ).data!.conversation;

  it('lets only admins join; an agent posts as the shop and is internal; observers read but cannot post', async () => {
    const conv = await startConversation(t, c.alice);
    const refused = await join(c.bob, conv);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const joined = await join(c.admin, conv);
    expect(joined.data!.conversationMemberAdd).toMatchObject({
      member: { role: 'AGENT', displayName: 'Ada', isInternal: true },
      userErrors: [],
    });
    const reply = await sendOk(t, c.admin, conv, 'Hi Alice, how can I help?');
    expect(reply).toMatchObject({ role: 'ASSISTANT', sender: { role: 'AGENT', isInternal: true } });

    const watcher = await signedIn(t.prisma, { firstName: 'Olga' });
    const added = await join(c.admin, conv, {
      customerId: Buffer.from(`Customer:${watcher.customerId}`).toString('base64url'),
      role: 'OBSERVER',
    });
    expect(added.data!.conversationMemberAdd.member).toMatchObject({ role: 'OBSERVER', displayName: 'Olga' });
    expect((await send(t, watcher, conv, 'can I post?')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const seen = await unread(watcher, conv);
    expect(seen.members.nodes.map((m) => [m.role, m.isViewer])).toEqual([
      ['OWNER', false],
      ['AGENT', false],
      ['OBSERVER', true],
    ]);
    const owner = await join(c.admin, conv, {
      customerId: Buffer.from(`Customer:${c.alice.customerId}`).toString('base64url'),
    });
    expect(owner.data!.conversationMemberAdd.userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_OWNER' }),
    ]);
    expect(await t.prisma.adminAuditLog.count({ where: { action: 'conversation.member_add' } })).toBe(2);
  });

  it('keeps unread counts exact per member and mark-read recounts them, also under concurrent sends', async () => {
    const conv = await startConversation(t, c.alice);
    await join(c.admin, conv);
    for (let i = 0; i < 3; i++) await sendOk(t, c.alice, conv, `question ${i}`);
    expect((await unread(c.admin, conv)).unreadCount).toBe(3);
    expect((await unread(c.alice, conv)).unreadCount).toBe(0);
    await sendOk(t, c.admin, conv, 'answer');
    // Sending marks everything read for the sender.
    expect(await unread(c.admin, conv)).toMatchObject({ unreadCount: 0, lastReadSequence: 4 });
    expect((await unread(c.alice, conv)).unreadCount).toBe(1);

    const r = await t.execute<{
      conversationMarkRead: { conversation: { unreadCount: number; lastReadSequence: number } };
    }>(READ, { token: c.alice.token, variables: { input: { conversationId: conv.id, sequence: 2 } } });
    // Her own message 3 already moved her mark to 3 (a mark never moves back): the agent's 4 is unread.
    expect(r.data!.conversationMarkRead.conversation).toEqual({ unreadCount: 1, lastReadSequence: 3 });
    const back = await t.execute<{ conversationMarkRead: { conversation: { lastReadSequence: number } } }>(
      READ,
      {
        token: c.alice.token,
        variables: { input: { conversationId: conv.id, sequence: 1 } },
      },
    );
    expect(back.data!.conversationMarkRead.conversation.lastReadSequence).toBe(3); // never moves back
    const past = await t.execute<{ conversationMarkRead: { conversation: unknown } }>(READ, {
      token: c.admin.token,
      variables: { input: { conversationId: conv.id, sequence: 999 } },
    });
    expect(past.data!.conversationMarkRead.conversation).toEqual({ unreadCount: 0, lastReadSequence: 4 });

    // Concurrent: the agent sends 10 while the owner marks read over and over; afterwards the
    // stored count equals a recount from the messages.
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => sendOk(t, c.admin, conv, `burst ${i}`)),
      ...Array.from({ length: 5 }, () =>
        t.execute(READ, { token: c.alice.token, variables: { input: { conversationId: conv.id } } }),
      ),
    ]);
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    const [check] = await t.prisma.$queryRaw<{ stored: number; recount: number }[]>`
      SELECT m.unread_count AS stored,
        (SELECT count(*)::int FROM messages x WHERE x.conversation_id = m.conversation_id
           AND x.sequence > m.last_read_sequence AND x.member_id IS DISTINCT FROM m.id) AS recount
      FROM conversation_members m WHERE m.conversation_id = ${uuid}::uuid AND m.customer_id = ${c.alice.customerId}`;
    expect(check!.stored).toBe(check!.recount);
    const final = await t.execute<{ conversationMarkRead: { conversation: unknown } }>(READ, {
      token: c.alice.token,
      variables: { input: { conversationId: conv.id } },
    });
    expect(final.data!.conversationMarkRead.conversation).toEqual({ unreadCount: 0, lastReadSequence: 14 });
  });

  it('hands only new shopper messages from non-internal senders to the automatic-reply hook', async () => {
    const conv = await startConversation(t, c.alice);
    const guest = await startConversation(t, null);
    const bot = await signedIn(t.prisma, { firstName: 'PartnerBot' });
    await t.prisma.customer.update({ where: { id: bot.customerId }, data: { isInternal: true } });
    const bridge = await signedIn(t.prisma, { firstName: 'Bridge' });
    await join(c.admin, conv);
    await join(c.admin, conv, {
      customerId: Buffer.from(`Customer:${bot.customerId}`).toString('base64url'),
      role: 'PARTNER',
    });
    await join(c.admin, conv, {
      customerId: Buffer.from(`Customer:${bridge.customerId}`).toString('base64url'),
      role: 'PARTNER',
    });
    triggered.length = 0;

    await sendOk(t, c.alice, conv, 'owner asks', { clientMessageId: 'once' });
    await sendOk(t, c.alice, conv, 'owner retries', { clientMessageId: 'once' });
    await sendOk(t, null, guest, 'guest asks');
    await sendOk(t, bridge, conv, 'relayed from a shopper');
    await sendOk(t, c.admin, conv, 'agent answers');
    await sendOk(t, bot, conv, 'internal bot says hi');
    expect(triggered.map((e) => [e.message.content, e.message.role, e.sender.role])).toEqual([
      ['owner asks', 'user', 'owner'],
      ['guest asks', 'user', 'owner'],
      ['relayed from a shopper', 'user', 'partner'],
    ]);

    // The hook runs inside messageSend's transaction: throwing rolls the message back.
    const remove = addUserMessageHandler(async () => {
      throw new Error('assistant is down');
    });
    try {
      const res = await send(t, c.alice, conv, 'lost?');
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      remove();
    }
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    expect(await t.prisma.message.count({ where: { conversationId: uuid, content: 'lost?' } })).toBe(0);
    expect((await sendOk(t, c.alice, conv, 'still gapless')).sequence).toBe(5);
  });

  it('lets a non-owner leave (the conversation is closed to them) but not the owner', async () => {
    const conv = await startConversation(t, c.alice);
    await join(c.admin, conv);
    const LEAVE = `mutation($id: ID!) { conversationLeave(id: $id) { conversation { id } userErrors { code } } }`;
    const owner = await t.execute<{ conversationLeave: unknown }>(LEAVE, {
      token: c.alice.token,
      variables: { id: conv.id },
    });
    expect(owner.data!.conversationLeave).toEqual({
      conversation: null,
      userErrors: [{ code: 'OWNER_CANNOT_LEAVE' }],
    });
    const agent = await t.execute<{ conversationLeave: unknown }>(LEAVE, {
      token: c.admin.token,
      variables: { id: conv.id },
    });
    expect(agent.data!.conversationLeave).toEqual({ conversation: null, userErrors: [] });
    expect((await send(t, c.admin, conv, 'still here?')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await unread(c.alice, conv)).members.nodes.map((m) => m.role)).toEqual(['OWNER']);
    // Re-joining starts from the latest message.
    await sendOk(t, c.alice, conv, 'anyone?');
    await join(c.admin, conv);
    expect(await unread(c.admin, conv)).toMatchObject({ unreadCount: 0, lastReadSequence: 1 });
  });
});
