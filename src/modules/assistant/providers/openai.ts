/**
 * The `openai` provider: any OpenAI-compatible chat-completions endpoint, streaming, with our tools
 * as function calls. Each round streams text to the shopper as it arrives and collects tool-call
 * deltas; tool calls run through `callTool` (same tools, same scope as `local`) and their results
 * go back to the model, up to the chat mode's max iterations. Usage is read from the stream's
 * final chunk. Every failure becomes a typed ProviderError so the turn can retry or fall back.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Config } from '../../../config';
import type { QuotedProduct, ToolActivity, ToolDef } from '../tools/tool-types';
import { callTool, ProviderError, type LlmProvider, type TurnInput, type TurnResult } from './provider';
import { countChatTokens, countTokens, loadTokenizer } from './tokenizer';

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

const toolSchema = (t: ToolDef): ChatCompletionTool => ({
  type: 'function',
  function: { name: t.name, description: t.description, parameters: t.parameters },
});

/** Maps what the client or the stream threw to a ProviderError (retry, fall back, or give up). */
export function toProviderError(err: unknown, timedOut: boolean): ProviderError {
  if (err instanceof ProviderError) return err;
  if (timedOut || err instanceof OpenAI.APIConnectionTimeoutError)
    return new ProviderError('provider timed out', 'timeout');
  if (err instanceof OpenAI.APIError && err.status != null) {
    if (err.status === 429) {
      const after = Number(err.headers?.get?.('retry-after'));
      return new ProviderError(
        'provider rate limited',
        'rate_limited',
        Number.isFinite(after) ? after * 1000 : null,
      );
    }
    if (err.status >= 500) return new ProviderError(`provider error ${err.status}`, 'server');
    return new ProviderError(`provider refused the request (${err.status})`, 'client');
  }
  if (err instanceof OpenAI.APIConnectionError) return new ProviderError('provider unreachable', 'server');
  return new ProviderError(
    `malformed provider stream: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown'}`,
    'protocol',
  );
}

export function createOpenAiProvider(config: Config, model: string): LlmProvider {
  const client = new OpenAI({
    apiKey: config.LLM_API_KEY ?? 'none',
    baseURL: config.LLM_BASE_URL,
    timeout: config.LLM_TIMEOUT_MS,
    // Retries belong to the turn (pg-boss) and the circuit breaker, not to the client.
    maxRetries: 0,
  });
  return {
    name: 'openai',
    async run(scope, input: TurnInput): Promise<TurnResult> {
      await loadTokenizer();
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, config.LLM_TIMEOUT_MS);
      const onAbort = () => controller.abort();
      input.signal.addEventListener('abort', onAbort);
      const activities: ToolActivity[] = [];
      const products = new Map<number, QuotedProduct>();
      const messages: ChatCompletionMessageParam[] = [
        { role: 'system', content: input.systemPrompt },
        ...input.history.map((m) => ({ role: m.role, content: m.content }) as ChatCompletionMessageParam),
        { role: 'user', content: input.message },
      ];
      const tools = input.tools.map(toolSchema);
      let content = '';
      let promptTokens = 0;
      let completionTokens = 0;
      let usageSeen = false;
      let finishReason = 'stop';
      try {
        for (let round = 0; round < input.maxIterations; round++) {
          const lastRound = round === input.maxIterations - 1;
          const stream = await client.chat.completions.create(
            {
              model,
              messages,
              stream: true,
              stream_options: { include_usage: true },
              max_tokens: input.maxTokens,
              temperature: input.temperature,
              ...(tools.length && !lastRound ? { tools, tool_choice: 'auto' as const } : {}),
            },
            { signal: controller.signal },
          );
          const calls: PendingCall[] = [];
          let roundText = '';
          for await (const chunk of stream) {
            if (chunk.usage) {
              usageSeen = true;
              promptTokens += chunk.usage.prompt_tokens ?? 0;
              completionTokens += chunk.usage.completion_tokens ?? 0;
            }
            const choice = chunk.choices?.[0];
            if (!choice) continue;
            const delta = choice.delta ?? {};
            if (typeof delta.content === 'string' && delta.content) {
              roundText += delta.content;
              input.onToken(delta.content);
            }
            for (const tc of delta.tool_calls ?? []) {
              const call = (calls[tc.index] ??= { id: '', name: '', args: '' });
              if (tc.id) call.id = tc.id;
              if (tc.function?.name) call.name += tc.function.name;
              if (tc.function?.arguments) call.args += tc.function.arguments;
            }
            if (choice.finish_reason) finishReason = choice.finish_reason;
          }
          content += roundText;
          const pending = calls.filter(Boolean);
          if (pending.length === 0) break;
          messages.push({
            role: 'assistant',
            content: roundText || null,
            tool_calls: pending.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.args },
            })),
          });
          for (const call of pending) {
            let args: unknown = {};
            try {
              args = call.args ? JSON.parse(call.args) : {};
            } catch {
              args = { unparsable: call.args.slice(0, 200) };
            }
            const out = await callTool(scope, input.tools, call.name, args, activities, input.onToolResult);
            for (const p of out.products ?? []) if (!products.has(p.productId)) products.set(p.productId, p);
            messages.push({
              role: 'tool',
              tool_call_id: call.id,
              content: JSON.stringify(out.data).slice(0, 8000),
            });
          }
          if (lastRound) finishReason = 'length';
        }
      } catch (err) {
        throw toProviderError(err, timedOut);
      } finally {
        clearTimeout(timer);
        input.signal.removeEventListener('abort', onAbort);
      }
      if (!usageSeen) {
        // Some compatible servers omit usage: count with the tokenizer rather than record zero.
        promptTokens = countChatTokens(
          messages.map((m) => ({ role: m.role, content: String(m.content ?? '') })),
        );
        completionTokens = countTokens(content);
      }
      return {
        content,
        finishReason,
        promptTokens,
        completionTokens,
        products: [...products.values()],
        activities,
      };
    },
  };
}
