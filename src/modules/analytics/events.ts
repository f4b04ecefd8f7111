/**
 * Storefront events as `trackEvents` receives them: what each type needs, and the row it becomes in
 * `analytics_events` (`name` and `properties`, the shape analysts and the affinity job read). Pure:
 * table-tested in events.spec.ts; whether the products exist is checked by the service.
 */
import { userError, type UserError } from '../../graphql/errors';
import { tryGlobalIntId, tryGlobalUuid } from '../../graphql/global-id';

export type StorefrontEventType =
  'PRODUCT_VIEWED' | 'SEARCH_RESULT_CLICKED' | 'CART_LINE_ADDED' | 'CHECKOUT_STARTED';

/** The `analytics_events.name` of each type. */
export const EVENT_NAMES: Record<StorefrontEventType, string> = {
  PRODUCT_VIEWED: 'product_viewed',
  SEARCH_RESULT_CLICKED: 'search_result_clicked',
  CART_LINE_ADDED: 'cart_line_added',
  CHECKOUT_STARTED: 'checkout_started',
};

/** Most events one call records. */
export const MAX_EVENTS_PER_CALL = 50;
/** How far back a client may date an event (a page left open, a batch sent late). */
export const MAX_EVENT_AGE_MS = 24 * 3_600_000;
/** Clock skew accepted for events dated in the future. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const MAX_QUERY_LENGTH = 200;
const MAX_POSITION = 1000;
const MAX_QUANTITY = 1000;

export interface StorefrontEventInput {
  type: StorefrontEventType;
  occurredAt?: Date | string | null;
  productId?: string | null;
  variantId?: string | null;
  query?: string | null;
  position?: number | null;
  cartId?: string | null;
  quantity?: number | null;
}

/** A valid event, ids decoded (the products still to be looked up). */
export interface CheckedEvent {
  index: number;
  name: string;
  occurredAt: Date;
  productId: number | null;
  variantId: number | null;
  query: string | null;
  normalizedQuery: string | null;
  position: number | null;
  cartId: string | null;
  quantity: number | null;
}

/** Search's own normalization (search_logs.normalized_query), so clicks join their searches. */
export const normalizeQuery = (q: string) => q.trim().toLowerCase().replace(/\s+/g, ' ');

const NEEDS_PRODUCT: ReadonlySet<StorefrontEventType> = new Set(['PRODUCT_VIEWED', 'SEARCH_RESULT_CLICKED']);

/** Checks one event (number `index` of the call): the event, or its userErrors (fields under `events.<index>`). */
export function checkEvent(
  e: StorefrontEventInput,
  index: number,
  now = Date.now(),
): { event: CheckedEvent } | { errors: UserError[] } {
  const field = (f: string) => ['events', String(index), f];
  const errors: UserError[] = [];
  const id = (gid: string | null | undefined, type: string, f: string) => {
    if (gid == null) return null;
    const local = tryGlobalIntId(gid, type);
    if (local === null) errors.push(userError('NOT_FOUND', `${type} not found`, field(f)));
    return local;
  };
  const productId = e.type === 'CHECKOUT_STARTED' ? null : id(e.productId, 'Product', 'productId');
  const variantId = e.type === 'CART_LINE_ADDED' ? id(e.variantId, 'ProductVariant', 'variantId') : null;
  if (NEEDS_PRODUCT.has(e.type) && e.productId == null)
    errors.push(userError('REQUIRED', 'Give the product', field('productId')));
  if (e.type === 'CART_LINE_ADDED' && e.productId == null && e.variantId == null)
    errors.push(userError('REQUIRED', 'Give the variant (or the product)', field('variantId')));

  let query: string | null = null;
  let position: number | null = null;
  if (e.type === 'SEARCH_RESULT_CLICKED') {
    query = e.query?.trim() || null;
    if (!query) errors.push(userError('REQUIRED', 'Give the search query', field('query')));
    else if (query.length > MAX_QUERY_LENGTH)
      errors.push(userError('TOO_LONG', `At most ${MAX_QUERY_LENGTH} characters`, field('query')));
    position = e.position ?? null;
    if (position === null)
      errors.push(userError('REQUIRED', 'Give the 1-based result position', field('position')));
    else if (!Number.isInteger(position) || position < 1 || position > MAX_POSITION)
      errors.push(userError('INVALID', `A position from 1 to ${MAX_POSITION}`, field('position')));
  }
  let quantity: number | null = null;
  if (e.type === 'CART_LINE_ADDED') {
    quantity = e.quantity ?? 1;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
      errors.push(userError('INVALID', `A quantity from 1 to ${MAX_QUANTITY}`, field('quantity')));
  }
  let cartId: string | null = null;
  if ((e.type === 'CART_LINE_ADDED' || e.type === 'CHECKOUT_STARTED') && e.cartId != null) {
    cartId = tryGlobalUuid(e.cartId, 'Cart');
    if (cartId === null) errors.push(userError('NOT_FOUND', 'Cart not found', field('cartId')));
  }
  const occurredAt = e.occurredAt == null ? new Date(now) : new Date(e.occurredAt);
  const t = occurredAt.getTime();
  if (Number.isNaN(t) || t < now - MAX_EVENT_AGE_MS || t > now + MAX_CLOCK_SKEW_MS)
    errors.push(userError('INVALID', 'Within the last 24 hours, not in the future', field('occurredAt')));

  if (errors.length > 0) return { errors };
  return {
    event: {
      index,
      name: EVENT_NAMES[e.type],
      occurredAt,
      productId,
      variantId,
      query,
      normalizedQuery: query === null ? null : normalizeQuery(query),
      position,
      cartId,
      quantity,
    },
  };
}

/** The `properties` stored for an event (only what it has; `categoryId` from the product looked up). */
export function eventProperties(e: CheckedEvent, productId: number | null, categoryId: number | null) {
  const p: Record<string, string | number> = {};
  if (productId !== null) p.productId = productId;
  if (e.variantId !== null) p.variantId = e.variantId;
  if (categoryId !== null) p.categoryId = categoryId;
  if (e.query !== null) p.query = e.query;
  if (e.normalizedQuery !== null) p.normalizedQuery = e.normalizedQuery;
  if (e.position !== null) p.position = e.position;
  if (e.cartId !== null) p.cartId = e.cartId;
  if (e.quantity !== null) p.quantity = e.quantity;
  return p;
}
