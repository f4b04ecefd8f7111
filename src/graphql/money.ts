/** Anything Prisma or pg returns for a numeric column. */
export type DecimalLike = { toFixed(digits: number): string } | string | number;

/** A `Money` object with the amount fixed to two decimals, as clients display it. */
export function toMoney(amount: DecimalLike, currencyCode: string) {
  const fixed = typeof amount === 'object' ? amount.toFixed(2) : Number(amount).toFixed(2);
  return { amount: fixed, currencyCode: currencyCode.trim() };
}
