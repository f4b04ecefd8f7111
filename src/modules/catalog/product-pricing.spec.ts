import { currentPrice, saleActive } from './product-pricing';

const at = (s: string) => new Date(s);
const now = at('2026-06-01T12:00:00Z');

describe('saleActive / currentPrice', () => {
  it.each([
    ['no sale price', { salePrice: null, saleStartsAt: null, saleEndsAt: null }, false],
    ['open-ended sale', { salePrice: '80.00', saleStartsAt: null, saleEndsAt: null }, true],
    [
      'inside the window',
      { salePrice: '80.00', saleStartsAt: at('2026-05-01'), saleEndsAt: at('2026-07-01') },
      true,
    ],
    ['not started yet', { salePrice: '80.00', saleStartsAt: at('2026-06-02'), saleEndsAt: null }, false],
    [
      'already ended',
      { salePrice: '80.00', saleStartsAt: null, saleEndsAt: at('2026-06-01T12:00:00Z') },
      false,
    ],
    ['sale price not below price', { salePrice: '100.00', saleStartsAt: null, saleEndsAt: null }, false],
  ])('%s', (_name, sale, expected) => {
    const p = { price: '100.00', ...sale };
    expect(saleActive(p, now)).toBe(expected);
    expect(currentPrice(p, now)).toBe(expected ? '80.00' : '100.00');
  });
});
