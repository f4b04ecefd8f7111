import { performance } from 'node:perf_hooks';
import type { Understanding } from '../understanding/understand';
import type { QuotedProduct, ToolActivity, ToolDef, ToolOutput, ToolScope } from '../tools/tool-types';

/** The summary of a tool call that threw (the model is told to try again later). */
export const TOOL_ERROR = 'tool error';

export interface ChatTurnMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Everything a provider needs for one reply. */
export interface TurnInput {
  systemPrompt: string;
  /** Earlier messages of the conversation, oldest first (already trimmed to the prompt budget). */
  history: ChatTurnMessage[];
  message: string;
  understanding: Understanding;
  /** The tools the chat mode allows. */
  tools: ToolDef[];
  model: string;
  maxIterations: number;
  maxTokens: number;
  temperature: number;
  signal: AbortSignal;
  /** Called with each piece of text as it is produced, in order. */
  onToken(text: string): void;
  /** Called with each tool result (the reply guard learns which figures are quotable). */
  onToolResult?(out: ToolOutput): void;
}

export interface TurnResult {
  content: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  /** Products offered, best first (each quoted from the database by a tool). */
  products: QuotedProduct[];
  activities: ToolActivity[];
}

export interface LlmProvider {
  readonly name: string;
  run(scope: ToolScope, input: TurnInput): Promise<TurnResult>;
}

/** Raised for a provider failure worth retrying or falling back from (timeouts, 5xx, 429, bad stream). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'rate_limited' | 'server' | 'protocol' | 'client',
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Runs one tool call for either provider: validates the arguments, times it, records the
 * chat_activities entry, and turns a failure into a result the conversation can continue from.
 */
export async function callTool(
  scope: ToolScope,
  tools: ToolDef[],
  name: string,
  rawArgs: unknown,
  activities: ToolActivity[],
  observe?: (out: ToolOutput) => void,
): Promise<ToolOutput> {
  const started = performance.now();
  const def = tools.find((t) => t.name === name);
  const record = (status: ToolActivity['status'], resultSummary: string, error: string | null) =>
    activities.push({
      tool: name.slice(0, 100),
      arguments: rawArgs ?? {},
      resultSummary: resultSummary.slice(0, 500),
      durationMs: Math.round(performance.now() - started),
      status,
      error,
    });
  if (!def) {
    record('failed', 'unknown tool', `tool ${name} is not available in this chat mode`);
    return { summary: 'unknown tool', data: { error: `Tool ${name} is not available` } };
  }
  const parsed = def.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    record('failed', 'invalid arguments', message.slice(0, 500));
    return { summary: 'invalid arguments', data: { error: `Invalid arguments: ${message}` } };
  }
  try {
    const out = await def.run(scope, parsed.data);
    record('succeeded', out.summary, null);
    observe?.(out);
    return out;
  } catch (err) {
    scope.ctx.log.warn({ err, tool: name }, 'assistant tool failed');
    record('failed', TOOL_ERROR, err instanceof Error ? err.message.slice(0, 500) : 'error');
    return { summary: TOOL_ERROR, data: { error: 'The tool failed; try again later' } };
  }
}
