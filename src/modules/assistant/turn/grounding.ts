/**
 * Guards on what a reply says, applied to the text as it streams, before a shopper sees it:
 * - every money amount must be a figure a tool read from the database in this turn (a product's
 *   price, a cart or order total, a price difference), or an amount the shopper wrote; anything
 *   else ("this kettle costs $1.00", from an injected product description) becomes
 *   "(price not confirmed)";
 * - the system prompt's secrets never go out: a reply that repeats a secret-looking token of it
 *   (a code with digits, a key) or a long stretch of it stops streaming and is stored as a refusal.
 * Text is held back only as long as it could still turn into one of these (the last word, a
 * trailing amount, a window as long as the shortest stretch that counts as a leak).
 */
import type { QuotedProduct, ToolOutput } from '../tools/tool-types';

const MONEY = /(?:[$€£]\s?\d[\d,]*(?:\.\d{1,2})?|\d[\d,]*(?:\.\d{1,2})?\s?(?:USD|EUR|GBP|dollars?|euros?))/gi;
export const UNCONFIRMED_PRICE = '(price not confirmed)';
/** What is stored instead of a reply that gave the system prompt away. */
export const REFUSED_PROMPT = "I can't share my instructions, but I'm happy to help you find products.";
/** A verbatim stretch of the system prompt this long (normalized) counts as a leak. */
const LEAK_STRETCH = 48;
/** A decimal amount as tools report them ("119.99"). */
const AMOUNT = /^\d{1,10}\.\d{2}$/;

const cents = (text: string): number | null => {
  const m = /\d[\d,]*(?:\.\d{1,2})?/.exec(text);
  if (!m) return null;
  const [w, f = ''] = m[0].replace(/,/g, '').split('.');
  return Number(w) * 100 + Number((f + '00').slice(0, 2));
};

/** The amounts a reply may state: tool figures, differences of two quoted prices, the shopper's own. */
export class AllowedAmounts {
  private readonly figures = new Set<number>();
  private readonly prices = new Set<number>();

  constructor(shopperText = '') {
    for (const m of shopperText.match(MONEY) ?? []) this.figures.add(cents(m) ?? -1);
    for (const m of shopperText.match(/\d[\d,]*(?:\.\d{1,2})?/g) ?? []) this.figures.add(cents(m) ?? -1);
  }

  /** Takes in a tool's result: its products' prices and every decimal amount in its data. */
  addToolOutput(out: Pick<ToolOutput, 'products' | 'data'>): void {
    this.addProducts(out.products ?? []);
    const walk = (v: unknown, depth: number): void => {
      if (depth > 6) return;
      if (typeof v === 'string' && AMOUNT.test(v)) this.figures.add(cents(v)!);
      else if (Array.isArray(v)) v.slice(0, 200).forEach((x) => walk(x, depth + 1));
      else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, depth + 1));
    };
    walk(out.data, 0);
  }

  addProducts(products: QuotedProduct[]): void {
    for (const p of products) this.prices.add(cents(p.price)!);
  }

  has(amount: number): boolean {
    if (this.figures.has(amount) || this.prices.has(amount)) return true;
    for (const a of this.prices) if (this.prices.has(a - amount)) return true;
    return false;
  }
}

/** Replaces amounts the allowed set does not hold. */
export function groundText(content: string, allowed: AllowedAmounts): { content: string; replaced: number } {
  let replaced = 0;
  const out = content.replace(MONEY, (m) => {
    const c = cents(m);
    if (c != null && allowed.has(c)) return m;
    replaced++;
    return UNCONFIRMED_PRICE;
  });
  return { content: out, replaced };
}

/** {@link groundText} against the quoted products and the shopper's message. */
export function groundPrices(
  content: string,
  products: QuotedProduct[],
  shopperText: string,
): { content: string; replaced: number } {
  const allowed = new AllowedAmounts(shopperText);
  allowed.addProducts(products);
  return groundText(content, allowed);
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

/** True when the reply repeats `min` or more consecutive characters of the system prompt. */
export function leaksPrompt(content: string, systemPrompt: string, min = 60): boolean {
  const text = norm(content);
  const secret = norm(systemPrompt);
  if (secret.length < min) return false;
  for (let i = 0; i + min <= secret.length; i += Math.max(1, Math.floor(min / 3))) {
    if (text.includes(secret.slice(i, i + min))) return true;
  }
  return false;
}

/**
 * Words of a system prompt that look like secrets: codes and keys that mix letters and digits
 * ("STAFF-7731", "sk-live-42x…") or upper-case codes joined by dashes ("VIP-ONLY-PASS").
 */
export function secretTokens(systemPrompt: string): string[] {
  return [
    ...new Set(
      systemPrompt
        .split(/\s+/)
        .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
        .filter(
          (w) =>
            w.length >= 6 &&
            ((/\p{L}/u.test(w) && /\d/.test(w)) ||
              /^[A-Z0-9]+(?:[-_][A-Z0-9]+)+$/.test(w) ||
              /^(sk|pk|api|key|token)[-_]/i.test(w)),
        ),
    ),
  ];
}

export interface ReplyGuard {
  /** Makes a tool result's figures quotable. */
  allow(out: Pick<ToolOutput, 'products' | 'data'>): void;
  /** Text from the provider, in order. */
  push(text: string): void;
  /** The provider finished: let out what was held back. */
  end(): void;
  /** Forget what went out (a fallback provider starts the reply again). */
  reset(): void;
  /** What went out, grounded (the reply to store unless it leaked). */
  readonly content: string;
  readonly leaked: boolean;
  readonly replaced: number;
}

/** Splits text into streamable pieces: a word with the whitespace before it. */
const pieces = (text: string) => text.match(/\s*\S+/g) ?? [];

/**
 * Wraps a provider's token callback: text reaches `emit` grounded and checked for leaks, word by
 * word, holding back only what could still become an unconfirmed amount or a leak.
 */
export function createReplyGuard(opts: {
  systemPrompt: string;
  shopperText: string;
  emit: (text: string) => void;
}): ReplyGuard {
  const allowed = new AllowedAmounts(opts.shopperText);
  const secrets = secretTokens(opts.systemPrompt).map((s) => s.toLowerCase());
  const promptNorm = norm(opts.systemPrompt);
  const window = promptNorm.length >= LEAK_STRETCH ? LEAK_STRETCH : 0;
  let held = '';
  let sent = '';
  let raw = '';
  let leaked = false;
  let replaced = 0;

  const longestSecret = Math.max(0, ...secrets.map((x) => x.length));
  let checkedTo = 0;
  /** Looks only at text that could complete a leak now: what is new, plus a window before it. */
  const checkLeak = (text: string) => {
    // Twice the window: whitespace runs make a stretch longer in the raw text than normalized.
    const from = Math.max(0, checkedTo - Math.max(window * 2, longestSecret));
    checkedTo = text.length;
    const tail = text.slice(from);
    const lower = tail.toLowerCase();
    if (secrets.some((x) => lower.includes(x))) return true;
    return window > 0 && leaksPrompt(tail, opts.systemPrompt, window);
  };

  const release = (final: boolean) => {
    if (leaked || held.length === 0) return;
    if (checkLeak(raw)) {
      leaked = true;
      held = '';
      return;
    }
    let cut = held.length;
    if (!final) {
      const backToWordStart = () => {
        while (cut > 0 && !/\s/.test(held[cut - 1]!)) cut--;
      };
      // Keep the last word (it may still grow), and a leak-sized window of text.
      cut = held.length - /\S*$/.exec(held)![0].length;
      if (window > 0) cut = Math.min(cut, held.length - window);
      backToWordStart();
      // An amount at the end may still get its currency word ("45" … "dollars"): keep it too.
      const amount = /(?:[$€£]\s?)?\d[\d,.]*\s*$|[$€£]\s*$/.exec(held.slice(0, Math.max(0, cut)));
      if (amount) {
        cut = amount.index;
        backToWordStart();
      }
    }
    if (cut <= 0) return;
    const ready = held.slice(0, cut);
    held = held.slice(cut);
    const grounded = groundText(ready, allowed);
    replaced += grounded.replaced;
    for (const p of pieces(grounded.content)) {
      sent += p;
      opts.emit(p);
    }
    // Whitespace at the end of the ready part goes out with the next word.
    const trailing = /\s*$/.exec(ready)![0];
    held = trailing + held;
  };

  return {
    allow: (out) => allowed.addToolOutput(out),
    push(text) {
      if (leaked || !text) return;
      raw += text;
      held += text;
      release(false);
    },
    end() {
      release(true);
    },
    reset() {
      held = '';
      sent = '';
      raw = '';
      checkedTo = 0;
      leaked = false;
      replaced = 0;
    },
    get content() {
      return sent;
    },
    get leaked() {
      return leaked;
    },
    get replaced() {
      return replaced;
    },
  };
}
