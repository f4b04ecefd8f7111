import type { CustomerRef } from './customer-factory';
import type { OrderPlan } from './order-factory';
import { DAY_MS, type ProductRef, type VariantRef, unitPriceAt } from './product-factory';
import { type Rng, WeightedSampler } from './rng';

const MINUTE_MS = 60_000;

/** Who answers a turn: what was asked for, and (after a fallback) who actually answered. */
export interface Target {
  provider: string;
  model: string;
}
const LOCAL: Target = { provider: 'local', model: 'bazaar-local-1' };
const TARGETS: [number, Target][] = [
  [70, { provider: 'openai', model: 'gpt-4o-mini' }],
  [10, { provider: 'openai', model: 'gpt-4.1-mini' }],
  [20, LOCAL],
];

export type Signal =
  'browsing' | 'product_interest' | 'price_inquiry' | 'comparison' | 'add_to_cart' | 'order_inquiry';

/** One exchange: the shopper's message, the LLM request it caused, the assistant's reply. */
export interface TurnPlan {
  userText: string;
  intent: string;
  entities: Record<string, unknown>;
  signal: { type: Signal; confidence: number; product: ProductRef | null } | null;
  at: number;
  requested: Target;
  /** null: the request failed (after retries) and the reply is the apology, status failed. */
  answered: (Target & { fallback: boolean }) | null;
  queueMs: number;
  latencyMs: number;
  firstTokenMs: number;
  promptTokens: number;
  completionTokens: number;
  replyText: string;
  replyAt: number;
  /** What the reply offered (message_products), with the price quoted. */
  offered: { product: ProductRef; variant: VariantRef; priceCents: number; reason: string }[];
  tools: { tool: string; args: Record<string, unknown>; summary: string; ms: number }[];
}

export interface ConversationPlan {
  customer: CustomerRef | null;
  channel: 'web' | 'mobile' | 'websocket';
  createdAt: number;
  turns: TurnPlan[];
  /** The order placed from this conversation (orders.conversation_id), if any. */
  orderId: number | null;
}

export interface ChatFactoryInput {
  rng: Rng;
  base: number;
  customers: CustomerRef[];
  products: ProductRef[];
  orders: OrderPlan[];
}

/** Conversations per customer (browsing), guest conversations per customer, orders that a chat led to. */
const BROWSE_SHARE = 0.3;
const GUEST_SHARE = 0.1;
const SUPPORT_SHARE = 0.15;
const PRE_PURCHASE_SHARE = 0.06;
/** Of the orders a chat led to, the share placed from the conversation itself (direct attribution). */
const DIRECT_SHARE = 0.35;

export const FAILED_REPLY =
  "Sorry, I couldn't answer that just now. Please try again in a moment — your message is saved.";
const ORDINALS = ['first', 'second', 'third'];
const ENTITIES = {
  category: null,
  brand: null,
  minPrice: null,
  maxPrice: null,
  color: null,
  size: null,
  quantity: null,
  ordinal: null,
};
const usd = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const plural = (noun: string) => (noun.endsWith('s') ? noun : `${noun}s`);

/**
 * Plans assistant conversations as the chat and assistant modules would have stored them:
 * shoppers browsing (search, details, comparisons, adding to the cart), asking where an order is
 * or about returns, guests looking around, and conversations that led to one of the seeded orders
 * (the assistant offered the product bought, hours or days before; some orders were placed from
 * the chat itself). Each shopper message is one LLM request: mostly answered, a few answered by
 * the local fallback, a few failed with the apology reply.
 */
export function planConversations(input: ChatFactoryInput): ConversationPlan[] {
  const { rng: r, base } = input;
  const products = input.products.filter((p) => p.variants.some((v) => v.isActive));
  if (products.length < 3) return [];
  const sampler = new WeightedSampler(products, (p) => p.popularity);
  const ordersOf = new Map<number, OrderPlan[]>();
  for (const o of input.orders) {
    const list = ordersOf.get(o.customer.id);
    if (list) list.push(o);
    else ordersOf.set(o.customer.id, [o]);
  }
  const plans: ConversationPlan[] = [];
  const start = (customer: CustomerRef | null, at: number, orderId: number | null = null) => {
    const plan: ConversationPlan = {
      customer,
      channel:
        customer === null
          ? 'web'
          : (['web', 'web', 'web', 'mobile', 'mobile', 'websocket'] as const)[r.int(0, 5)]!,
      createdAt: at,
      turns: [],
      orderId,
    };
    plans.push(plan);
    return plan;
  };
  const since = (c: CustomerRef | null, days: number) => Math.max(c?.createdAt ?? 0, base - days * DAY_MS);

  const browse = (c: CustomerRef | null, bought: OrderPlan | null) => {
    const from = bought ? bought.createdAt - r.logUniform(1 / 24, 5) * DAY_MS : since(c, 90);
    const at = bought ? Math.max(c?.createdAt ?? 0, from) : from + r.next() * (base - DAY_MS / 24 - from);
    if (at >= base - DAY_MS / 24 || (bought && at >= bought.createdAt)) return;
    const conv = start(c, at, bought && r.chance(DIRECT_SHARE) ? bought.id : null);
    let clock = at;
    if (r.chance(0.2)) clock = turn(conv, clock, greeting());
    const lead = bought ? bought.lines[0]!.product : sampler.draw(r);
    // Two more results, popular ones more often (drawn, not sampled: the catalog may be 100k products).
    const shown = [lead];
    for (let tries = 0; shown.length < 3 && tries < 20; tries++) {
      const p = sampler.draw(r);
      if (!shown.includes(p)) shown.push(p);
    }
    // What the shopper later bought is among the results, not always on top.
    const top = r.int(0, shown.length - 1);
    [shown[0], shown[top]] = [shown[top]!, shown[0]!];
    clock = turn(conv, clock, search(lead.noun, shown, clock));
    const pick = shown.indexOf(lead);
    if (bought || r.chance(0.6)) clock = turn(conv, clock, details(lead, pick, clock));
    if (!bought && shown.length > 1 && r.chance(0.25))
      clock = turn(conv, clock, compare(shown[0]!, shown[1]!, clock));
    if (c !== null && (bought ? r.chance(0.6) : r.chance(0.2))) turn(conv, clock, addToCart(lead, clock));
  };

  // The kinds of turn: the shopper's words, the understanding, the tools called, the reply.
  type Ask = Pick<TurnPlan, 'userText' | 'intent' | 'entities' | 'signal' | 'offered' | 'tools'> & {
    reply: string;
  };
  function quote(p: ProductRef, at: number, reason: string) {
    const variant = p.variants.find((v) => v.isActive)!;
    return { product: p, variant, priceCents: unitPriceAt(p, variant, at), reason };
  }
  /** As purchase-signal.ts scores it: the signal's weight scaled by how sure the understanding was. */
  function confidence(weight: number) {
    return Math.max(1, Math.round(Math.min(100, weight * (0.5 + r.int(55, 95) / 200))));
  }
  function greeting(): Ask {
    return {
      userText: r.pick(['Hi!', 'Hello there', 'Hey, can you help me?']),
      intent: 'GREETING',
      entities: ENTITIES,
      signal: null,
      offered: [],
      tools: [],
      reply:
        'Hi! I can help you find products, compare them, and check on your orders. What are you looking for?',
    };
  }
  function search(noun: string, shown: ProductRef[], at: number): Ask {
    const offered = shown.map((p) => quote(p, at, `matches “${noun}”`));
    const budget = r.chance(0.4)
      ? Math.ceil(Math.max(...offered.map((o) => o.priceCents)) / 1000) * 10
      : null;
    return {
      userText: budget
        ? `I'm looking for ${plural(noun)} under $${budget}`
        : `Do you have any ${plural(noun)}?`,
      intent: 'PRODUCT_SEARCH',
      entities: { ...ENTITIES, maxPrice: budget ? `${budget}.00` : null },
      signal: {
        type: budget ? 'price_inquiry' : 'browsing',
        confidence: confidence(budget ? 55 : 30),
        product: null,
      },
      offered,
      tools: [
        {
          tool: 'search_products',
          args: { query: noun, ...(budget ? { maxPrice: budget } : {}), limit: 5 },
          summary: `${offered.length} of ${offered.length + r.int(0, 40)} matching products`,
          ms: Math.round(r.logUniform(4, 90)),
        },
      ],
      reply:
        `Here are ${offered.length} ${plural(noun)} I found:\n` +
        offered.map((o, i) => `${i + 1}. ${o.product.name} — ${usd(o.priceCents)}`).join('\n') +
        '\nWould you like details on any of them?',
    };
  }
  function details(p: ProductRef, position: number, at: number): Ask {
    const q = quote(p, at, 'asked about');
    return {
      userText: `Tell me more about the ${ORDINALS[position] ?? 'last'} one`,
      intent: 'PRODUCT_SEARCH',
      entities: { ...ENTITIES, ordinal: position + 1 },
      signal: { type: 'product_interest', confidence: confidence(65), product: p },
      offered: [q],
      tools: [
        {
          tool: 'get_product_details',
          args: { position: position + 1 },
          summary: `${p.name} ${usd(q.priceCents)}`,
          ms: Math.round(r.logUniform(3, 40)),
        },
      ],
      reply: `${p.name} costs ${usd(q.priceCents)}. It is in stock and ships in 1–2 business days. Shall I add it to your cart?`,
    };
  }
  function compare(a: ProductRef, b: ProductRef, at: number): Ask {
    const [qa, qb] = [quote(a, at, 'compared'), quote(b, at, 'compared')];
    const cheaper = qa.priceCents <= qb.priceCents ? qa : qb;
    return {
      userText: 'Which is better, the first or the second?',
      intent: 'PRICE_COMPARISON',
      entities: ENTITIES,
      signal: { type: 'comparison', confidence: confidence(60), product: null },
      offered: [qa, qb],
      tools: [
        {
          tool: 'compare_products',
          args: { positions: [1, 2] },
          summary: `compared 2; cheapest ${cheaper.product.id}`,
          ms: Math.round(r.logUniform(4, 60)),
        },
      ],
      reply: `${cheaper.product.name} is the cheaper of the two at ${usd(cheaper.priceCents)}; the other has more features for the price difference.`,
    };
  }
  function addToCart(p: ProductRef, at: number): Ask {
    const q = quote(p, at, 'added to cart');
    return {
      userText: r.pick(['Add it to my cart', 'Yes, add one to my cart please']),
      intent: 'ADD_TO_CART',
      entities: { ...ENTITIES, quantity: 1 },
      signal: { type: 'add_to_cart', confidence: confidence(95), product: p },
      offered: [q],
      tools: [
        {
          tool: 'add_to_cart',
          args: { productId: p.id, quantity: 1 },
          summary: `added 1 × ${q.variant.sku}`,
          ms: Math.round(r.logUniform(8, 120)),
        },
      ],
      reply: `Done — ${p.name} is in your cart (${usd(q.priceCents)}).`,
    };
  }
  function orderStatus(o: OrderPlan, at: number): Ask {
    const now = [...o.events].reverse().find((e) => e.at <= at) ?? o.events[0]!;
    return {
      userText: `Where is my order ${o.number}?`,
      intent: 'ORDER_STATUS',
      entities: ENTITIES,
      signal: { type: 'order_inquiry', confidence: confidence(40), product: null },
      offered: [],
      tools: [
        {
          tool: 'get_order_status',
          args: { number: o.number },
          summary: now.status,
          ms: Math.round(r.logUniform(3, 30)),
        },
      ],
      reply: `Your order ${o.number} is ${now.status}: ${now.note}.`,
    };
  }
  function returns(p: ProductRef): Ask {
    return {
      userText: `Can I return the ${p.noun} if it doesn't fit?`,
      intent: 'RETURNS_WARRANTY',
      entities: ENTITIES,
      signal: null,
      offered: [],
      tools: [
        {
          tool: 'get_return_policy',
          args: { productId: p.id },
          summary: `${p.name}: 30-day returns`,
          ms: Math.round(r.logUniform(3, 30)),
        },
      ],
      reply: `Yes: ${p.name} can be returned within 30 days of delivery, unused and in its original packaging.`,
    };
  }

  /** Adds the exchange to the conversation; returns when the next message can come. */
  function turn(conv: ConversationPlan, after: number, ask: Ask): number {
    const at = after + (conv.turns.length === 0 ? 0 : r.logUniform(0.3, 4) * MINUTE_MS);
    const requested = TARGETS[r.weightedIndex(TARGETS.map((t) => t[0]))]![1];
    const failed = r.chance(0.03);
    const fallback = !failed && requested.provider !== 'local' && r.chance(0.04);
    const answered = failed
      ? null
      : fallback
        ? { ...LOCAL, fallback: true }
        : { ...requested, fallback: false };
    const remote = answered?.provider === 'openai';
    const latencyMs = Math.round(remote ? r.logUniform(700, 5000) : r.logUniform(30, 400));
    const queueMs = Math.round(r.logUniform(5, 250));
    conv.turns.push({
      userText: ask.userText,
      intent: ask.intent,
      entities: ask.entities,
      signal: ask.signal,
      at,
      requested,
      answered,
      queueMs,
      latencyMs,
      firstTokenMs: Math.round(latencyMs * r.float(0.2, 0.5)),
      promptTokens: r.int(350, 1800) + conv.turns.length * r.int(80, 300),
      completionTokens: failed ? 0 : r.int(25, 260),
      replyText: failed ? FAILED_REPLY : ask.reply,
      replyAt: at + queueMs + latencyMs,
      offered: failed ? [] : ask.offered,
      tools: failed ? [] : ask.tools,
    });
    return at + queueMs + latencyMs;
  }

  for (const c of input.customers) {
    if (r.chance(BROWSE_SHARE)) for (let k = r.int(1, 2); k > 0; k--) browse(c, null);
    const mine = ordersOf.get(c.id) ?? [];
    if (r.chance(SUPPORT_SHARE)) {
      const o = mine.length > 0 && r.chance(0.7) ? r.pick(mine) : null;
      const from = o
        ? o.createdAt + r.float(1, 10) * DAY_MS
        : since(c, 90) + r.next() * (base - since(c, 90));
      if (from < base) {
        const conv = start(c, from);
        turn(conv, from, o ? orderStatus(o, from) : returns(sampler.draw(r)));
      }
    }
  }
  for (let i = Math.round(input.customers.length * GUEST_SHARE); i > 0; i--) browse(null, null);
  for (const o of input.orders) if (r.chance(PRE_PURCHASE_SHARE)) browse(o.customer, o);
  return plans.filter((p) => p.turns.length > 0);
}
