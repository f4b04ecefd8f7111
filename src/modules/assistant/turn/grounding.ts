/**
 * Guards on what a model wrote before it is stored: every money amount in the reply must be a
 * price a tool quoted from the database (or a difference of two such prices, or an amount the
 * shopper stated); anything else is replaced. A reply that repeats a long stretch of the system
 * prompt is replaced too. The local provider passes untouched: it only writes quoted figures.
 */
import type { QuotedProduct } from '../tools/tool-types';

const MONEY = /(?:[$€£]\s?\d[\d,]*(?:\.\d{1,2})?|\d[\d,]*(?:\.\d{1,2})?\s?(?:USD|EUR|GBP|dollars?|euros?))/gi;
export const UNCONFIRMED_PRICE = '(price not confirmed)';

const cents = (text: string): number | null => {
  const m = /\d[\d,]*(?:\.\d{1,2})?/.exec(text);
  if (!m) return null;
  const [w, f = ''] = m[0].replace(/,/g, '').split('.');
  return Number(w) * 100 + Number((f + '00').slice(0, 2));
};

/** Replaces amounts that no tool quoted. Returns the text and how many amounts it replaced. */
export function groundPrices(
  content: string,
  products: QuotedProduct[],
  shopperText: string,
): { content: string; replaced: number } {
  const allowed = new Set<number>();
  const prices = products.map((p) => cents(p.price)!).filter((c) => c != null);
  for (const a of prices) {
    allowed.add(a);
    for (const b of prices) if (a > b) allowed.add(a - b);
  }
  for (const m of shopperText.match(MONEY) ?? []) allowed.add(cents(m) ?? -1);
  for (const m of shopperText.match(/\d[\d,]*(?:\.\d{1,2})?/g) ?? []) allowed.add(cents(m) ?? -1);
  let replaced = 0;
  const out = content.replace(MONEY, (m) => {
    const c = cents(m);
    if (c != null && allowed.has(c)) return m;
    replaced++;
    return UNCONFIRMED_PRICE;
  });
  return { content: out, replaced };
}

/** True when the reply repeats `min` or more consecutive characters of the system prompt. */
export function leaksPrompt(content: string, systemPrompt: string, min = 60): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  const text = norm(content);
  const secret = norm(systemPrompt);
  if (secret.length < min) return false;
  for (let i = 0; i + min <= secret.length; i += Math.floor(min / 3)) {
    if (text.includes(secret.slice(i, i + min))) return true;
  }
  return false;
}
