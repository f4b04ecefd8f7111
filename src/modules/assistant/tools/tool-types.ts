import type { z } from 'zod';
import type { GraphQLContext } from '../../../server/context';

/**
 * A product as the assistant quotes it: every figure read from the database in the same statement,
 * so what the reply says and what `message_products` records (the grounding ledger) are the same.
 */
export interface QuotedProduct {
  productId: number;
  slug: string;
  name: string;
  brand: string | null;
  category: string | null;
  /** The price the shopper pays now (sale price while the sale runs), as a decimal string. */
  price: string;
  currency: string;
  /** Units available to sell (on hand minus reserved): of the fitting variant, else of all active ones. */
  stock: number;
  rating: string;
  /** The variant that fits what the shopper asked for (colour, size), when one does. */
  variantId: number | null;
  variantName: string | null;
  /** Why it was suggested (the constraints it meets). */
  reason: string | null;
}

/** What the assistant remembers between turns of one conversation (conversations.context). */
export interface ConversationMemory {
  /** Product ids of the last list shown, in the order shown ("the second one"). */
  lastResults: number[];
  /** The variant that fitted each of `lastResults` (colour/size asked for), null where none did. */
  lastVariants: (number | null)[];
  /** The last search, so "cheaper ones" or "in blue" can refine it. */
  lastSearch: Record<string, unknown> | null;
  /** The product last talked about on its own (details, added to the cart): what "it" means. */
  focus: number | null;
  /** An add to cart waiting for the shopper to pick a variant ("the 512 GB white one"). */
  pending: { productId: number; quantity: number; color: string | null; size: string | null } | null;
}

export const emptyMemory = (): ConversationMemory => ({
  lastResults: [],
  lastVariants: [],
  lastSearch: null,
  focus: null,
  pending: null,
});

const positiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;

/** The memory as stored in conversations.context.assistant, checked field by field (it is JSON). */
export function memoryFrom(stored: unknown): ConversationMemory {
  const m = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const results = Array.isArray(m.lastResults) ? m.lastResults.filter(positiveInt).slice(0, 20) : [];
  const variants = Array.isArray(m.lastVariants) ? m.lastVariants : [];
  return {
    lastResults: results,
    lastVariants: results.map((_, i) => (positiveInt(variants[i]) ? variants[i] : null)),
    lastSearch:
      m.lastSearch && typeof m.lastSearch === 'object' ? (m.lastSearch as Record<string, unknown>) : null,
    focus: positiveInt(m.focus) ? m.focus : null,
    pending: pendingFrom(m.pending),
  };
}

function pendingFrom(v: unknown): ConversationMemory['pending'] {
  const p = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x.length <= 40 ? x : null);
  return positiveInt(p.productId) && positiveInt(p.quantity)
    ? { productId: p.productId, quantity: p.quantity, color: text(p.color), size: text(p.size) }
    : null;
}

/** Remembers a list as shown (ids and fitting variants, in order). */
export function rememberList(memory: ConversationMemory, products: QuotedProduct[]): void {
  memory.lastResults = products.map((p) => p.productId);
  memory.lastVariants = products.map((p) => p.variantId);
}

/** Who the assistant acts for: always the conversation's own customer (or guest), never an argument. */
export interface ToolScope {
  ctx: GraphQLContext;
  conversationId: string | null;
  customerId: number | null;
  memory: ConversationMemory;
  /**
   * The signed-in customer's preferences (stated, and learnt from orders and wishlist), read on
   * first use in a turn; absent for guests.
   */
  preferences?: () => Promise<Preferences | null>;
}

/**
 * What the assistant knows a signed-in customer likes: their stated preferences
 * (customer_preferences) merged with what they bought and saved (orders, wishlist).
 */
export interface Preferences {
  /** Brand names, most bought first. */
  brands: string[];
  brandIds: number[];
  /** Category slugs. */
  categories: string[];
  /** Sizes they chose, most frequent first (as variants spell them). */
  sizes: string[];
  /** The price band they usually pay, as decimal strings. */
  minPrice: string | null;
  maxPrice: string | null;
  /** Where it came from, for the reply ("your past orders"). */
  sources: ('preferences' | 'orders' | 'wishlist' | 'browsing')[];
}

export interface ToolOutput {
  /** Short text for chat_activities.result_summary and the model's next step. */
  summary: string;
  /** Products the tool returned, best first (quoted from the database). */
  products?: QuotedProduct[];
  /** Structured result given to a model (JSON-serializable, small). */
  data: unknown;
}

/** One tool: a typed function over our services, described once for every provider. */
export interface ToolDef<A extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  args: A;
  /** JSON Schema of the arguments (function calling). */
  parameters: Record<string, unknown>;
  run(scope: ToolScope, args: z.infer<A>): Promise<ToolOutput>;
}

/** A tool call as recorded in chat_activities. */
export interface ToolActivity {
  tool: string;
  arguments: unknown;
  resultSummary: string;
  durationMs: number;
  status: 'succeeded' | 'failed';
  error: string | null;
}
