/**
 * The `local` provider's steps over the customer's own data: add to cart (or wishlist), change or
 * remove a cart line, the cart summary, and order status. They resolve "the second one", "the
 * cheaper one", "it" or a product named in the message through the same tools a model would call,
 * and word the reply from the tool results only.
 */
import type { Understanding } from '../understanding/understand';
import { formatMoney } from '../tools/quote';
import { namesVariant } from '../tools/cart-tools';
import type { QuotedProduct, ToolOutput } from '../tools/tool-types';
import { stockText, type Runner, type Step } from './local-compose';

const WISHLIST = /\b(wish ?list|favou?rites|save (it|this|that|them|the \w+ one)( for later)?)\b/i;
const REMOVE = /\b(remove|delete|drop|take (it |them |that |this )?out|get rid of)\b/i;
const SET_QTY = /\b(change|update|set|make|increase|decrease|instead)\b/i;
const ORDER_NUMBER = /\b([A-Z]{2,4}(?:-[0-9A-Z]{4,6}){1,3})\b/i;

interface Failure {
  error: string;
  message?: string;
  product?: { name: string };
  options?: { id: number; name: string; stock: number }[];
}
const failureOf = (out: ToolOutput | null): Failure | null =>
  out && typeof out.data === 'object' && out.data && 'error' in out.data ? (out.data as Failure) : null;

const SIGN_IN_TEXT =
  'Please sign in to use your cart, wishlist and orders — I can still find and compare products for you.';

/** What a refusal means to the shopper, in words. */
function explain(f: Failure, what: string): string {
  switch (f.error) {
    case 'SIGN_IN_REQUIRED':
      return SIGN_IN_TEXT;
    case 'WHICH_PRODUCT':
      return 'Which product do you mean? Search first, then say e.g. "add the second one".';
    case 'VARIANT_REQUIRED': {
      const options = (f.options ?? []).map((o) => `${o.name} (${stockText(o)})`).join(', ');
      return `${f.product?.name ?? 'It'} comes in ${options}. Which one would you like? For example "add the ${f.options?.at(-1)?.name ?? ''} one".`;
    }
    case 'WHICH_LINE':
      return 'Which item of your cart? Ask "what\'s in my cart?" and then say e.g. "remove the second one".';
    case 'OUT_OF_STOCK':
    case 'PRODUCT_UNAVAILABLE':
    case 'NOT_IN_CART':
    case 'CART_EMPTY':
    case 'INVALID_QUANTITY':
    case 'CURRENCY_MISMATCH':
      return `Sorry, I couldn't ${what}: ${f.message ?? f.error}`;
    default:
      return `Sorry, I couldn't ${what} (${f.error}).`;
  }
}

/** The message without the quantity said ("add 2 of the 2-pack" names the 2-pack, not "2"). */
function withoutQuantity(text: string, quantity: number | null): string {
  if (quantity == null) return text;
  return text.replace(new RegExp(`\\b${quantity}\\b`), ' ');
}

/** The product the message points at, as tool arguments. */
function refArgs(u: Understanding) {
  return {
    position: u.entities.ordinal ?? u.reference?.ordinal ?? null,
    selector: u.entities.ordinal == null ? (u.reference?.selector ?? null) : null,
  };
}

/**
 * No position or selector, nothing in focus and several products shown: the shopper named the
 * product in words ("add the Ridgeway Ridge boot"). Search for it and take the best match.
 */
async function findNamed(scope: Parameters<Step>[0], u: Understanding, run: Runner) {
  const ref = refArgs(u);
  const pointed = ref.position != null || ref.selector != null;
  const named = u.searchWords.length > 0 || u.entities.brand != null || u.entities.category != null;
  const mem = scope.memory;
  const implicit = mem.focus != null || mem.lastResults.length === 1;
  if (pointed || !named || (implicit && u.reference != null)) return ref;
  const out = await run('search_products', {
    query: u.searchWords.join(' ') || null,
    category: u.entities.category,
    brand: u.entities.brand,
    limit: 3,
  });
  return out?.products?.length ? { position: 1, selector: null } : ref;
}

const cart: Step = async (scope, input, run) => {
  const u = input.understanding;
  const text = input.message;
  if (WISHLIST.test(text)) {
    const out = await run('add_to_wishlist', await findNamed(scope, u, run));
    const f = failureOf(out);
    if (!out) return { text: "I can't use the wishlist in this chat.", products: [] };
    if (f) return { text: explain(f, 'save it'), products: out.products ?? [] };
    const p = out.products![0]!;
    return {
      text: `Saved ${p.name} (${formatMoney(p.price, p.currency)}) to your wishlist.`,
      products: [p],
    };
  }
  if (REMOVE.test(text) || (SET_QTY.test(text) && u.entities.quantity != null)) {
    const quantity = REMOVE.test(text) ? 0 : u.entities.quantity!;
    const ref = refArgs(u);
    const out = await run('update_cart', { ...ref, quantity });
    const f = failureOf(out);
    if (!out) return { text: "I can't change your cart in this chat.", products: [] };
    if (f) return { text: explain(f, 'change your cart'), products: [] };
    const d = out.data as { changed: { name: string; variant: string; to: number }; cart: CartBrief | null };
    const name = `${d.changed.name} (${d.changed.variant})`;
    const what =
      d.changed.to === 0 ? `Removed ${name} from your cart.` : `${name} is now ${d.changed.to} in your cart.`;
    return { text: `${what} ${cartLine(d.cart)}`.trim(), products: [] };
  }
  const ref = await findNamed(scope, u, run);
  const out = await run('add_to_cart', {
    ...ref,
    color: u.entities.color,
    size: u.entities.size,
    variant: withoutQuantity(input.message, u.entities.quantity),
    quantity: u.entities.quantity,
  });
  if (!out) return { text: "I can't change your cart in this chat.", products: [] };
  return added(out);
};

interface CartBrief {
  currency: string;
  itemCount: number;
  subtotal: string;
  total: string;
  tax: string;
  shipping: string;
  discount: string;
  lines: {
    line: number;
    name: string;
    variant: string;
    quantity: number;
    unitPrice: string;
    availability: string;
  }[];
}

const cartLine = (c: CartBrief | null) =>
  c
    ? `Your cart now holds ${c.itemCount} item${c.itemCount === 1 ? '' : 's'}, subtotal ${formatMoney(c.subtotal, c.currency)}.`
    : '';

const cartSummary: Step = async (_scope, _input, run) => {
  const out = await run('get_cart_summary', {});
  const f = failureOf(out);
  if (!out) return { text: "I can't show your cart in this chat.", products: [] };
  if (f) return { text: explain(f, 'show your cart'), products: [] };
  const c = (out.data as { cart: CartBrief | { lines: []; itemCount: 0 } }).cart;
  if (c.lines.length === 0 || !('currency' in c)) return { text: 'Your cart is empty.', products: [] };
  const products: QuotedProduct[] = out.products ?? [];
  const lines = c.lines
    .map((l) => {
      const flag =
        l.availability === 'IN_STOCK' ? '' : ` (${l.availability.toLowerCase().replace(/_/g, ' ')})`;
      return `${l.line}. ${l.name} (${l.variant}) × ${l.quantity} — ${formatMoney(l.unitPrice, c.currency)} each${flag}`;
    })
    .join('\n');
  const extras = [
    c.discount !== '0.00' && `discount −${formatMoney(c.discount, c.currency)}`,
    `tax ${formatMoney(c.tax, c.currency)}`,
    `shipping ${formatMoney(c.shipping, c.currency)}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    text: `Your cart (${c.itemCount} item${c.itemCount === 1 ? '' : 's'}):\n${lines}\nSubtotal ${formatMoney(c.subtotal, c.currency)}; ${extras}; total ${formatMoney(c.total, c.currency)}.`,
    products,
  };
};

interface OrderBrief {
  number: string;
  status: string;
  paymentStatus: string;
  placedAt: string;
  total: string;
  currency: string;
  items: { name: string; quantity: number }[];
  shipment: {
    carrier: string;
    trackingNumber: string;
    latest: { status: string; location: string | null; at: string } | null;
  } | null;
}

const orderStatus: Step = async (_scope, input, run) => {
  const number = ORDER_NUMBER.exec(input.message)?.[1] ?? null;
  const out = await run('get_order_status', { orderNumber: number });
  const f = failureOf(out);
  if (!out) return { text: "I can't look up orders in this chat.", products: [] };
  if (f?.error === 'ORDER_NOT_FOUND')
    return {
      text: `I can't find order ${number!.toUpperCase()} on your account. Please check the number.`,
      products: [],
    };
  if (f) return { text: explain(f, 'look up your orders'), products: [] };
  const orders = (out.data as { orders: OrderBrief[] }).orders;
  if (orders.length === 0) return { text: "You haven't placed any orders yet.", products: [] };
  const describe = (o: OrderBrief) => {
    const items = o.items.map((i) => `${i.quantity} × ${i.name}`).join(', ');
    const s = o.shipment;
    const track = s
      ? ` Shipped with ${s.carrier} (tracking ${s.trackingNumber})${s.latest ? `; latest: ${s.latest.status.replace(/_/g, ' ')}${s.latest.location ? ` in ${s.latest.location}` : ''} on ${s.latest.at.slice(0, 10)}` : ''}.`
      : '';
    return `Order ${o.number} (placed ${o.placedAt.slice(0, 10)}): ${o.status}, payment ${o.paymentStatus}, total ${formatMoney(o.total, o.currency)} — ${items}.${track}`;
  };
  return {
    text:
      number || orders.length === 1
        ? describe(orders[0]!)
        : `Your latest orders:\n${orders.map(describe).join('\n')}`,
    products: [],
  };
};

/**
 * The answer to "which variant?": when the last add to cart waits for a variant and this message
 * names one ("the 512 GB white one", "in size 11"), the add goes on; otherwise null (the message is
 * read as usual).
 */
export async function continuePending(
  scope: Parameters<Step>[0],
  input: Parameters<Step>[1],
  run: Runner,
): Promise<Awaited<ReturnType<Step>> | null> {
  const pending = scope.memory.pending;
  const u = input.understanding;
  const pointed = u.entities.ordinal != null || u.reference?.selector != null;
  if (!pending || pointed || !['PRODUCT_SEARCH', 'FALLBACK', 'ADD_TO_CART'].includes(u.intent)) return null;
  const fit = { color: u.entities.color ?? pending.color, size: u.entities.size ?? pending.size };
  const said = { color: u.entities.color, size: u.entities.size };
  if (!(await namesVariant(scope, pending.productId, input.message, said))) return null;
  const out = await run('add_to_cart', {
    productId: pending.productId,
    ...fit,
    variant: withoutQuantity(input.message, u.entities.quantity),
    quantity: u.entities.quantity ?? pending.quantity,
  });
  return out ? added(out) : null;
}

/** The reply to an add_to_cart result. */
function added(out: ToolOutput) {
  const f = failureOf(out);
  if (f) return { text: explain(f, 'add that'), products: out.products ?? [] };
  const p = out.products![0]!;
  const d = out.data as {
    added: { quantity: number; preferredSize: string | null };
    cart: CartBrief | null;
  };
  const variant = p.variantName ? ` (${p.variantName})` : '';
  const why = d.added.preferredSize
    ? ` I picked size ${d.added.preferredSize}, the size you usually buy.`
    : '';
  return {
    text: `Added ${d.added.quantity} × ${p.name}${variant} to your cart at ${formatMoney(p.price, p.currency)} each.${why} ${cartLine(d.cart)}`.trim(),
    products: [p],
  };
}

/** The steps of the intents over customer data. */
export const CUSTOMER_STEPS = {
  ADD_TO_CART: cart,
  CART_SUMMARY: cartSummary,
  ORDER_STATUS: orderStatus,
} satisfies Partial<Record<Understanding['intent'], Step>>;
