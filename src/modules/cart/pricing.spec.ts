import {
  discountProblem,
  formatCents,
  priceCart,
  priceDrop,
  taxRateFor,
  toCents,
  type Discount,
  type DiscountCodeRules,
} from './pricing';

const rules = (taxRate: string, threshold: string | null = '50.00', flat = '5.99') => ({
  taxRate,
  shippingFlatRate: toCents(flat),
  freeShippingThreshold: threshold === null ? null : toCents(threshold),
});
const pct = (value: string): Discount => ({ kind: 'percentage', value });
const fixed = (value: string): Discount => ({ kind: 'fixed', value });

/** Every expected figure below was computed by hand (see the comment on each row). */
describe('priceCart', () => {
  it.each([
    // name, lines [unit, qty], discount, rules → subtotal, discount, tax, shipping, total, items
    [
      'empty cart: nothing, not even shipping',
      [],
      null,
      rules('0.19'),
      ['0.00', '0.00', '0.00', '0.00', '0.00', 0],
    ],
    // 19.99×3 = 59.97; tax 59.97×0.19 = 11.3943 → 11.39; ≥ 50 → free shipping
    [
      'free shipping above the threshold',
      [['19.99', 3]],
      null,
      rules('0.19'),
      ['59.97', '0.00', '11.39', '0.00', '71.36', 3],
    ],
    // 10×2 = 20; tax 3.80; shipping 5.99 → 29.79
    [
      'flat shipping below the threshold',
      [['10.00', 2]],
      null,
      rules('0.19'),
      ['20.00', '0.00', '3.80', '5.99', '29.79', 2],
    ],
    // 10% of 59.97 = 5.997 → 6.00; 53.97 × 0.19 = 10.2543 → 10.25; 53.97 ≥ 50 free → 64.22
    [
      'percentage discount rounds half-up',
      [['19.99', 3]],
      pct('10'),
      rules('0.19'),
      ['59.97', '6.00', '10.25', '0.00', '64.22', 3],
    ],
    // 55 − 5.50 = 49.50 < 50 → shipping 5.99; no tax → 55.49
    [
      'the threshold counts after the discount',
      [['55.00', 1]],
      pct('10'),
      rules('0'),
      ['55.00', '5.50', '0.00', '5.99', '55.49', 1],
    ],
    // fixed 5 off 3.50 → capped at 3.50; nothing taxable; shipping still charged
    [
      'fixed discount capped at the subtotal',
      [['3.50', 1]],
      fixed('5.00'),
      rules('0.2'),
      ['3.50', '3.50', '0.00', '5.99', '5.99', 1],
    ],
    // 12.5% of 0.20 = 0.025 → 0.03 (half-up); 0.17 × 0.1 = 0.017 → 0.02; 0.17 + 0.02 + 5.99
    [
      'half a cent rounds up',
      [['0.20', 1]],
      pct('12.5'),
      rules('0.1'),
      ['0.20', '0.03', '0.02', '5.99', '6.18', 1],
    ],
    // per line 0.33 × 0.0825 = 0.0272 → 0.03 each (0.06); on the order 0.66 × 0.0825 = 0.05445 → 0.05
    [
      'tax rounds once on the order, not per line',
      [
        ['0.33', 1],
        ['0.33', 1],
      ],
      null,
      rules('0.0825', null, '0'),
      ['0.66', '0.00', '0.05', '0.00', '0.71', 2],
    ],
    // exactly 50.00 after the discount is free
    [
      'threshold reached exactly',
      [['25.00', 2]],
      null,
      rules('0'),
      ['50.00', '0.00', '0.00', '0.00', '50.00', 2],
    ],
    [
      'no free shipping when the threshold is off',
      [['100.00', 1]],
      null,
      rules('0', null),
      ['100.00', '0.00', '0.00', '5.99', '105.99', 1],
    ],
    // 100% off: nothing to pay but shipping (0 < 50)
    [
      'a 100% code leaves shipping',
      [['30.00', 1]],
      pct('100'),
      rules('0.19'),
      ['30.00', '30.00', '0.00', '5.99', '5.99', 1],
    ],
    // 9,999,999.99 × 999 = 9,989,999,990.01; × 0.2 = 1,997,999,998.002 → 1,997,999,998.00
    [
      'large amounts stay exact',
      [['9999999.99', 999]],
      null,
      rules('0.2'),
      ['9989999990.01', '0.00', '1997999998.00', '0.00', '11987999988.01', 999],
    ],
    // 3 × 0.10 = 0.30 exactly (floating point would say 0.30000000000000004)
    [
      'no floating point error',
      [['0.10', 3]],
      null,
      rules('0', null, '0'),
      ['0.30', '0.00', '0.00', '0.00', '0.30', 3],
    ],
    // 33.33% of 10.00 = 3.333 → 3.33; 6.67 × 0.07 = 0.4669 → 0.47; 6.67 + 0.47 + 5.99 = 13.13
    [
      'fractional percentage',
      [['10.00', 1]],
      pct('33.33'),
      rules('0.07'),
      ['10.00', '3.33', '0.47', '5.99', '13.13', 1],
    ],
  ] as const)('%s', (_name, lines, discount, r, expected) => {
    const t = priceCart(
      lines.map(([unit, quantity]) => ({ unitPrice: toCents(unit), quantity })),
      discount,
      r,
    );
    expect([
      formatCents(t.subtotal),
      formatCents(t.discountTotal),
      formatCents(t.taxTotal),
      formatCents(t.shippingTotal),
      formatCents(t.total),
      t.itemCount,
    ]).toEqual(expected);
  });
});

describe('toCents / formatCents', () => {
  it.each([
    ['19.99', 1999n, '19.99'],
    ['5', 500n, '5.00'],
    ['0.5', 50n, '0.50'],
    ['-0.05', -5n, '-0.05'],
    [{ toFixed: () => '12.30' }, 1230n, '12.30'],
  ] as const)('%p', (input, cents, text) => {
    expect(toCents(input)).toBe(cents);
    expect(formatCents(cents)).toBe(text);
  });

  it('refuses more than two decimals rather than rounding silently', () => {
    expect(() => toCents('1.005')).toThrow();
  });
});

describe('taxRateFor', () => {
  const rates = { DE: '0.19', US: '0', '*': '0.1' };
  it.each([
    ['DE', '0.19'],
    ['de', '0.19'],
    ['US', '0'],
    ['JP', '0.1'],
  ])('%s → %s', (country, rate) => expect(taxRateFor(rates, country)).toBe(rate));
  it('defaults to no tax without a * entry', () => expect(taxRateFor({}, 'JP')).toBe('0'));
});

describe('discountProblem', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const base: DiscountCodeRules = {
    kind: 'percentage',
    value: '10',
    isActive: true,
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    usedCount: 0,
    minSubtotal: null,
    currency: 'USD',
  };
  const cart = { subtotal: toCents('40.00'), currency: 'EUR' };
  it.each([
    ['a plain percentage code (any currency)', {}, null],
    ['inactive', { isActive: false }, 'DISCOUNT_INVALID'],
    ['not started', { startsAt: new Date('2026-06-02') }, 'DISCOUNT_INVALID'],
    ['started exactly now', { startsAt: now }, null],
    ['ended exactly now', { endsAt: now }, 'DISCOUNT_INVALID'],
    ['fixed code in another currency', { kind: 'fixed', value: '5', currency: 'USD' }, 'DISCOUNT_INVALID'],
    ['fixed code in the cart currency', { kind: 'fixed', value: '5', currency: 'EUR' }, null],
    ['used up', { usageLimit: 3, usedCount: 3 }, 'DISCOUNT_USAGE_LIMIT_REACHED'],
    ['one use left', { usageLimit: 3, usedCount: 2 }, null],
    ['minimum not met', { minSubtotal: '40.01', currency: 'EUR' }, 'DISCOUNT_MINIMUM_NOT_MET'],
    ['minimum met exactly', { minSubtotal: '40.00', currency: 'EUR' }, null],
    ['minimum in another currency', { minSubtotal: '10.00', currency: 'USD' }, 'DISCOUNT_INVALID'],
  ] as const)('%s', (_name, override, expected) => {
    expect(discountProblem({ ...base, ...override } as DiscountCodeRules, cart, now)).toBe(expected);
  });
});

describe('priceDrop', () => {
  it.each([
    // saved, now → drop, percent (one decimal, half-up)
    ['80.00', '60.00', '20.00', '25.0'],
    ['30.00', '20.00', '10.00', '33.3'], // 33.33…
    ['3.00', '1.00', '2.00', '66.7'], // 66.66… → 66.7
    ['0.08', '0.07', '0.01', '12.5'],
    ['50.00', '55.00', '0.00', '0.0'], // dearer: no drop
    ['0.00', '0.00', '0.00', '0.0'],
  ])('%s → %s', (saved, now, amount, percent) => {
    const d = priceDrop(toCents(saved), toCents(now));
    expect([formatCents(d.amount), d.percent]).toEqual([amount, percent]);
  });
});
