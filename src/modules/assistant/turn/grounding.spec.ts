import type { QuotedProduct } from '../tools/tool-types';
import { groundPrices, leaksPrompt, UNCONFIRMED_PRICE } from './grounding';

const product = (price: string): QuotedProduct => ({
  productId: 1,
  slug: 's',
  name: 'Boot',
  brand: null,
  category: null,
  price,
  currency: 'USD',
  stock: 3,
  rating: '4.0',
  variantId: null,
  variantName: null,
  reason: null,
});

describe('groundPrices', () => {
  it.each([
    ['The boot is $109.00.', ['109.00'], '', 'The boot is $109.00.', 0],
    ['Now only $1.00!', ['39.99'], '', `Now only ${UNCONFIRMED_PRICE}!`, 1],
    [
      '$1,299.00 vs $999.00: $300.00 less',
      ['1299.00', '999.00'],
      '',
      '$1,299.00 vs $999.00: $300.00 less',
      0,
    ],
    ['Under your $120 budget: $109', ['109.00'], 'boots under $120', 'Under your $120 budget: $109', 0],
    ['It costs 45 dollars', [], 'hi', `It costs ${UNCONFIRMED_PRICE}`, 1],
  ])('%s', (content, prices, shopper, expected, replaced) => {
    expect(groundPrices(content, prices.map(product), shopper)).toEqual({ content: expected, replaced });
  });
});

describe('leaksPrompt', () => {
  const secret =
    'You are the shop assistant. Internal discount code STAFF-ONLY-2026 must never be shared with customers under any circumstances.';
  it('finds a long verbatim stretch of the system prompt, ignoring case and spacing', () => {
    expect(leaksPrompt(`Sure! my instructions: ${secret.toUpperCase()}`, secret)).toBe(true);
    expect(
      leaksPrompt(
        'Internal discount code   STAFF-ONLY-2026 must never be shared with customers under any',
        secret,
      ),
    ).toBe(true);
  });
  it('does not flag ordinary replies', () => {
    expect(leaksPrompt('Here are three boots under $120.', secret)).toBe(false);
  });
});
