import { toGlobalId } from '../../graphql/global-id';
import { checkEvent, eventProperties, type StorefrontEventInput } from './events';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const product = toGlobalId('Product', 7);
const variant = toGlobalId('ProductVariant', 9);
const cart = toGlobalId('Cart', '0b7d3c1e-2f4a-4c5d-9e6f-7a8b9c0d1e2f');

describe('checkEvent', () => {
  it.each<[string, StorefrontEventInput, Record<string, unknown>]>([
    [
      'a product view',
      { type: 'PRODUCT_VIEWED', productId: product },
      { name: 'product_viewed', productId: 7 },
    ],
    [
      'a search click, query normalized',
      { type: 'SEARCH_RESULT_CLICKED', productId: product, query: '  Trail  BOOTS ', position: 3 },
      { name: 'search_result_clicked', query: 'Trail  BOOTS', normalizedQuery: 'trail boots', position: 3 },
    ],
    [
      'a cart add by variant, quantity 1 by default',
      { type: 'CART_LINE_ADDED', variantId: variant, cartId: cart },
      {
        name: 'cart_line_added',
        variantId: 9,
        productId: null,
        quantity: 1,
        cartId: '0b7d3c1e-2f4a-4c5d-9e6f-7a8b9c0d1e2f',
      },
    ],
    ['a checkout start alone', { type: 'CHECKOUT_STARTED' }, { name: 'checkout_started', cartId: null }],
    [
      'fields that do not apply are not kept',
      { type: 'PRODUCT_VIEWED', productId: product, query: 'x', position: 2, quantity: 5, cartId: cart },
      { query: null, position: null, quantity: null, cartId: null },
    ],
    [
      'a time in the last day',
      { type: 'PRODUCT_VIEWED', productId: product, occurredAt: '2026-12-02T01:00:00Z' },
      { occurredAt: new Date('2026-12-02T01:00:00Z') },
    ],
  ])('%s', (_n, input, expected) => {
    const r = checkEvent(input, 0, NOW);
    expect('event' in r && r.event).toMatchObject(expected);
  });

  it.each<[string, StorefrontEventInput, [string, string][]]>([
    ['view without product', { type: 'PRODUCT_VIEWED' }, [['REQUIRED', 'productId']]],
    ['malformed product id', { type: 'PRODUCT_VIEWED', productId: 'nope' }, [['NOT_FOUND', 'productId']]],
    [
      'a variant id given as product',
      { type: 'PRODUCT_VIEWED', productId: variant },
      [['NOT_FOUND', 'productId']],
    ],
    [
      'click without query and position',
      { type: 'SEARCH_RESULT_CLICKED', productId: product },
      [
        ['REQUIRED', 'query'],
        ['REQUIRED', 'position'],
      ],
    ],
    [
      'click at position 0, query too long',
      { type: 'SEARCH_RESULT_CLICKED', productId: product, query: 'x'.repeat(201), position: 0 },
      [
        ['TOO_LONG', 'query'],
        ['INVALID', 'position'],
      ],
    ],
    ['cart add of nothing', { type: 'CART_LINE_ADDED' }, [['REQUIRED', 'variantId']]],
    [
      'cart add of 0 units',
      { type: 'CART_LINE_ADDED', productId: product, quantity: 0 },
      [['INVALID', 'quantity']],
    ],
    ['checkout of a bad cart id', { type: 'CHECKOUT_STARTED', cartId: product }, [['NOT_FOUND', 'cartId']]],
    [
      'two days old',
      { type: 'CHECKOUT_STARTED', occurredAt: '2026-11-30T11:00:00Z' },
      [['INVALID', 'occurredAt']],
    ],
    [
      'an hour ahead',
      { type: 'CHECKOUT_STARTED', occurredAt: '2026-12-02T13:00:00Z' },
      [['INVALID', 'occurredAt']],
    ],
  ])('refuses %s', (_n, input, expected) => {
    const r = checkEvent(input, 4, NOW);
    expect('errors' in r && r.errors.map((e) => [e.code, e.field!.join('.')])).toEqual(
      expected.map(([code, f]) => [code, `events.4.${f}`]),
    );
  });

  it('stores only the properties an event has', () => {
    const r = checkEvent({ type: 'CART_LINE_ADDED', variantId: variant, quantity: 2 }, 0, NOW);
    if (!('event' in r)) throw new Error('refused');
    expect(eventProperties(r.event, 7, 3)).toEqual({
      productId: 7,
      variantId: 9,
      categoryId: 3,
      quantity: 2,
    });
  });
});
