import type { LlmProvider, ChatTurnMessage, TurnResult } from './providers/provider';
import type { ToolDef, ToolScope } from './tools/tool-types';
import { getLexicon } from './understanding/lexicon.loader';
import { understand, type Understanding } from './understanding/understand';
import { createReplyGuard, REFUSED_PROMPT } from './turn/grounding';

export interface ReplyOptions {
  provider: LlmProvider;
  tools: ToolDef[];
  systemPrompt?: string;
  history?: ChatTurnMessage[];
  model?: string;
  maxIterations?: number;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
}

/**
 * One assistant reply without persistence: understand the message with the catalog's lexicon,
 * then let the provider answer with the given tools, through the reply guard (grounded amounts,
 * no prompt secrets). The turn worker stores what this returns;
 * the quality harness and specs call it directly.
 */
export async function reply(
  scope: ToolScope,
  message: string,
  opts: ReplyOptions,
): Promise<{ understanding: Understanding; result: TurnResult }> {
  const understanding = understand(message, await getLexicon(scope.ctx.prisma));
  const onToken = opts.onToken ?? (() => undefined);
  const guard = createReplyGuard({
    systemPrompt: opts.systemPrompt ?? '',
    shopperText: message,
    emit: onToken,
  });
  const result = await opts.provider.run(scope, {
    systemPrompt: opts.systemPrompt ?? '',
    history: opts.history ?? [],
    message,
    understanding,
    tools: opts.tools,
    model: opts.model ?? 'bazaar-local-1',
    maxIterations: opts.maxIterations ?? 4,
    maxTokens: opts.maxTokens ?? 1024,
    temperature: opts.temperature ?? 0,
    signal: opts.signal ?? new AbortController().signal,
    onToken: (text) => guard.push(text),
    onToolResult: (out) => guard.allow(out),
  });
  guard.end();
  // What the shopper would see: grounded text, or a refusal when it leaked the system prompt.
  const content = guard.leaked ? REFUSED_PROMPT : guard.content;
  return { understanding, result: { ...result, content } };
}
