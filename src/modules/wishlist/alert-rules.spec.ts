import { alertMessage, decideAlert, type AlertInput } from './alert-rules';

const base: AlertInput = {
  savedPrice: '100.00',
  targetPrice: null,
  currentPrice: '100.00',
  sameCurrency: true,
  available: true,
  lastAlertedPrice: null,
  lastSeenAvailable: true,
};

describe('decideAlert (drop threshold 10%)', () => {
  it.each<[string, Partial<AlertInput>, string | null]>([
    ['unchanged price', {}, null],
    ['9.99% drop is below the threshold', { currentPrice: '90.01' }, null],
    ['exactly 10% drop', { currentPrice: '90.00' }, 'price_drop'],
    ['a price rise', { currentPrice: '120.00' }, null],
    ['target reached exactly', { targetPrice: '80.00', currentPrice: '80.00' }, 'target_reached'],
    [
      'target not reached: a big drop alone does not alert',
      { targetPrice: '50.00', currentPrice: '60.00' },
      null,
    ],
    ['already alerted at this price', { currentPrice: '85.00', lastAlertedPrice: '85.00' }, null],
    ['a rebound above the last alerted price', { currentPrice: '88.00', lastAlertedPrice: '85.00' }, null],
    [
      'a new low below the last alerted price',
      { currentPrice: '84.99', lastAlertedPrice: '85.00' },
      'price_drop',
    ],
    [
      'target: new low after an alert',
      { targetPrice: '80.00', currentPrice: '70.00', lastAlertedPrice: '75.00' },
      'target_reached',
    ],
    ['back in stock at the same price', { lastSeenAvailable: false }, 'back_in_stock'],
    [
      'back in stock at the last alerted price',
      { lastSeenAvailable: false, currentPrice: '85.00', lastAlertedPrice: '85.00' },
      'back_in_stock',
    ],
    [
      'back in stock and at target: the price says more',
      { lastSeenAvailable: false, targetPrice: '90.00', currentPrice: '89.00' },
      'target_reached',
    ],
    ['first look (never seen): no back-in-stock', { lastSeenAvailable: null }, null],
    [
      'not available: no alert even at target',
      { available: false, targetPrice: '90.00', currentPrice: '50.00' },
      null,
    ],
    ['another currency: prices do not compare', { sameCurrency: false, currentPrice: '10.00' }, null],
    ['another currency, back in stock', { sameCurrency: false, lastSeenAvailable: false }, 'back_in_stock'],
    ['free', { currentPrice: '0.00' }, 'price_drop'],
  ])('%s', (_name, change, reason) => {
    const item = { ...base, ...change };
    expect(decideAlert(item, 10)).toEqual({ reason, seenAvailable: item.available });
  });

  it('the threshold is configurable', () => {
    expect(decideAlert({ ...base, currentPrice: '95.00' }, 5).reason).toBe('price_drop');
    expect(decideAlert({ ...base, currentPrice: '95.01' }, 5).reason).toBeNull();
  });
});

describe('alertMessage', () => {
  const facts = {
    productName: 'Lamp',
    price: '40.00',
    savedPrice: '50.00',
    targetPrice: '45.00',
    currency: 'USD',
  };
  it.each([
    [
      'target_reached',
      'Price alert: Lamp from your wishlist now costs 40.00 USD, at or below your target of 45.00 USD.',
    ],
    [
      'price_drop',
      'Price alert: Lamp from your wishlist dropped to 40.00 USD, 20% below the 50.00 USD it cost when you saved it.',
    ],
    ['back_in_stock', 'Good news: Lamp from your wishlist is back in stock, at 40.00 USD.'],
  ] as const)('%s', (reason, text) => {
    expect(alertMessage({ ...facts, reason })).toBe(text);
  });
});
