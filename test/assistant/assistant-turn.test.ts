import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { assistantScenario, type AssistantScenario } from '../fixtures/assistant.scenario';
import { localId, localUuid, TOKENS, turn } from '../fixtures/assistant.operations';
import { collect, send, startConversation } from '../fixtures/chat.scenario';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub';
import { startTestApp, type TestApp } from '../support/test-app';

const USER_MESSAGE = `query($id: ID!) {
  conversation(id: $id) { messages(first: 10) { nodes { role intent entities { category brand minPrice maxPrice color size quantity ordinal } } } }
}`;

describe('the assistant turn over a real WebSocket (local provider)', () => {
  let t: TestApp;
  let s: AssistantScenario;
  let alice: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    await t.listen();
    s = await assistantScenario(t.prisma);
    alice = await signedIn(t.prisma, { firstName: 'Alice' });
  });
  afterAll(() => t.stop());

  it('streams tokens, then stores the reply with suggested products quoted at the catalog price, and records the turn', async () => {
    const conv = await startConversation(t, alice);
    const { tokens, reply } = await turn(t, alice, conv, 'waterproof hiking boots under $120');

    expect(reply).toMatchObject({ role: 'ASSISTANT', status: 'COMPLETE' });
    expect(tokens.every((x) => x.messageId === reply.id)).toBe(true);
    expect(tokens.map((x) => x.index)).toEqual(tokens.map((_, i) => i));
    expect(tokens.at(-1)).toMatchObject({ done: true, text: '' });
    expect(tokens.map((x) => x.text).join('')).toBe(reply.content);

    const ids = reply.suggestedProducts.map((p) => localId(p.id));
    expect(ids).toEqual(expect.arrayContaining([s.summit.id, s.ridge.id]));
    expect(ids).not.toContain(s.alpine.id);
    for (const q of reply.productQuotes) {
      const [row] = await t.prisma.$queryRaw<{ p: string }[]>`
        SELECT (CASE WHEN sale_price IS NOT NULL AND sale_price < price THEN sale_price ELSE price END)::text AS p
        FROM products WHERE id = ${localId(q.product.id)}`;
      expect(q.price.amount).toBe(row!.p);
      expect(reply.content).toContain(`$${row!.p}`);
    }

    const request = await t.prisma.llmRequest.findFirstOrThrow({
      where: { conversationId: localUuid(conv.id) },
      include: { response: true, chatActivities: true },
    });
    expect(request).toMatchObject({
      status: 'succeeded',
      provider: 'local',
      model: 'bazaar-local-1',
      prompt: 'waterproof hiking boots under $120',
      customerId: alice.customerId,
    });
    expect(request.response).toMatchObject({ provider: 'local', fallback: false, content: reply.content });
    expect(request.response!.completionTokens).toBeGreaterThan(10);
    // Tokens are joined into a few events, not one GraphQL event (and WebSocket frame) per token.
    expect(tokens.length).toBeLessThan(request.response!.completionTokens / 2);
    expect(request.response!.timeToFirstTokenMs).not.toBeNull();
    expect(request.chatActivities).toEqual([
      expect.objectContaining({ tool: 'search_products', status: 'succeeded', messageId: localId(reply.id) }),
    ]);
    const intents = await t.prisma.purchaseIntent.findMany({ where: { conversationId: localUuid(conv.id) } });
    expect(intents).toEqual([
      expect.objectContaining({ signalType: 'browsing', customerId: alice.customerId }),
    ]);
    const c = await t.prisma.conversation.findUniqueOrThrow({ where: { id: localUuid(conv.id) } });
    expect(c.totalTokens).toBe(request.response!.totalTokens);
    expect(c.detectedIntent).toBe('PRODUCT_SEARCH');

    const read = await t.execute<{
      conversation: {
        messages: {
          nodes: { role: string; intent: string | null; entities: Record<string, unknown> | null }[];
        };
      };
    }>(USER_MESSAGE, { token: alice.token, variables: { id: conv.id } });
    expect(read.data!.conversation.messages.nodes[0]).toEqual({
      role: 'USER',
      intent: 'PRODUCT_SEARCH',
      entities: {
        category: 'hiking-boots',
        brand: null,
        minPrice: null,
        maxPrice: '120',
        color: null,
        size: null,
        quantity: null,
        ordinal: null,
      },
    });
    expect(read.data!.conversation.messages.nodes[1]).toMatchObject({
      role: 'ASSISTANT',
      intent: null,
      entities: null,
    });
  });

  it('answers a guest, and remembers the results for "tell me more about the second one"', async () => {
    const conv = await startConversation(t, null);
    const first = await turn(t, null, conv, 'Ridgeway boots');
    const ctxRow = await t.prisma.conversation.findUniqueOrThrow({ where: { id: localUuid(conv.id) } });
    expect(ctxRow.context).toMatchObject({
      assistant: { lastResults: first.reply.suggestedProducts.map((p) => localId(p.id)) },
    });
    const second = await turn(t, null, conv, 'tell me more about the second one');
    expect(second.reply.suggestedProducts.map((p) => p.id)).toEqual([first.reply.suggestedProducts[1]!.id]);
  });

  it('never lets another viewer subscribe to the tokens', async () => {
    const conv = await startConversation(t, alice);
    const bob = await signedIn(t.prisma, { firstName: 'Bob' });
    const sub = collect(t.wsClient({ token: bob.token }), TOKENS, { id: conv.id });
    await sub.until(1);
    expect(sub.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
  });
});

describe('provider failures in a real turn', () => {
  let stub: OpenAiStub;
  beforeAll(async () => {
    stub = await startOpenAiStub();
  });
  afterAll(() => stub.close());

  async function appWith(env: Record<string, string>) {
    const t = await startTestApp({
      workers: true,
      env: {
        LLM_PROVIDER: 'openai',
        LLM_BASE_URL: stub.url,
        LLM_API_KEY: 'sk-test',
        LLM_TIMEOUT_MS: '2000',
        ...env,
      },
    });
    await t.listen();
    await assistantScenario(t.prisma);
    return t;
  }

  it('stores a failed assistant message after the last retry, never a silent gap', async () => {
    const t = await appWith({ LLM_CIRCUIT_FAILURE_THRESHOLD: '50' });
    try {
      const alice = await signedIn(t.prisma);
      const conv = await startConversation(t, alice);
      stub.push(
        { kind: 'status', status: 500 },
        { kind: 'status', status: 502 },
        { kind: 'status', status: 503 },
      );
      const { reply } = await turn(t, alice, conv, 'boots');
      expect(reply).toMatchObject({ role: 'ASSISTANT', status: 'FAILED', suggestedProducts: [] });
      const request = await t.prisma.llmRequest.findFirstOrThrow({
        where: { conversationId: localUuid(conv.id) },
      });
      expect(request).toMatchObject({ status: 'failed', retryCount: 2 });
      expect(request.error).toMatch(/503/);
    } finally {
      await t.stop();
    }
  }, 30_000);

  it('falls back to local once the circuit opens, and says so in the response row', async () => {
    const t = await appWith({ LLM_CIRCUIT_FAILURE_THRESHOLD: '1' });
    try {
      const alice = await signedIn(t.prisma);
      const conv = await startConversation(t, alice);
      stub.push({ kind: 'status', status: 500 });
      const { reply } = await turn(t, alice, conv, 'Ridgeway boots');
      expect(reply.status).toBe('COMPLETE');
      expect(reply.suggestedProducts.length).toBeGreaterThan(0);
      const request = await t.prisma.llmRequest.findFirstOrThrow({
        where: { conversationId: localUuid(conv.id) },
        include: { response: true },
      });
      expect(request).toMatchObject({ provider: 'openai', status: 'succeeded' });
      expect(request.response).toMatchObject({ provider: 'local', model: 'bazaar-local-1', fallback: true });
    } finally {
      await t.stop();
    }
  }, 30_000);

  it('refuses a message with LLM_BUDGET_EXCEEDED once the daily budget is spent', async () => {
    const t = await appWith({ LLM_PROVIDER: 'local', LLM_DAILY_TOKENS_CUSTOMER: '1' });
    try {
      const alice = await signedIn(t.prisma);
      const conv = await startConversation(t, alice);
      await turn(t, alice, conv, 'hi');
      const refused = await send(t, alice, conv, 'boots');
      expect(refused.errors?.[0]?.extensions?.code).toBe('LLM_BUDGET_EXCEEDED');
      expect(
        await t.prisma.message.count({ where: { conversationId: localUuid(conv.id), content: 'boots' } }),
      ).toBe(0);
    } finally {
      await t.stop();
    }
  }, 30_000);
});
