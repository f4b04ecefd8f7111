import { signedIn } from '../fixtures/auth.scenario';
import { sendOk, startConversation, type Started } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('chat session inactivity job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true, env: { CHAT_SESSION_IDLE_MINUTES: '10' } });
  });
  afterAll(() => t.stop());

  const uuidOf = (c: Started) => Buffer.from(c.id, 'base64url').toString().split(':')[1]!;
  const assistantReplies = (c: Started) =>
    t.prisma.message.count({ where: { conversationId: uuidOf(c), role: 'assistant' } });

  it('runs every minute and ends sessions idle for CHAT_SESSION_IDLE_MINUTES: answered ones ended, unanswered ones abandoned', async () => {
    expect(await t.app.deps.jobs.boss.getSchedules('chat.sessions.expire')).toEqual([
      expect.objectContaining({ cron: '* * * * *' }),
    ]);
    const shopper = await signedIn(t.prisma);
    // An internal account's message never gets an automatic reply: its session stays unanswered.
    const agent = await signedIn(t.prisma);
    await t.prisma.customer.update({ where: { id: agent.customerId }, data: { isInternal: true } });
    const answered = await startConversation(t, shopper);
    const unanswered = await startConversation(t, agent);
    const recent = await startConversation(t, shopper);
    await sendOk(t, shopper, answered, 'anyone there?');
    await sendOk(t, agent, unanswered, 'hello?');
    await sendOk(t, shopper, recent, 'hi');
    // The assistant's replies move the sessions' last activity: let them land before backdating.
    await waitFor(
      async () => (await assistantReplies(answered)) === 1 && (await assistantReplies(recent)) === 1,
    );
    const idle = [uuidOf(answered), uuidOf(unanswered)];
    await t.prisma.$executeRaw`UPDATE chat_sessions SET started_at = started_at - interval '11 minutes',
      last_activity_at = last_activity_at - interval '11 minutes' WHERE conversation_id = ANY(${idle}::uuid[])`;
    await t.app.deps.jobs.send('chat.sessions.expire', {});
    await waitFor(async () => (await t.prisma.chatSession.count({ where: { status: 'active' } })) === 1);
    const sessions = await t.prisma.chatSession.findMany();
    const statusOf = (c: Started) => sessions.find((s) => s.conversationId === uuidOf(c))?.status;
    expect([statusOf(answered), statusOf(unanswered), statusOf(recent)]).toEqual([
      'ended',
      'abandoned',
      'active',
    ]);
    expect(await assistantReplies(unanswered)).toBe(0);
  });
});
