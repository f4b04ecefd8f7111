/**
 * The assistant's turn, as the `assistant.reply` job runs it: load the request and conversation,
 * understand the shopper's message, run the chat mode's provider behind the circuit breaker while
 * streaming tokens, then store the reply, the grounding ledger, the tool calls, the purchase
 * signal and the accounting in one transaction. A failed attempt is retried by the queue; after
 * the last one the shopper gets an assistant message with status `failed`, never a silent gap.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import type { QueuePayloads } from '../../../jobs/queues';
import { buildContext, type AppDeps } from '../../../server/context';
import {
  recordAttemptFailure,
  recordResponse,
  startLlmRequest,
  type StartedRequest,
} from '../llm/accounting.service';
import { resolveTarget, runProvider } from '../llm/provider-runner';
import type { ChatTurnMessage } from '../providers/provider';
import { countChatTokens } from '../providers/tokenizer';
import { loadPreferences } from '../tools/preferences';
import { CUSTOMER_TOOLS, registerTools, toolsFor } from '../tools/registry';
import { memoryFrom, type ConversationMemory, type ToolScope } from '../tools/tool-types';
import { getLexicon } from '../understanding/lexicon.loader';
import { understand } from '../understanding/understand';
import { createReplyGuard, REFUSED_PROMPT } from './grounding';
import { recordUnderstanding, storeReply } from './persist';
import { createTokenStream } from './token-stream';

type Payload = QueuePayloads['assistant.reply'];

const FAILED_REPLY =
  "Sorry, I couldn't answer that just now. Please try again in a moment — your message is saved.";

interface TurnContext {
  request: StartedRequest;
  conversation: {
    id: string;
    customerId: number | null;
    channel: string;
    chatModeId: number | null;
    memory: ConversationMemory;
  };
  userMessage: { id: number; content: string; sequence: number };
  history: ChatTurnMessage[];
}

async function loadTurn(deps: AppDeps, request: StartedRequest): Promise<TurnContext | null> {
  const prisma = deps.db.prisma;
  if (!request.conversationId || request.messageId == null) return null;
  const [conv, msg] = await Promise.all([
    prisma.conversation.findUnique({
      where: { id: request.conversationId },
      select: { id: true, customerId: true, channel: true, chatModeId: true, context: true, deletedAt: true },
    }),
    prisma.message.findUnique({
      where: { id: request.messageId },
      select: { id: true, content: true, sequence: true },
    }),
  ]);
  if (!conv || conv.deletedAt || !msg) return null;
  const rows = await prisma.message.findMany({
    where: {
      conversationId: conv.id,
      sequence: { lt: msg.sequence },
      role: { in: ['user', 'assistant'] },
      status: 'complete',
    },
    orderBy: { sequence: 'desc' },
    take: deps.config.LLM_HISTORY_MESSAGES,
    select: { role: true, content: true },
  });
  return {
    request,
    conversation: {
      id: conv.id,
      customerId: conv.customerId,
      channel: conv.channel,
      chatModeId: conv.chatModeId,
      memory: memoryFrom((conv.context as { assistant?: unknown } | null)?.assistant),
    },
    userMessage: msg,
    history: rows.reverse().map((r) => ({ role: r.role as 'user' | 'assistant', content: r.content })),
  };
}

/** Runs `load` on first call only; later calls get the same promise. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

/** Drops the oldest history until the prompt fits the mode's budget. */
function fitHistory(system: string, history: ChatTurnMessage[], message: string, maxPromptTokens: number) {
  const kept = [...history];
  while (
    kept.length > 0 &&
    countChatTokens([{ role: 'system', content: system }, ...kept, { role: 'user', content: message }]) >
      maxPromptTokens
  ) {
    kept.shift();
  }
  return kept;
}

/** Runs one attempt of a turn. Throws to have the queue retry it (not on the last attempt). */
export async function handleReply(
  deps: AppDeps,
  data: Payload,
  attempt: number,
  final: boolean,
): Promise<void> {
  const prisma = deps.db.prisma;
  const request = await startLlmRequest(prisma, data.requestId, attempt);
  if (!request) return; // answered already (a job delivered twice)
  const started = performance.now();
  const turn = await loadTurn(deps, request);
  if (!turn) {
    await recordAttemptFailure(prisma, request.id, 'conversation or message gone', true);
    return;
  }
  const { conversation } = turn;
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
  const understanding = understand(turn.userMessage.content, await getLexicon(prisma));
  const tokens = createTokenStream(prisma, conversation.id, data.replyMessageId, attempt);
  const systemPrompt = request.systemPrompt ?? '';
  // Every provider's text passes the guard before a shopper sees it: unquoted amounts and prompt secrets never go out.
  const guard = createReplyGuard({
    systemPrompt,
    shopperText: turn.userMessage.content,
    emit: (text) => tokens.push(text),
  });
  const target = resolveTarget(deps.config, { provider: request.provider, model: request.model });
  try {
    const outcome = await runProvider({ config: deps.config, db: prisma, log: ctx.log }, scope, target, {
      systemPrompt,
      history: fitHistory(
        systemPrompt,
        turn.history,
        turn.userMessage.content,
        params.maxPromptTokens ?? 4000,
      ),
      message: turn.userMessage.content,
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
        await storeReply(tx, {
          requestId: request.id,
          replyMessageId: data.replyMessageId,
          conversationId: conversation.id,
          customerId: conversation.customerId,
          content,
          status: 'complete',
          products: result.products,
          activities: result.activities,
        });
        await recordUnderstanding(tx, {
          conversationId: conversation.id,
          customerId: conversation.customerId,
          userMessageId: turn.userMessage.id,
          userText: turn.userMessage.content,
          understanding,
          productId: result.products[0]?.productId ?? null,
          memory: scope.memory,
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
        await tokens.done(tx);
      },
      { maxWait: 10_000, timeout: 15_000 },
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await tokens.flush().catch(() => undefined);
    await recordAttemptFailure(prisma, request.id, message, final);
    if (!final) throw err;
    ctx.log.error({ err, requestId: request.id }, 'assistant reply failed for good');
    await prisma.$transaction(async (tx) => {
      await storeReply(tx, {
        requestId: request.id,
        replyMessageId: data.replyMessageId,
        conversationId: conversation.id,
        customerId: conversation.customerId,
        content: FAILED_REPLY,
        status: 'failed',
        products: [],
        activities: [],
      });
      await recordUnderstanding(tx, {
        conversationId: conversation.id,
        customerId: conversation.customerId,
        userMessageId: turn.userMessage.id,
        userText: turn.userMessage.content,
        understanding,
        productId: null,
        memory: null,
      });
      await tokens.done(tx);
    });
  }
}

/**
 * The `assistant.reply` worker: several replies at once per process (a slow provider must not hold
 * up other conversations), woken by NOTIFY the moment messageSend commits.
 */
export async function startAssistantWorker(deps: AppDeps): Promise<void> {
  registerTools(CUSTOMER_TOOLS);
  await deps.jobs.boss.work(
    'assistant.reply',
    {
      batchSize: 4,
      localConcurrency: 4,
      includeMetadata: true,
      perJobResults: true,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 5,
    },
    (jobs: JobWithMetadata<Payload>[]) =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            await handleReply(deps, job.data, job.retryCount, job.retryCount >= job.retryLimit);
            return { id: job.id, status: 'completed' };
          } catch (err) {
            return { id: job.id, status: 'failed', output: { message: (err as Error).message } };
          }
        }),
      ),
  );
}
