import type { Config } from '../../../config';

/** The `local` provider's model name (what llm_requests/llm_responses record for it). */
export const LOCAL_MODEL = 'bazaar-local-1';

export interface ProviderTarget {
  provider: 'local' | 'openai';
  model: string;
}

/**
 * A chat mode's provider/model, with `default` resolved from LLM_PROVIDER / LLM_MODEL. Kept apart
 * from the providers so messageSend's hook can name the target without loading them.
 */
export function resolveTarget(config: Config, mode: { provider: string; model: string }): ProviderTarget {
  const provider =
    mode.provider === 'default' ? config.LLM_PROVIDER : mode.provider === 'openai' ? 'openai' : 'local';
  if (provider === 'local') return { provider, model: LOCAL_MODEL };
  return { provider, model: mode.model === 'default' ? config.LLM_MODEL : mode.model };
}
