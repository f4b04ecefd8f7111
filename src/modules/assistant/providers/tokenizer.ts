import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';

/**
 * Token counts for the `local` provider and for budgets: the o200k_base encoding (the GPT-4o
 * family's), so local and OpenAI figures are comparable. Built once per process on first use.
 */
let encoder: Tiktoken | null = null;

export function countTokens(text: string): number {
  encoder ??= new Tiktoken(o200k);
  return encoder.encode(text).length;
}

/** Tokens of a chat prompt: each message's text plus the chat format's per-message overhead. */
export function countChatTokens(messages: { role: string; content: string }[]): number {
  return messages.reduce((n, m) => n + 4 + countTokens(m.content), 3);
}
