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
  /** The last search, so "cheaper ones" or "in blue" can refine it. */
  lastSearch: Record<string, unknown> | null;
}

export const emptyMemory = (): ConversationMemory => ({ lastResults: [], lastSearch: null });

/** Who the assistant acts for: always the conversation's own customer (or guest), never an argument. */
export interface ToolScope {
  ctx: GraphQLContext;
  conversationId: string | null;
  customerId: number | null;
  memory: ConversationMemory;
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
