import type { Tiktoken } from 'js-tiktoken/lite';

/**
 * Token counts for the `local` provider and for budgets: the o200k_base encoding (the GPT-4o
 * family's), so local and OpenAI figures are comparable. The ranks (a few MB of source, ~100 MB
 * once built) load on first use in the worker path (`loadTokenizer`), never at import. Counts of
 * texts seen before (the system prompt, the history a conversation resends every turn) come from
 * a small cache.
 */
let encoder: Tiktoken | null = null;
let loading: Promise<void> | null = null;

/** Builds the encoder once per process; `countTokens` needs it. */
export function loadTokenizer(): Promise<void> {
  loading ??= (async () => {
    const [{ Tiktoken }, { default: o200k }] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/o200k_base'),
    ]);
    encoder = new Tiktoken(o200k);
  })();
  return loading;
}

const CACHE_MAX = 2000;
const cache = new Map<string, number>();

export function countTokens(text: string): number {
  if (!encoder) throw new Error('the tokenizer is not loaded: await loadTokenizer() first');
  if (text.length === 0) return 0;
  const hit = cache.get(text);
  if (hit !== undefined) {
    // Most recently used last: the oldest entry is the first to go.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const n = encoder.encode(text).length;
  if (text.length <= 4000) {
    cache.set(text, n);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  }
  return n;
}

/** Tokens of a chat prompt: each message's text plus the chat format's per-message overhead. */
export function countChatTokens(messages: { role: string; content: string }[]): number {
  return messages.reduce((n, m) => n + 4 + countTokens(m.content), 3);
}
