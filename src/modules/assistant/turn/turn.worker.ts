/**
 * The assistant's turn, as the `assistant.reply` job runs it: load the request and conversation,
 * understand the shopper's message, run the chat mode's provider behind the circuit breaker while
 * streaming tokens, then store the reply, the grounding ledger, the tool calls, the purchase
 * signal and the accounting in one transaction. A failed attempt is retried by the queue; after
 * the last one the shopper gets an assistant message with status `failed`, never a silent gap.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { QueuePayloads } from '../../../jobs/queues';
import { buildContext, type AppDeps } from '../../../server/context';
import { recordAttemptFailure, recordResponse } from '../llm/accounting.service';
import { resolveTarget, runProvider } from '../llm/provider-runner';
import type { ChatTurnMessage } from '../providers/provider';
import { countChatTokens, loadTokenizer } from '../providers/tokenizer';
import { loadPreferences } from '../tools/preferences';
import { CUSTOMER_TOOLS, registerTools, toolsFor } from '../tools/registry';
import { memoryFrom, type ToolScope } from '../tools/tool-types';
import { getLexicon } from '../understanding/lexicon.loader';
import { understand } from '../understanding/understand';
import { claimTurn } from './claim';
import { startDispatcher } from './dispatcher';
import { createReplyGuard, REFUSED_PROMPT } from './grounding';
import { storeTurn } from './persist';
import { createTokenStream } from './token-stream';

type Payload = QueuePayloads['assistant.reply'];

/** Intents whose turn ranks search results with the customer's preferences. */
const PREFETCH_PREFERENCES = new Set(['PRODUCT_SEARCH', 'PRICE_COMPARISON', 'ADD_TO_CART']);

const FAILED_REPLY =
  "Sorry, I couldn't answer that just now. Please try again in a moment — your message is saved.";

/** Runs `load` on first call only; later calls get the same promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

/** Drops the oldest history until the prompt fits the mode's budget (each message counted once). */
function fitHistory(system: string, history: ChatTurnMessage[], message: string, maxPromptTokens: number) {
  const sizes = history.map((m) => countChatTokens([m]) - 3);
  let total = countChatTokens([
    { role: 'system', content: system },
    { role: 'user', content: message },
  ]);
  for (const n of sizes) total += n;
  let from = 0;
  while (from < history.length && total > maxPromptTokens) total -= sizes[from++]!;
  return history.slice(from);
}

/** Runs one attempt of a turn. Throws to have the queue retry it (not on the last attempt). */
export async function handleReply(
  deps: AppDeps,
  data: Payload,
  attempt: number,
  final: boolean,
): Promise<void> {
  const prisma = deps.db.prisma;
  const turn = await claimTurn(prisma, data.requestId, attempt, deps.config.LLM_HISTORY_MESSAGES);
  if (!turn) return; // answered already (a job delivered twice)
  const { request } = turn;
  const started = performance.now();
  if (!turn.conversation || !turn.userMessage) {
    await recordAttemptFailure(prisma, request.id, 'conversation or message gone', true);
    return;
  }
  const conversation = { ...turn.conversation, memory: memoryFrom(turn.conversation.memory) };
  const userMessage = turn.userMessage;
  const params = request.parameters as {
    maxIterations?: number;
    maxTokens?: number;
    temperature?: number;
    maxPromptTokens?: number;
    tools?: string[];
  };
  const ctx = buildContext(deps, {
    requestId: randomUUID(),
    viewer:
      conversation.customerId != null
        ? { customerId: conversation.customerId, role: 'customer', sessionId: 0 }
        : null,
    transport: 'internal',
  });
  // Tools act for the conversation's own customer, taken from the conversation row: never from the model or the message.
  const scope: ToolScope = {
    ctx,
    conversationId: conversation.id,
    customerId: conversation.customerId,
    memory: conversation.memory,
    preferences:
      conversation.customerId == null
        ? undefined
        : once(() => loadPreferences(prisma, conversation.customerId!)),
  };
  const [lexicon] = await Promise.all([getLexicon(prisma), loadTokenizer()]);
  const understanding = understand(userMessage.content, lexicon);
  // Turns that search read the preferences alongside the search, not after it.
  if (PREFETCH_PREFERENCES.has(understanding.intent)) void scope.preferences?.().catch(() => undefined);
  const tokens = createTokenStream(prisma, conversation.id, data.replyMessageId, attempt);
  const systemPrompt = request.systemPrompt ?? '';
  // Every provider's text passes the guard before a shopper sees it: unquoted amounts and prompt secrets never go out.
  const guard = createReplyGuard({
    systemPrompt,
    shopperText: userMessage.content,
    emit: (text) => tokens.push(text),
  });
  const target = resolveTarget(deps.config, { provider: request.provider, model: request.model });
  try {
    const outcome = await runProvider({ config: deps.config, db: prisma, log: ctx.log }, scope, target, {
      systemPrompt,
      history: fitHistory(systemPrompt, turn.history, userMessage.content, params.maxPromptTokens ?? 4000),
      message: userMessage.content,
      understanding,
      tools: toolsFor(params.tools ?? []),
      model: target.model,
      maxIterations: params.maxIterations ?? 4,
      maxTokens: params.maxTokens ?? 1024,
      temperature: params.temperature ?? 0,
      signal: new AbortController().signal,
      onToken: (text) => guard.push(text),
      onToolResult: (out) => guard.allow(out),
      onFallback: () => guard.reset(),
    });
    guard.end();
    await tokens.flush();
    const { result } = outcome;
    const content = guard.leaked
      ? REFUSED_PROMPT
      : guard.content.trim() || "I'm not sure how to help with that. Could you rephrase?";
    await prisma.$transaction(
      async (tx) => {
        await storeTurn(tx, {
          requestId: request.id,
          replyMessageId: data.replyMessageId,
          conversationId: conversation.id,
          customerId: conversation.customerId,
          content,
          status: 'complete',
          products: result.products,
          activities: result.activities,
          userMessageId: userMessage.id,
          userText: userMessage.content,
          understanding,
          memory: scope.memory,
          done: tokens.doneEvent(),
        });
        await recordResponse(tx, {
          requestId: request.id,
          conversationId: conversation.id,
          content,
          finishReason: result.finishReason,
          promptTokens: result.promptTokens,
          completionTokens: result.completionTokens,
          latencyMs: Math.round(performance.now() - started),
          queueTimeMs: request.queueTimeMs,
          timeToFirstTokenMs:
            tokens.firstTokenAt == null
              ? null
              : Math.max(0, Math.round(tokens.firstTokenAt - request.queuedAtMs)),
          provider: outcome.provider,
          model: outcome.model,
          fallback: outcome.fallback,
        });
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await tokens.flush().catch(() => undefined);
    await recordAttemptFailure(prisma, request.id, message, final);
    if (!final) throw err;
    ctx.log.error({ err, requestId: request.id }, 'assistant reply failed for good');
    await prisma.$transaction((tx) =>
      storeTurn(tx, {
        requestId: request.id,
        replyMessageId: data.replyMessageId,
        conversationId: conversation.id,
        customerId: conversation.customerId,
        content: FAILED_REPLY,
        status: 'failed',
        products: [],
        activities: [],
        userMessageId: userMessage.id,
        userText: userMessage.content,
        understanding,
        memory: null,
        done: tokens.doneEvent(),
      }),
    );
  }
}

/**
 * The `assistant.reply` worker: up to LLM_WORKER_CONCURRENCY replies at once per process (a slow
 * provider must not hold up other conversations), each started the moment messageSend commits
 * (turn/dispatcher.ts). Stops with the job queue, after the turns in progress.
 */
export async function startAssistantWorker(deps: AppDeps): Promise<void> {
  registerTools(CUSTOMER_TOOLS);
  // A production worker builds the NLP model, the lexicon and the tokenizer in the background at
  // start, so the first shopper does not wait for them (tests and development load them on use).
  if (!deps.config.isTest && !deps.config.isDev) {
    void Promise.all([getLexicon(deps.db.prisma), loadTokenizer()]).catch((err: unknown) =>
      deps.log.warn({ err }, 'assistant warm-up failed (it loads on first use instead)'),
    );
  }
  const dispatcher = startDispatcher(deps, deps.config.LLM_WORKER_CONCURRENCY, (job) =>
    handleReply(deps, job.data, job.retryCount, job.retryCount >= job.retryLimit),
  );
  deps.jobs.onStop(() => dispatcher.stop());
}
