/**
 * What the `local` provider's steps share: the step signature and how a product line reads.
 * A step acts on the understanding through tools (the runner) and returns the reply's text and
 * the products it offered; every figure in the text comes from a tool's result.
 */
import { formatMoney } from '../tools/quote';
import type { QuotedProduct, ToolOutput, ToolScope } from '../tools/tool-types';
import type { TurnInput } from './provider';

/** Runs a tool the chat mode allows (null when it does not, or the turn's call budget is spent). */
export type Runner = (name: string, args: unknown) => Promise<ToolOutput | null>;

export type Step = (
  scope: ToolScope,
  input: TurnInput,
  run: Runner,
) => Promise<{ text: string; products: QuotedProduct[] }>;

export function stockText(p: { stock: number }): string {
  if (p.stock <= 0) return 'out of stock';
  return p.stock <= 5 ? `only ${p.stock} left` : 'in stock';
}

/** "2. Ridge Boot by Ridgeway (Black / 10) — $119.99, in stock" */
export function line(p: QuotedProduct, i: number): string {
  const by = p.brand ? ` by ${p.brand}` : '';
  const variant = p.variantName ? ` (${p.variantName})` : '';
  return `${i + 1}. ${p.name}${by}${variant} — ${formatMoney(p.price, p.currency)}, ${stockText(p)}`;
}
