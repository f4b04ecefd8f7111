/**
 * The order lifecycle as a pure state machine: which status may follow which, what a transition
 * requires of the payment, and what it does to the payment and to stock. Services apply the
 * effects; this module only decides, so every rule is table-tested (order-state.spec.ts).
 *
 *   pending → confirmed → processing → shipped → delivered
 *      ↘          ↘           ↘           ↘          ↘
 *    cancelled  cancelled  cancelled   refunded   refunded
 */
export type OrderStatus =
  'pending' | 'confirmed' | 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';
export type PaymentStatus = 'pending' | 'authorized' | 'paid' | 'failed' | 'refunded' | 'partially_refunded';

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** Statuses from which the customer may cancel an order themselves (orderCancel). */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['pending', 'confirmed'];

export const canTransition = (from: OrderStatus, to: OrderStatus) => NEXT[from].includes(to);

/** Payment states in which money is secured (authorized or collected). */
const SECURED: readonly PaymentStatus[] = ['authorized', 'paid'];

/** What a transition does besides changing the status. */
export interface TransitionEffects {
  /** The payment status afterwards (unchanged when the same). */
  payment: PaymentStatus;
  /**
   * Stock: `release` frees units held in stock_reserved (unpaid order cancelled), `restore` puts
   * sold units back on hand (paid order cancelled before shipping), `none` leaves stock alone
   * (refunds of shipped goods come back through returns, counted by hand).
   */
  stock: 'release' | 'restore' | 'none';
  /** Units stop counting as sold (products.sold_count). */
  unsell: boolean;
}

/**
 * Decides a transition: null when it may happen, else the userError code — INVALID_TRANSITION
 * (not allowed from this status), PAYMENT_REQUIRED (confirming or shipping an unpaid order: mark
 * it paid first).
 */
export function transitionProblem(
  from: OrderStatus,
  to: OrderStatus,
  payment: PaymentStatus,
): 'INVALID_TRANSITION' | 'PAYMENT_REQUIRED' | null {
  if (!canTransition(from, to)) return 'INVALID_TRANSITION';
  if ((to === 'confirmed' || to === 'shipped') && !SECURED.includes(payment)) return 'PAYMENT_REQUIRED';
  return null;
}

/**
 * The effects of an allowed transition. `unitsHeld`: the order's units are still in
 * stock_reserved (an unpaid manual order) rather than taken from stock.
 */
export function transitionEffects(
  to: OrderStatus,
  payment: PaymentStatus,
  unitsHeld: boolean,
): TransitionEffects {
  if (to === 'cancelled')
    return {
      payment: SECURED.includes(payment) ? 'refunded' : payment === 'pending' ? 'failed' : payment,
      stock: unitsHeld ? 'release' : 'restore',
      unsell: true,
    };
  if (to === 'refunded') return { payment: 'refunded', stock: 'none', unsell: true };
  // Shipping captures an authorized payment.
  if (to === 'shipped' && payment === 'authorized') return { payment: 'paid', stock: 'none', unsell: false };
  return { payment, stock: 'none', unsell: false };
}
