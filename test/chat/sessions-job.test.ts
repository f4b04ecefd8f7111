import { signedIn } from '../fixtures/auth.scenario';
import { sendOk, startConversation } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

describe('chat session inactivity job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true, env: { CHAT_SESSION_IDLE_MINUTES: '10' } });
  });
  afterAll(() => t.stop());

  it('runs every minute and ends sessions idle for CHAT_SESSION_IDLE_MINUTES', async () => {
    expect(await t.app.deps.jobs.boss.getSchedules('chat.sessions.expire')).toEqual([
      expect.objectContaining({ cron: '* * * * *' }),
    ]);
    const who = await signedIn(t.prisma);
    const idle = await startConversation(t, who);
    const recent = await startConversation(t, who);
    await sendOk(t, who, idle, 'anyone there?');
    await sendOk(t, who, recent, 'hi');
    const uuid = Buffer.from(idle.id, 'base64url').toString().split(':')[1]!;
    await t.prisma.$executeRaw`UPDATE chat_sessions SET started_at = started_at - interval '11 minutes',
      last_activity_at = last_activity_at - interval '11 minutes' WHERE conversation_id = ${uuid}::uuid`;
    await t.app.deps.jobs.send('chat.sessions.expire', {});
    const deadline = Date.now() + 15_000;
    while (
      (await t.prisma.chatSession.count({ where: { status: 'active' } })) !== 1 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(
      (await t.prisma.chatSession.findMany({ orderBy: { id: 'asc' } })).map((s) => [
        s.conversationId === uuid,
        s.status,
      ]),
    ).toEqual([
      [true, 'abandoned'],
      [false, 'active'],
    ]);
  });
});
