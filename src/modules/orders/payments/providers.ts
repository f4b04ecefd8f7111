import { randomUUID } from 'node:crypto';

/** What a provider answers for a payment being started at checkout. */
export type PaymentOutcome =
  | { status: 'pending' }
  | { status: 'authorized'; transactionId: string }
  | { status: 'failed'; code: string; message: string };

export interface PaymentRequest {
  orderNumber: string;
  /** Amount as a decimal string, e.g. `"59.97"`. */
  amount: string;
  currency: string;
  /** A token from the client's payment form, when the provider uses one. */
  token: string | null;
}

/**
 * A payment provider. `authorize` runs inside the checkout transaction (while the stock rows are
 * locked), so it must answer fast and locally: a remote gateway belongs after the commit, against
 * an order whose units are reserved — which is exactly the `manual` flow.
 */
export interface PaymentProvider {
  code: 'manual' | 'test';
  /** Human label stored in orders.payment_method. */
  label: string;
  authorize(req: PaymentRequest): Promise<PaymentOutcome>;
}

/** Paid outside the shop (bank transfer, cash on pickup): the order waits, its units reserved, until an admin marks it paid. */
const manual: PaymentProvider = {
  code: 'manual',
  label: 'manual',
  authorize: () => Promise.resolve({ status: 'pending' }),
};

/** Authorizes at once; the token `tok_decline` is declined (as card gateways' test tokens are). */
const test: PaymentProvider = {
  code: 'test',
  label: 'test',
  authorize: ({ token }) =>
    Promise.resolve(
      token === 'tok_decline'
        ? { status: 'failed', code: 'card_declined', message: 'The payment was declined' }
        : { status: 'authorized', transactionId: `test_${randomUUID()}` },
    ),
};

export const PAYMENT_PROVIDERS = { MANUAL: manual, TEST: test } as const;
export type PaymentMethodValue = keyof typeof PAYMENT_PROVIDERS;
