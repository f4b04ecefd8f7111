import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { circuitGate } from '../../src/modules/assistant/llm/circuit.service';
import { runProvider } from '../../src/modules/assistant/llm/provider-runner';
import { createOpenAiProvider } from '../../src/modules/assistant/providers/openai';
import { ProviderError, type TurnInput } from '../../src/modules/assistant/providers/provider';
import { CATALOG_TOOLS } from '../../src/modules/assistant/tools/registry';
import { emptyMemory, type ToolScope } from '../../src/modules/assistant/tools/tool-types';
import { getLexicon } from '../../src/modules/assistant/understanding/lexicon.loader';
import { understand } from '../../src/modules/assistant/understanding/understand';
import { buildContext } from '../../src/server/context';
import { assistantScenario, type AssistantScenario } from '../fixtures/assistant.scenario';
import { chunk, startOpenAiStub, textReply, usage, type OpenAiStub } from '../support/openai-stub';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let s: AssistantScenario;
let stub: OpenAiStub;

beforeAll(async () => {
  [t, stub] = await Promise.all([startTestApp(), startOpenAiStub()]);
  s = await assistantScenario(t.prisma);
});
afterAll(async () => {
  await stub.close();
  await t.stop();
});

const config = (timeoutMs = 5000) =>
  loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: t.db.url,
    LLM_BASE_URL: stub.url,
    LLM_API_KEY: 'sk-test',
    LLM_TIMEOUT_MS: String(timeoutMs),
    LLM_CIRCUIT_FAILURE_THRESHOLD: '2',
    LLM_CIRCUIT_COOLDOWN_SECONDS: '30',
  });

const scope = (): ToolScope => ({
  ctx: buildContext(t.app.deps, { requestId: randomUUID(), viewer: null, transport: 'internal' }),
  conversationId: null,
  customerId: null,
  memory: emptyMemory(),
});

async function input(message: string, tokens: string[] = []): Promise<TurnInput> {
  return {
    systemPrompt: 'You are a shop assistant.',
    history: [],
    message,
    understanding: understand(message, await getLexicon(t.prisma)),
    tools: CATALOG_TOOLS,
    model: 'gpt-4o-mini',
    maxIterations: 3,
    maxTokens: 256,
    temperature: 0,
    signal: new AbortController().signal,
    onToken: (x) => tokens.push(x),
  };
}

const provider = (timeoutMs?: number) => createOpenAiProvider(config(timeoutMs), 'gpt-4o-mini');

describe('openai provider against a chat-completions server', () => {
  it('streams text and reads usage from the stream', async () => {
    stub.push(textReply('Hello! How can I help you shop today?', 42, 9));
    const tokens: string[] = [];
    const out = await provider().run(scope(), await input('hi', tokens));
    expect(tokens.join('')).toBe('Hello! How can I help you shop today?');
    expect(out).toMatchObject({
      content: 'Hello! How can I help you shop today?',
      promptTokens: 42,
      completionTokens: 9,
      finishReason: 'stop',
    });
    const sent = stub.requests.at(-1)!;
    expect(sent).toMatchObject({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect((sent.tools as { function: { name: string } }[]).map((x) => x.function.name)).toEqual(
      CATALOG_TOOLS.map((x) => x.name),
    );
  });

  it('runs tool calls (arguments split across chunks) and gives the results back, over several rounds', async () => {
    stub.push(
      {
        kind: 'stream',
        chunks: [
          chunk({
            role: 'assistant',
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: 'search_products', arguments: '' },
              },
            ],
          }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"category":"hiking-' } }] }),
          chunk({ tool_calls: [{ index: 0, function: { arguments: 'boots","maxPrice":"120"}' } }] }),
          chunk({}, 'tool_calls'),
          usage(100, 20),
        ],
      },
      textReply('The Ridgeway Summit is $109.00.', 180, 12),
    );
    const out = await provider().run(scope(), await input('boots under $120'));
    expect(out.activities).toEqual([
      expect.objectContaining({
        tool: 'search_products',
        status: 'succeeded',
        arguments: { category: 'hiking-boots', maxPrice: '120' },
      }),
    ]);
    expect(out.products.map((p) => p.productId)).toEqual(expect.arrayContaining([s.summit.id, s.ridge.id]));
    expect(out.products.find((p) => p.productId === s.summit.id)!.price).toBe('109.00');
    expect(out).toMatchObject({
      promptTokens: 280,
      completionTokens: 32,
      content: 'The Ridgeway Summit is $109.00.',
    });
    const second = stub.requests.at(-1)! as {
      messages: { role: string; tool_call_id?: string; content: string }[];
    };
    const toolMessage = second.messages.find((m) => m.role === 'tool')!;
    expect(toolMessage.tool_call_id).toBe('call_1');
    expect(JSON.parse(toolMessage.content).products.length).toBeGreaterThan(0);
  });

  it('records an unknown tool or bad arguments as a failed activity and carries on', async () => {
    stub.push(
      {
        kind: 'stream',
        chunks: [
          chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'drop_tables', arguments: '{}' } }] }),
          chunk({
            tool_calls: [
              { index: 1, id: 'b', function: { name: 'search_products', arguments: '{"limit":"lots"}' } },
            ],
          }),
          chunk({}, 'tool_calls'),
        ],
      },
      textReply('Sorry, let me try again.'),
    );
    const out = await provider().run(scope(), await input('boots'));
    expect(out.activities.map((a) => [a.tool, a.status])).toEqual([
      ['drop_tables', 'failed'],
      ['search_products', 'failed'],
    ]);
  });

  it.each([
    ['a 429', { kind: 'status', status: 429, headers: { 'retry-after': '7' } }, 'rate_limited'],
    ['a 500', { kind: 'status', status: 500 }, 'server'],
    [
      'a malformed chunk',
      { kind: 'stream', chunks: [chunk({ content: 'Hi' }), '{"choices": [ {"delta": '] },
      'protocol',
    ],
    ['a hanging server (timeout)', { kind: 'hang' }, 'timeout'],
  ] as const)('fails cleanly on %s', async (_name, reply, kind) => {
    stub.push(reply as never);
    const started = Date.now();
    const err = await provider(kind === 'timeout' ? 500 : undefined)
      .run(scope(), await input('hi'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe(kind);
    if (kind === 'rate_limited') expect((err as ProviderError).retryAfterMs).toBe(7000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('circuit breaker', () => {
  const deps = () => ({ config: config(), db: t.prisma, log: t.app.deps.log });
  const status = () =>
    t.prisma.llmProviderStatus.findUnique({
      where: { provider_model: { provider: 'openai', model: 'circuit-model' } },
    });
  const target = { provider: 'openai' as const, model: 'circuit-model' };

  it('opens after consecutive failures, answers with local while open, then closes after a good trial', async () => {
    stub.push({ kind: 'status', status: 500 });
    await expect(runProvider(deps(), scope(), target, await input('boots'))).rejects.toBeInstanceOf(
      ProviderError,
    );
    expect(await status()).toMatchObject({ circuitState: 'closed', consecutiveFailures: 1 });

    // The second failure opens the circuit: this very turn is answered by local.
    stub.push({ kind: 'status', status: 503 });
    const fellBack = await runProvider(deps(), scope(), target, await input('Ridgeway boots'));
    expect(fellBack).toMatchObject({ provider: 'local', fallback: true });
    expect(fellBack.result.products.length).toBeGreaterThan(0);
    expect(await status()).toMatchObject({ circuitState: 'open', consecutiveFailures: 2, healthy: false });

    // While open, the provider is not called at all.
    const before = stub.requests.length;
    const skipped = await runProvider(deps(), scope(), target, await input('hi'));
    expect(skipped).toMatchObject({ provider: 'local', fallback: true });
    expect(stub.requests.length).toBe(before);

    // After the cool-down one trial goes through; its success closes the circuit.
    await t.prisma.llmProviderStatus.update({
      where: { provider_model: { provider: 'openai', model: 'circuit-model' } },
      data: { openedAt: new Date(Date.now() - 31_000) },
    });
    stub.push(textReply('Back online.'));
    const trial = await runProvider(deps(), scope(), target, await input('hi'));
    expect(trial).toMatchObject({ provider: 'openai', fallback: false });
    expect(await status()).toMatchObject({ circuitState: 'closed', consecutiveFailures: 0, healthy: true });
  });

  it('lets exactly one of many concurrent callers make the half-open trial', async () => {
    await t.prisma.llmProviderStatus.upsert({
      where: { provider_model: { provider: 'openai', model: 'probe-model' } },
      create: {
        provider: 'openai',
        model: 'probe-model',
        circuitState: 'open',
        openedAt: new Date(Date.now() - 60_000),
        consecutiveFailures: 5,
      },
      update: { circuitState: 'open', openedAt: new Date(Date.now() - 60_000) },
    });
    const gates = await Promise.all(
      Array.from({ length: 10 }, () =>
        circuitGate(t.prisma, 'openai', 'probe-model', { threshold: 2, cooldownSeconds: 30 }),
      ),
    );
    expect(gates.filter((g) => g === 'trial')).toHaveLength(1);
    expect(gates.filter((g) => g === 'skip')).toHaveLength(9);
  });
});
