import {
  canTransition,
  transitionEffects,
  transitionProblem,
  type OrderStatus,
  type PaymentStatus,
} from './order-state';

const ALL: OrderStatus[] = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
];

/** The whole table: every pair not listed as allowed is refused. */
const ALLOWED = new Set([
  'pending→confirmed',
  'pending→cancelled',
  'confirmed→processing',
  'confirmed→cancelled',
  'processing→shipped',
  'processing→cancelled',
  'shipped→delivered',
  'shipped→refunded',
  'delivered→refunded',
]);

describe('order status transitions', () => {
  it.each(ALL.flatMap((from) => ALL.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
    if (!ALLOWED.has(`${from}→${to}`)) expect(transitionProblem(from, to, 'paid')).toBe('INVALID_TRANSITION');
  });

  it.each([
    ['pending', 'confirmed', 'pending', 'PAYMENT_REQUIRED'],
    ['pending', 'confirmed', 'authorized', null],
    ['pending', 'confirmed', 'paid', null],
    ['processing', 'shipped', 'pending', 'PAYMENT_REQUIRED'],
    ['processing', 'shipped', 'authorized', null],
    ['pending', 'cancelled', 'pending', null],
    ['shipped', 'delivered', 'paid', null],
  ] as const)('%s → %s with payment %s: %s', (from, to, payment, problem) => {
    expect(transitionProblem(from, to, payment)).toBe(problem);
  });
});

describe('transition effects', () => {
  it.each([
    // to, payment, units held → payment after, stock, unsell
    ['cancelled', 'pending', true, 'failed', 'release', true],
    ['cancelled', 'authorized', false, 'refunded', 'restore', true],
    ['cancelled', 'paid', false, 'refunded', 'restore', true],
    ['refunded', 'paid', false, 'refunded', 'none', true],
    ['shipped', 'authorized', false, 'paid', 'none', false],
    ['shipped', 'paid', false, 'paid', 'none', false],
    ['confirmed', 'authorized', false, 'authorized', 'none', false],
    ['delivered', 'paid', false, 'paid', 'none', false],
  ] as const)('→ %s (payment %s, units held %s)', (to, payment, held, after, stock, unsell) => {
    expect(transitionEffects(to, payment as PaymentStatus, held)).toEqual({ payment: after, stock, unsell });
  });
});
