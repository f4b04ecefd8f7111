import { Client } from 'pg';
import {
  createLlmRequest,
  recordAttemptFailure,
  recordResponse,
  startLlmRequest,
} from '../../src/modules/assistant/llm/accounting.service';
import { assertWithinBudget, budgetKey } from '../../src/modules/assistant/llm/budget.service';
import { rollupUsageHour } from '../../src/modules/assistant/llm/usage-rollup';
import { makeAdmin, registerCustomer, type Account } from '../fixtures/customers.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let alice: Account;
let admin: Account;

beforeAll(async () => {
  t = await startTestApp();
  alice = await registerCustomer(t, 'alice@example.com');
  admin = await makeAdmin(t, await registerCustomer(t, 'admin@example.com'));
});
afterAll(() => t.stop());

const newConversation = (customerId: number | null = null) =>
  t.prisma.conversation.create({ data: { customerId } }).then((c) => c.id);

async function finishedTurn(opts: {
  conversationId: string;
  customerId?: number | null;
  provider?: string;
  model?: string;
  prompt?: number;
  completion?: number;
  queuedAt?: Date;
  budget?: string | null;
}) {
  const id = await createLlmRequest(t.prisma, {
    provider: opts.provider ?? 'openai',
    model: opts.model ?? 'gpt-4o-mini',
    prompt: 'boots under $120',
    systemPrompt: 'secret instructions',
    parameters: { temperature: 0 },
    conversationId: opts.conversationId,
    customerId: opts.customerId ?? null,
    messageId: null,
    budgetKey: opts.budget ?? null,
  });
  if (opts.queuedAt) await t.prisma.llmRequest.update({ where: { id }, data: { queuedAt: opts.queuedAt } });
  const started = await startLlmRequest(t.prisma, id, 0);
  const cost = await recordResponse(t.prisma, {
    requestId: id,
    conversationId: opts.conversationId,
    content: 'Here you go',
    finishReason: 'stop',
    promptTokens: opts.prompt ?? 1000,
    completionTokens: opts.completion ?? 500,
    latencyMs: 120,
    queueTimeMs: started!.queueTimeMs,
    timeToFirstTokenMs: 30,
    provider: opts.provider ?? 'openai',
    model: opts.model ?? 'gpt-4o-mini',
    fallback: false,
  });
  return { id, cost };
}

describe('LLM accounting', () => {
  it('prices a response from llm_model_prices and closes the request', async () => {
    const conversationId = await newConversation();
    // gpt-4o-mini: $0.15 in, $0.60 out per million → 1000 × 0.15e-6 + 500 × 0.60e-6 = 0.00045
    const { id, cost } = await finishedTurn({ conversationId });
    expect(cost).toEqual({ cost: '0.000450' });
    const req = await t.prisma.llmRequest.findUniqueOrThrow({ where: { id }, include: { response: true } });
    expect(req).toMatchObject({ status: 'succeeded', retryCount: 0 });
    expect(req.completedAt).not.toBeNull();
    expect(req.response).toMatchObject({
      totalTokens: 1500,
      latencyMs: 120,
      timeToFirstTokenMs: 30,
      provider: 'openai',
      fallback: false,
    });
    expect(req.response!.cost.toFixed(6)).toBe('0.000450');
  });

  it('keeps conversation totals exact under 20 concurrent turns, and a replayed response adds nothing', async () => {
    const conversationId = await newConversation();
    const turns = await Promise.all(
      Array.from({ length: 20 }, (_, i) => finishedTurn({ conversationId, prompt: 100 + i, completion: 7 })),
    );
    const c = await t.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const prompt = Array.from({ length: 20 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
    expect(c).toMatchObject({ promptTokens: prompt, completionTokens: 140, totalTokens: prompt + 140 });
    const [sum] = await t.prisma.$queryRaw<{ s: string }[]>`
      SELECT sum(r.cost)::text AS s FROM llm_responses r JOIN llm_requests q ON q.id = r.request_id WHERE q.conversation_id = ${conversationId}::uuid`;
    expect(c.totalCost.toFixed(6)).toBe(Number(sum!.s).toFixed(6));

    const again = await recordResponse(t.prisma, {
      requestId: turns[0]!.id,
      conversationId,
      content: 'dup',
      finishReason: 'stop',
      promptTokens: 999,
      completionTokens: 999,
      latencyMs: 1,
      queueTimeMs: 1,
      timeToFirstTokenMs: null,
      provider: 'openai',
      model: 'gpt-4o-mini',
      fallback: false,
    });
    expect(again).toBeNull();
    expect(
      (await t.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).totalTokens,
    ).toBe(prompt + 140);
  });

  it('returns a failed attempt to the queue and fails it for good on the last', async () => {
    const conversationId = await newConversation();
    const id = await createLlmRequest(t.prisma, {
      provider: 'openai',
      model: 'gpt-4o-mini',
      prompt: 'hi',
      systemPrompt: null,
      parameters: {},
      conversationId,
      customerId: null,
      messageId: null,
      budgetKey: null,
    });
    await startLlmRequest(t.prisma, id, 0);
    await recordAttemptFailure(t.prisma, id, 'server: 500', false);
    expect(await t.prisma.llmRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'queued',
      error: 'server: 500',
    });
    await startLlmRequest(t.prisma, id, 2);
    await recordAttemptFailure(t.prisma, id, 'timeout', true);
    expect(await t.prisma.llmRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'failed',
      retryCount: 2,
    });
    expect(await startLlmRequest(t.prisma, id, 3)).toBeNull();
  });
});

describe('hourly rollup and llmUsage', () => {
  const hour = new Date('2026-03-01T10:00:00Z');

  it('is idempotent, re-runnable for a past hour, and follows late and removed rows', async () => {
    const conversationId = await newConversation(alice.localId);
    await finishedTurn({
      conversationId,
      customerId: alice.localId,
      queuedAt: new Date('2026-03-01T10:05:00Z'),
    });
    await finishedTurn({
      conversationId,
      customerId: alice.localId,
      queuedAt: new Date('2026-03-01T10:55:00Z'),
      provider: 'local',
      model: 'bazaar-local-1',
    });
    const guestConversation = await newConversation();
    await finishedTurn({ conversationId: guestConversation, queuedAt: new Date('2026-03-01T10:30:00Z') });
    await finishedTurn({ conversationId: guestConversation, queuedAt: new Date('2026-03-01T11:00:00Z') });

    const rows = () =>
      t.prisma.llmUsageStat.findMany({
        where: { hour },
        orderBy: [{ provider: 'asc' }, { customerId: 'asc' }],
      });
    await t.prisma.$transaction((tx) => rollupUsageHour(tx, hour));
    const first = await rows();
    await t.prisma.$transaction((tx) => rollupUsageHour(tx, new Date('2026-03-01T10:42:00Z')));
    expect(await rows()).toEqual(first.map((r) => ({ ...r, updatedAt: expect.any(Date) })));
    expect(first.map((r) => [r.provider, r.customerId, r.requestCount, r.totalTokens])).toEqual([
      ['local', alice.localId, 1, 1500],
      ['openai', alice.localId, 1, 1500],
      ['openai', null, 1, 1500],
    ]);
    expect(first.find((r) => r.provider === 'openai' && r.customerId === null)!.totalCost.toFixed(6)).toBe(
      '0.000450',
    );

    // A late row for that hour, and the local one gone: the re-run follows both.
    await finishedTurn({
      conversationId,
      customerId: alice.localId,
      queuedAt: new Date('2026-03-01T10:10:00Z'),
      completion: 100,
    });
    await t.prisma.llmRequest.deleteMany({ where: { provider: 'local', queuedAt: { gte: hour } } });
    await t.prisma.$transaction((tx) => rollupUsageHour(tx, hour));
    expect((await rows()).map((r) => [r.provider, r.customerId, r.requestCount, r.totalTokens])).toEqual([
      ['openai', alice.localId, 2, 2600],
      ['openai', null, 1, 1500],
    ]);
  });

  const QUERY = `query($from: DateTime!, $to: DateTime!, $groupBy: LlmUsageGroupBy!) {
    llmUsage(from: $from, to: $to, groupBy: $groupBy) {
      groupBy buckets { key provider model customer { id } requestCount totalTokens cost currencyCode }
      totals { key requestCount totalTokens cost }
    }
  }`;
  const vars = (groupBy: string) => ({ from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', groupBy });

  it('answers admins by day, model and customer from the rollup', async () => {
    await t.prisma.$transaction((tx) => rollupUsageHour(tx, new Date('2026-03-01T11:00:00Z')));
    const day = await t.execute<{
      llmUsage: {
        buckets: { key: string; requestCount: number; totalTokens: number }[];
        totals: { requestCount: number; totalTokens: number; cost: string };
      };
    }>(QUERY, { variables: vars('DAY'), token: admin.token });
    expect(day.errors).toBeUndefined();
    expect(day.data!.llmUsage.buckets).toEqual([
      expect.objectContaining({ key: '2026-03-01T00:00:00.000Z', requestCount: 4, totalTokens: 5600 }),
    ]);
    expect(day.data!.llmUsage.totals).toMatchObject({ requestCount: 4, totalTokens: 5600, cost: '0.001560' });

    const byCustomer = await t.execute<{
      llmUsage: { buckets: { key: string; customer: { id: string } | null; requestCount: number }[] };
    }>(QUERY, { variables: vars('CUSTOMER'), token: admin.token });
    expect(byCustomer.data!.llmUsage.buckets.map((b) => [b.customer?.id ?? null, b.requestCount])).toEqual([
      [null, 2],
      [alice.id, 2],
    ]);
    const byModel = await t.execute<{ llmUsage: { buckets: { key: string }[] } }>(QUERY, {
      variables: vars('MODEL'),
      token: admin.token,
    });
    expect(byModel.data!.llmUsage.buckets.map((b) => b.key)).toEqual(['openai/gpt-4o-mini']);
  });

  it('refuses non-admins and unbounded periods', async () => {
    expect(
      (await t.execute(QUERY, { variables: vars('DAY'), token: alice.token })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect((await t.execute(QUERY, { variables: vars('DAY') })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const wide = await t.execute(QUERY, {
      variables: { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', groupBy: 'HOUR' },
      token: admin.token,
    });
    expect(wide.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('daily token budgets', () => {
  it("answers LLM_BUDGET_EXCEEDED once today's tokens reach the limit, per customer and per guest", async () => {
    const key = budgetKey({ customerId: alice.localId, guestIdentity: null });
    const guest = budgetKey({ customerId: null, guestIdentity: '203.0.113.9' });
    expect(guest).toMatch(/^guest:[0-9a-f]{32}$/);
    await expect(assertWithinBudget(t.prisma, key, 2000)).resolves.toBeUndefined();
    const conversationId = await newConversation(alice.localId);
    await finishedTurn({ conversationId, customerId: alice.localId, budget: key });
    await finishedTurn({ conversationId, customerId: alice.localId, budget: key });
    const err = await assertWithinBudget(t.prisma, key, 2000).catch(
      (e: { extensions: Record<string, unknown> }) => e,
    );
    expect(err).toMatchObject({ extensions: { code: 'LLM_BUDGET_EXCEEDED', used: 3000, limit: 2000 } });
    expect(
      (err as { extensions: { retryAfterSeconds: number } }).extensions.retryAfterSeconds,
    ).toBeGreaterThan(0);
    await expect(assertWithinBudget(t.prisma, guest, 2000)).resolves.toBeUndefined();
    await expect(assertWithinBudget(t.prisma, key, 0)).resolves.toBeUndefined();
  });
});

describe('what analysts may read', () => {
  it('reads LLM tokens, costs and tool calls, but not prompts, system prompts or reply text', async () => {
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const asAnalyst = async (sql: string) => {
      await c.query('BEGIN');
      try {
        await c.query('SET LOCAL ROLE bazaar_analyst');
        return await c.query(sql);
      } finally {
        await c.query('ROLLBACK');
      }
    };
    try {
      await expect(
        asAnalyst('SELECT provider, model, status, retry_count FROM llm_requests'),
      ).resolves.toBeTruthy();
      await expect(asAnalyst('SELECT total_tokens, cost, fallback FROM llm_responses')).resolves.toBeTruthy();
      await expect(
        asAnalyst('SELECT tool, arguments, duration_ms FROM chat_activities'),
      ).resolves.toBeTruthy();
      for (const sql of [
        'SELECT prompt FROM llm_requests',
        'SELECT system_prompt FROM llm_requests',
        'SELECT budget_key FROM llm_requests',
        'SELECT content FROM llm_responses',
      ]) {
        await expect(asAnalyst(sql)).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await c.end();
    }
  });
});
