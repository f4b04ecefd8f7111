/**
 * Picks and runs the provider of a turn behind the circuit breaker: `local` runs as it is; any
 * other provider runs only while its circuit lets it, and when the circuit is open — or this very
 * failure opened it — `local` answers instead and the result says so (fallback). A failure that
 * leaves the circuit closed is thrown for the job queue to retry.
 */
import type { Config } from '../../../config';
import type { Db } from '../../../db/prisma';
import type { Logger } from '../../../logger';
import { localProvider } from '../providers/local';
import { ProviderError, type LlmProvider, type TurnInput, type TurnResult } from '../providers/provider';
import type { ToolScope } from '../tools/tool-types';
import { circuitGate, recordFailure, recordSuccess } from './circuit.service';
import { LOCAL_MODEL, type ProviderTarget } from './target';

export { resolveTarget, type ProviderTarget } from './target';

const clients = new Map<string, LlmProvider>();
/** The openai client (and its library) load on the first turn that uses it. */
async function openAi(config: Config, model: string): Promise<LlmProvider> {
  const key = `${config.LLM_BASE_URL}|${model}|${config.LLM_TIMEOUT_MS}`;
  const cached = clients.get(key);
  if (cached) return cached;
  const { createOpenAiProvider } = await import('../providers/openai.js');
  const p = clients.get(key) ?? createOpenAiProvider(config, model);
  clients.set(key, p);
  return p;
}

export interface ProviderOutcome {
  result: TurnResult;
  provider: string;
  model: string;
  fallback: boolean;
}

export async function runProvider(
  deps: { config: Config; db: Db; log: Logger },
  scope: ToolScope,
  target: ProviderTarget,
  input: TurnInput & { onFallback?: () => void },
): Promise<ProviderOutcome> {
  const local = async (fallback: boolean): Promise<ProviderOutcome> => {
    if (fallback) input.onFallback?.();
    const result = await localProvider.run(scope, { ...input, model: LOCAL_MODEL });
    return { result, provider: 'local', model: LOCAL_MODEL, fallback };
  };
  if (target.provider === 'local') return local(false);
  const cfg = {
    threshold: deps.config.LLM_CIRCUIT_FAILURE_THRESHOLD,
    cooldownSeconds: deps.config.LLM_CIRCUIT_COOLDOWN_SECONDS,
  };
  const gate = await circuitGate(deps.db, target.provider, target.model, cfg);
  if (gate === 'skip') return local(true);
  try {
    const result = await (await openAi(deps.config, target.model)).run(scope, input);
    await recordSuccess(deps.db, target.provider, target.model);
    return { result, provider: target.provider, model: target.model, fallback: false };
  } catch (err) {
    const failure =
      err instanceof ProviderError
        ? err
        : new ProviderError(err instanceof Error ? err.message : 'failed', 'server');
    const state = await recordFailure(
      deps.db,
      target.provider,
      target.model,
      `${failure.kind}: ${failure.message}`,
      cfg,
    );
    deps.log.warn(
      { provider: target.provider, model: target.model, kind: failure.kind, circuit: state },
      'LLM provider failed',
    );
    if (state === 'open') return local(true);
    throw failure;
  }
}
