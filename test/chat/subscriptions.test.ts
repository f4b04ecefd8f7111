import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { authenticate } from '../../src/server/auth';
import { buildContext } from '../../src/server/context';
import { appendMessage } from '../../src/modules/chat/message-store';
import { subscribeMessages } from '../../src/modules/chat/subscriptions.service';
import type { MessageView } from '../../src/modules/chat/chat.types';
import {
  chatCast,
  collect,
  MESSAGE_ADDED,
  sendOk,
  startConversation,
  subscribed,
  type Started,
} from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Cast = Awaited<ReturnType<typeof chatCast>>;
const uuidOf = (conv: Started) => Buffer.from(conv.id, 'base64url').toString().split(':')[1]!;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('messageAdded and conversationUpdated over graphql-ws', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await startTestApp({
      env: { CHAT_RATE_SENDER_PER_MINUTE: '10000', CHAT_RATE_CONVERSATION_PER_MINUTE: '10000' },
    });
    await t.listen();
    c = await chatCast(t);
  });
  afterAll(() => t.stop());

  /** `n` messages stored through the one store path, in one transaction (one event each on commit). */
  const store = (conv: Started, n: number) =>
    t.prisma.$transaction(
      async (tx) => {
        for (let i = 0; i < n; i++) {
          await appendMessage(tx, {
            conversationId: uuidOf(conv),
            role: 'system',
            content: `stored ${i}`,
            sender: null,
          });
        }
      },
      { timeout: 120_000 },
    );
  /** Subscribes in-process (no socket) so a test controls exactly when values are pulled. */
  const subscribeDirect = async (who: { token: string }, conv: Started, after = 0) => {
    const viewer = await authenticate(t.app.deps, who.token);
    const ctx = buildContext(t.app.deps, { requestId: randomUUID(), viewer, transport: 'internal' });
    return subscribeMessages(ctx, { conversationId: conv.id, afterSequence: after });
  };
  const pull = async (it: AsyncIterator<MessageView>, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = await it.next();
      if (r.done) break;
      out.push(r.value.sequence);
    }
    return out;
  };

  it('replays, then continues live, with no gap and no duplicate when messages commit during the replay', async () => {
    const conv = await startConversation(t, c.alice);
    await store(conv, 250);
    const it = await subscribeDirect(c.alice, conv);
    // The replay has started (first batch of 100 read); 60 messages commit before it goes on, so
    // they are both in later replay batches and queued as live events: each must arrive once.
    const seen = await pull(it, 1);
    await store(conv, 60);
    seen.push(...(await pull(it, 309)));
    // Live after the replay.
    await Promise.all(range(1, 5).map((i) => sendOk(t, c.alice, conv, `live ${i}`)));
    seen.push(...(await pull(it, 5)));
    expect(seen).toEqual(range(1, 315));
    await it.return!();
    expect(t.app.deps.pubsub.size).toBe(0);
  });

  it('delivers the seam right over a real socket while sends race with the replay', async () => {
    const conv = await startConversation(t, c.alice);
    await store(conv, 300);
    const sub = collect<{ sequence: number }>(t.wsClient({ token: c.alice.token }), MESSAGE_ADDED, {
      id: conv.id,
      after: 0,
    });
    await Promise.all(range(1, 40).map((i) => sendOk(t, c.alice, conv, `racing ${i}`)));
    await sub.until(340);
    await new Promise((r) => setTimeout(r, 300)); // nothing extra arrives
    expect(sub.errors).toEqual([]);
    expect(sub.values.map((v) => v.sequence)).toEqual(range(1, 340));
  });

  it('resumes after a reconnect from afterSequence, losing and repeating nothing', async () => {
    const conv = await startConversation(t, c.alice);
    for (let i = 1; i <= 5; i++) await sendOk(t, c.alice, conv, `m${i}`);
    const client = t.wsClient({ token: c.alice.token });
    const first = collect<{ sequence: number; content: string }>(client, MESSAGE_ADDED, { id: conv.id });
    await first.until(5);
    await client.dispose();
    for (let i = 6; i <= 8; i++) await sendOk(t, c.alice, conv, `m${i}`);
    const last = first.values[first.values.length - 1]!.sequence;
    const again = collect<{ sequence: number; content: string }>(
      t.wsClient({ token: c.alice.token }),
      MESSAGE_ADDED,
      {
        id: conv.id,
        after: last,
      },
    );
    await again.until(3);
    await sendOk(t, c.alice, conv, 'm9');
    await again.until(4);
    expect([...first.values, ...again.values].map((v) => v.content)).toEqual(range(1, 9).map((i) => `m${i}`));
  });

  it('delivers a message sent to another API process on the same database', async () => {
    const b = await startTestApp({ database: t.db });
    try {
      await b.listen();
      const conv = await startConversation(t, c.alice);
      const before = b.app.deps.pubsub.size;
      const onB = collect<{ sequence: number; content: string; sender: { role: string } }>(
        b.wsClient({ token: c.alice.token }),
        MESSAGE_ADDED,
        { id: conv.id },
      );
      await subscribed(b, before); // so the message is delivered live, not replayed
      await sendOk(t, c.alice, conv, 'sent to A');
      await onB.until(1);
      expect(onB.values).toEqual([
        {
          id: expect.any(String),
          sequence: 1,
          role: 'USER',
          content: 'sent to A',
          sender: { role: 'OWNER', displayName: 'Alice' },
        },
      ]);
    } finally {
      await b.stop();
    }
  });

  it('refuses to subscribe to a conversation the caller cannot read, without revealing whether it exists', async () => {
    const conv = await startConversation(t, c.alice);
    const guestConv = await startConversation(t, null);
    const missing = Buffer.from(`Conversation:${randomUUID()}`).toString('base64url');
    const attempts = [
      { token: c.bob.token, vars: { id: conv.id } },
      { token: null, vars: { id: conv.id } },
      { token: c.bob.token, vars: { id: missing } },
      { token: null, vars: { id: guestConv.id } },
      { token: null, vars: { id: guestConv.id, guestToken: 'A'.repeat(43) } },
    ];
    const answers = [];
    for (const a of attempts) {
      const sub = collect(t.wsClient({ token: a.token }), MESSAGE_ADDED, a.vars);
      await sub.ended();
      const e = sub.errors[0] as { extensions?: { code?: string }; message?: string };
      answers.push([e?.extensions?.code, e?.message]);
    }
    expect(answers).toEqual(Array(5).fill(['NOT_FOUND', 'Conversation not found']));
    const guest = collect<{ sequence: number }>(t.wsClient(), MESSAGE_ADDED, {
      id: guestConv.id,
      guestToken: guestConv.guestToken,
    });
    await sendOk(t, null, guestConv, 'guest here');
    await guest.until(1);
    expect(guest.values.map((v) => v.sequence)).toEqual([1]);
  });

  it('ends the stream when the conversation is deleted or the member leaves', async () => {
    const conv = await startConversation(t, c.alice);
    await t.execute(
      `mutation($input: ConversationMemberAddInput!) { conversationMemberAdd(input: $input) { userErrors { code } } }`,
      {
        token: c.admin.token,
        variables: { input: { conversationId: conv.id } },
      },
    );
    const before = t.app.deps.pubsub.size;
    const agent = collect(t.wsClient({ token: c.admin.token }), MESSAGE_ADDED, { id: conv.id });
    const owner = collect(t.wsClient({ token: c.alice.token }), MESSAGE_ADDED, { id: conv.id });
    await subscribed(t, before, 2);
    await t.execute(`mutation($id: ID!) { conversationLeave(id: $id) { userErrors { code } } }`, {
      token: c.admin.token,
      variables: { id: conv.id },
    });
    await agent.ended();
    expect(owner.completed).toBe(false);
    await t.execute(`mutation($id: ID!) { conversationDelete(id: $id) { userErrors { code } } }`, {
      token: c.alice.token,
      variables: { id: conv.id },
    });
    await owner.ended();
    expect([agent.errors, owner.errors]).toEqual([[], []]);
  });

  it('catches up from the database when it fell behind the pub/sub buffer', async () => {
    const conv = await startConversation(t, c.alice);
    const it = await subscribeDirect(c.alice, conv);
    await sendOk(t, c.alice, conv, 'first');
    expect(await pull(it, 1)).toEqual([1]);
    // 400 events while nobody pulls: more than the subscriber buffer (256), so the pub/sub cuts
    // this subscriber off; the stream re-subscribes and reads the gap from the database.
    await store(conv, 400);
    await new Promise((r) => setTimeout(r, 300));
    await store(conv, 1);
    expect(await pull(it, 401)).toEqual(range(2, 402));
    // Still live afterwards: the stream subscribed again.
    await sendOk(t, c.alice, conv, 'after the flood');
    expect(await pull(it, 1)).toEqual([403]);
    await it.return!();
  });

  it('catches up after the LISTEN connection was lost and re-established', async () => {
    const conv = await startConversation(t, c.alice);
    const sub = collect<{ sequence: number }>(t.wsClient({ token: c.alice.token }), MESSAGE_ADDED, {
      id: conv.id,
    });
    await sendOk(t, c.alice, conv, 'before');
    await sub.until(1);
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bazaar-events' AND datname = current_database()`,
      );
      // Sent while nobody listens: its event is lost for good.
      await sendOk(t, c.alice, conv, 'while deaf');
      await sub.until(2, 15_000);
      await sendOk(t, c.alice, conv, 'after');
      await sub.until(3);
      expect(sub.values.map((v) => v.sequence)).toEqual([1, 2, 3]);
    } finally {
      await admin.end();
    }
  });

  it('streams conversationUpdated for one conversation and for every conversation of the viewer', async () => {
    const conv = await startConversation(t, c.alice, { title: 'first' });
    const before = t.app.deps.pubsub.size;
    const UPDATED = `subscription($id: ID) { conversationUpdated(conversationId: $id) { id title status lastSequence unreadCount } }`;
    const one = collect<{ title: string; lastSequence: number; unreadCount: number }>(
      t.wsClient({ token: c.alice.token }),
      UPDATED,
      { id: conv.id },
    );
    const all = collect<{ id: string; title: string }>(t.wsClient({ token: c.alice.token }), UPDATED, {});
    await subscribed(t, before, 2);
    await t.execute(
      `mutation($input: ConversationMemberAddInput!) { conversationMemberAdd(input: $input) { userErrors { code } } }`,
      {
        token: c.admin.token,
        variables: { input: { conversationId: conv.id } },
      },
    );
    await sendOk(t, c.admin, conv, 'hello from support');
    await t.execute(
      `mutation($input: ConversationUpdateInput!) { conversationUpdate(input: $input) { userErrors { code } } }`,
      {
        token: c.alice.token,
        variables: { input: { id: conv.id, title: 'renamed' } },
      },
    );
    const other = await startConversation(t, c.alice, { title: 'second' });
    await one.until(3);
    await all.until(4);
    expect(one.values.slice(0, 3)).toEqual([
      expect.objectContaining({ title: 'first', lastSequence: 0, unreadCount: 0 }), // member joined
      expect.objectContaining({ title: 'first', lastSequence: 1, unreadCount: 1 }),
      expect.objectContaining({ title: 'renamed', lastSequence: 1, unreadCount: 1 }),
    ]);
    expect(all.values.map((v) => v.title)).toEqual(['first', 'first', 'renamed', 'second']);
    expect(all.values[3]!.id).toBe(other.id);
    const bobSees = collect(t.wsClient({ token: c.bob.token }), UPDATED, { id: conv.id });
    await bobSees.ended();
    expect((bobSees.errors[0] as { extensions: { code: string } }).extensions.code).toBe('NOT_FOUND');
  });
});
