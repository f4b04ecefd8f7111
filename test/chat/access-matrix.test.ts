import { toGlobalId } from '../../src/graphql/global-id';
import { chatCast, sendOk, startConversation } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Expect = { null: string } | { code: string };

describe('chat access matrix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('answers every read and write on another shopper’s conversation exactly like a missing one', async () => {
    const { alice, bob } = await chatCast(t);
    const conv = await startConversation(t, alice, { title: 'private' });
    const other = await startConversation(t, null); // a guest token for a different conversation
    await sendOk(t, alice, conv, 'my address is …');
    const uuid = Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
    const msg = await t.prisma.message.findFirstOrThrow({ where: { conversationId: uuid } });
    const member = await t.prisma.conversationMember.findFirstOrThrow({ where: { conversationId: uuid } });
    const session = await t.prisma.chatSession.findFirstOrThrow({ where: { conversationId: uuid } });
    const id = { id: conv.id };
    const rows: [string, string, Record<string, unknown>, Expect][] = [
      ['conversation(id)', `query($id: ID!) { conversation(id: $id) { id } }`, id, { null: 'conversation' }],
      [
        'conversation(id, another guest token)',
        `query($id: ID!, $g: String) { conversation(id: $id, guestToken: $g) { id } }`,
        { ...id, g: other.guestToken },
        { null: 'conversation' },
      ],
      ['node(Conversation)', `query($id: ID!) { node(id: $id) { id } }`, id, { null: 'node' }],
      [
        'node(Message)',
        `query($id: ID!) { node(id: $id) { id } }`,
        { id: toGlobalId('Message', msg.id) },
        { null: 'node' },
      ],
      [
        'node(ConversationMember)',
        `query($id: ID!) { node(id: $id) { id } }`,
        { id: toGlobalId('ConversationMember', member.id) },
        { null: 'node' },
      ],
      [
        'node(ChatSession)',
        `query($id: ID!) { node(id: $id) { id } }`,
        { id: toGlobalId('ChatSession', session.id) },
        { null: 'node' },
      ],
      [
        'messageSend',
        `mutation($id: ID!) { messageSend(input: { conversationId: $id, content: "hi" }) { message { id } } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationMarkRead',
        `mutation($id: ID!) { conversationMarkRead(input: { conversationId: $id }) { conversation { id } } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationUpdate',
        `mutation($id: ID!) { conversationUpdate(input: { id: $id, title: "mine" }) { conversation { id } } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationArchive',
        `mutation($id: ID!) { conversationArchive(id: $id) { conversation { id } } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationDelete',
        `mutation($id: ID!) { conversationDelete(id: $id) { deletedConversationId } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationSessionEnd',
        `mutation($id: ID!) { conversationSessionEnd(id: $id) { conversation { id } } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationLeave',
        `mutation($id: ID!) { conversationLeave(id: $id) { conversation { id } } }`,
        id,
        { code: 'NOT_FOUND' },
      ],
      [
        'conversationMemberAdd (admins only)',
        `mutation($id: ID!) { conversationMemberAdd(input: { conversationId: $id }) { member { id } } }`,
        id,
        { code: 'FORBIDDEN' },
      ],
    ];
    const before = await snapshot(t, uuid);
    for (const [name, query, variables, expected] of rows) {
      const res = await t.execute<Record<string, unknown>>(query, { token: bob.token, variables });
      if ('null' in expected) {
        expect([name, res.errors, res.data?.[expected.null]]).toEqual([name, undefined, null]);
      } else {
        expect([name, res.errors?.map((e) => e.extensions?.code)]).toEqual([name, [expected.code]]);
        if (expected.code === 'NOT_FOUND') expect(res.errors![0]!.message).toBe('Conversation not found');
      }
    }
    const list = await t.execute<{ conversations: { totalCount: number } }>(
      `{ conversations { totalCount } }`,
      {
        token: bob.token,
      },
    );
    expect(list.data!.conversations.totalCount).toBe(0);
    expect(await snapshot(t, uuid)).toEqual(before);
  });
});

/** Everything about a conversation a foreign caller could have changed. */
async function snapshot(t: TestApp, id: string) {
  return t.prisma.conversation.findUniqueOrThrow({
    where: { id },
    include: { messages: true, members: true, sessions: true },
  });
}
