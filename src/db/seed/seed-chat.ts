import { createHash } from 'node:crypto';
import { type ConversationPlan, planConversations } from './chat-factory';
import { copyTable, inTransaction, json, money, reserveIds, seedUuid, withoutForeignKeys } from './copy';
import type { ActivityContext } from './seed-activity';
import { rollUp } from './seed-chat-rollup';

const HOUR_MS = 3_600_000;
/** A chat session ends after this long without a message (the app's inactivity sweep). */
const SESSION_IDLE_MS = 30 * 60_000;
/**
 * Turns above which the foreign keys are lifted during the load and validated once at the end: that
 * pays off for `npm run seed` at scale, while the DDL costs more than the per-row checks of a demo.
 */
const LIFT_FOREIGN_KEYS_ABOVE = 10_000;
/** Conversations quiet for this long are archived. */
const ARCHIVE_AFTER_MS = 60 * 24 * HOUR_MS;

const TABLES = [
  'conversations',
  'conversation_members',
  'messages',
  'chat_sessions',
  'llm_requests',
  'llm_responses',
  'message_products',
  'chat_activities',
  'purchase_intents',
];

interface Mode {
  id: number;
  slug: string;
  prompt_template: string;
  temperature: number;
  max_tokens: number;
  max_iterations: number;
  max_prompt_tokens: number;
  tools: string[];
}

/** Where each planned row's ids come from (reserved blocks, and UUIDs derived from them). */
interface Layout {
  conv: ConversationPlan;
  id: string;
  ownerMemberId: number;
  assistantMemberId: number;
  /** Id of the shopper's message of turn 0; turn t has t*2 (shopper) and t*2+1 (reply). */
  firstMessageId: number;
  /** llm_responses id of each answered turn (null when the request failed). */
  responseIds: (number | null)[];
  /** Cost of each answered turn in millionths of its currency (0 for failed ones). */
  costs: bigint[];
}

/** A row of llm_model_prices: per million tokens, in millionths (exact integers). */
interface Price {
  provider: string;
  model: string;
  input: bigint;
  output: bigint;
  currency: string;
  from: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const requestId = (userMessageId: number) => seedUuid('llm-request', userMessageId);
/** Guests' addresses, from the documentation range (TEST-NET-3). */
const guestIp = (i: number) => `203.0.113.${1 + (i % 254)}`;

/**
 * Assistant conversations (src/db/seed/chat-factory.ts) with every row a real turn writes:
 * members (owner, assistant), messages with sequences and the understanding of the shopper's
 * words, the chat session, one llm_requests row per shopper message and the llm_responses row that
 * answered it, the products offered (message_products), tool calls (chat_activities) and purchase
 * signals (purchase_intents). Each response is priced from llm_model_prices as recordResponse
 * prices it and the conversations carry the token and cost totals it keeps; an offer quotes the
 * variant's free units now. Then, in SQL: the hourly llm_usage_stats rollup of the hours touched,
 * and orders.conversation_id for the orders placed from a chat.
 */
export async function writeConversations(ctx: ActivityContext): Promise<Record<string, number>> {
  const plans = planConversations({
    rng: ctx.rng('conversations'),
    base: ctx.base,
    customers: ctx.customers,
    products: ctx.products,
    orders: ctx.orders,
  });
  if (plans.length === 0) return {};
  const { client } = ctx;
  const mode = (
    await client.query<Mode>(
      `SELECT id, slug, prompt_template, temperature, max_tokens, max_iterations, max_prompt_tokens, tools
       FROM chat_modes WHERE is_default AND is_active LIMIT 1`,
    )
  ).rows[0];
  const prices = (
    await client.query<{
      provider: string;
      model: string;
      input: string;
      output: string;
      currency: string;
      from: Date;
    }>(
      `SELECT provider, model, (input_price_per_million_tokens * 1000000)::bigint::text AS input,
              (output_price_per_million_tokens * 1000000)::bigint::text AS output, currency, effective_from AS "from"
       FROM llm_model_prices ORDER BY effective_from DESC`,
    )
  ).rows.map((p) => ({ ...p, input: BigInt(p.input), output: BigInt(p.output), from: p.from.getTime() }));
  const offered = [
    ...new Set(plans.flatMap((p) => p.turns.flatMap((t) => t.offered.map((o) => o.variant.id)))),
  ];
  const stock = new Map(
    (
      await client.query<{ id: number; free: number }>(
        `SELECT id, greatest(0, stock_on_hand - stock_reserved) AS free FROM product_variants WHERE id = ANY($1::int[])`,
        [offered],
      )
    ).rows.map((v) => [v.id, v.free]),
  );
  const turns = plans.reduce((k, p) => k + p.turns.length, 0);
  const answered = plans.reduce((k, p) => k + p.turns.filter((t) => t.answered).length, 0);
  let messageId = await reserveIds(client, 'messages', turns * 2);
  let memberId = await reserveIds(client, 'conversation_members', plans.length * 2);
  const firstResponseId = await reserveIds(client, 'llm_responses', answered);
  let responseId = firstResponseId;
  const layout: Layout[] = plans.map((conv) => {
    const l: Layout = {
      conv,
      id: seedUuid('conversation', messageId),
      ownerMemberId: memberId,
      assistantMemberId: memberId + 1,
      firstMessageId: messageId,
      responseIds: conv.turns.map((t) => (t.answered ? responseId++ : null)),
      costs: conv.turns.map((t) =>
        t.answered ? cost(prices, t.answered, t.at, t.promptTokens, t.completionTokens) : 0n,
      ),
    };
    messageId += conv.turns.length * 2;
    memberId += 2;
    return l;
  });

  const load = () => copyConversations(ctx, layout, mode, stock);
  const rows = await inTransaction(client, () =>
    turns > LIFT_FOREIGN_KEYS_ABOVE ? withoutForeignKeys(client, TABLES, load) : load(),
  );
  await rollUp(
    client,
    layout.flatMap((l) => l.conv.turns.map((t) => t.at)),
    layout.flatMap((l) =>
      l.conv.orderId !== null ? [{ orderId: l.conv.orderId, conversationId: l.id }] : [],
    ),
  );
  return rows;
}

/**
 * What recordResponse charges: the model's price in force when the request was queued (unknown
 * models cost 0), round(tokens × price per million / 1e6, 6) — in exact integer millionths.
 */
function cost(
  prices: Price[],
  who: { provider: string; model: string },
  queuedAt: number,
  prompt: number,
  completion: number,
): bigint {
  const p = prices.find((x) => x.provider === who.provider && x.model === who.model && x.from <= queuedAt);
  if (!p) return 0n;
  const scaled = BigInt(prompt) * p.input + BigInt(completion) * p.output; // millionths × 1e6
  return (scaled + 500_000n) / 1_000_000n;
}

/** Millionths as numeric(12,6) text. */
const micro = (n: bigint) => `${n / 1_000_000n}.${String(n % 1_000_000n).padStart(6, '0')}`;

async function copyConversations(
  ctx: ActivityContext,
  layout: Layout[],
  mode: Mode | undefined,
  stock: Map<number, number>,
) {
  const { client, progress } = ctx;
  const count = (f: (l: Layout) => number) => layout.reduce((k, l) => k + f(l), 0);
  const last = (l: Layout) => l.conv.turns.at(-1)!.replyAt;
  const parameters = mode
    ? json({
        mode: mode.slug,
        temperature: mode.temperature,
        maxTokens: mode.max_tokens,
        maxIterations: mode.max_iterations,
        maxPromptTokens: mode.max_prompt_tokens,
        tools: mode.tools,
      })
    : '{}';
  const rows: Record<string, number> = {};
  rows.conversations = await copyTable(
    client,
    progress,
    'conversations',
    `id customer_id guest_token_hash guest_ip channel status detected_intent chat_mode_id message_count
     last_message_at last_sequence prompt_tokens completion_tokens total_tokens total_cost created_at updated_at`,
    layout.length,
    (function* () {
      for (const [i, l] of layout.entries()) {
        const c = l.conv;
        const guest = c.customer === null;
        const n = c.turns.length * 2;
        // The running totals recordResponse keeps: answered turns only.
        const done = c.turns.filter((t) => t.answered);
        const prompt = done.reduce((k, t) => k + t.promptTokens, 0);
        const completion = done.reduce((k, t) => k + t.completionTokens, 0);
        const spent = micro(l.costs.reduce((k, x) => k + x, 0n));
        // prettier-ignore
        yield [l.id, c.customer?.id ?? null, guest ? sha256(`guest-token:${l.id}`) : null,
          guest ? guestIp(i) : null, c.channel,
          last(l) < ctx.base - ARCHIVE_AFTER_MS ? 'archived' : 'active', c.turns.at(-1)!.intent, mode?.id ?? null,
          n, new Date(last(l)), n, prompt, completion, prompt + completion, spent,
          new Date(c.createdAt), new Date(last(l))];
      }
    })(),
  );
  rows.conversation_members = await copyTable(
    client,
    progress,
    'conversation_members',
    'id conversation_id customer_id role last_read_sequence unread_count joined_at updated_at',
    layout.length * 2,
    (function* () {
      for (const l of layout) {
        const n = l.conv.turns.length * 2;
        const at = new Date(l.conv.createdAt);
        // As appendMessage leaves them: the shopper has read up to their last message, the reply is unread.
        yield [l.ownerMemberId, l.id, l.conv.customer?.id ?? null, 'owner', n - 1, 1, at, new Date(last(l))];
        yield [l.assistantMemberId, l.id, null, 'assistant', n, 0, at, new Date(last(l))];
      }
    })(),
  );
  // Shopper messages, then the requests they caused, then the replies that point at those requests:
  // in this order every foreign key holds as the rows arrive.
  const messageColumns =
    'id conversation_id role content sequence intent entities status llm_request_id member_id customer_id created_at updated_at';
  const asked = await copyTable(
    client,
    progress,
    'messages',
    messageColumns,
    count((l) => l.conv.turns.length),
    (function* () {
      for (const l of layout)
        for (const [t, turn] of l.conv.turns.entries()) {
          const at = new Date(turn.at);
          // prettier-ignore
          yield [l.firstMessageId + t * 2, l.id, 'user', turn.userText, t * 2 + 1, turn.intent, json(turn.entities),
            'complete', null, l.ownerMemberId, l.conv.customer?.id ?? null, at, at];
        }
    })(),
  );
  rows.llm_requests = await copyTable(
    client,
    progress,
    'llm_requests',
    `id provider model prompt system_prompt parameters status queued_at started_at completed_at error retry_count
     conversation_id customer_id message_id budget_key`,
    count((l) => l.conv.turns.length),
    (function* () {
      for (const [i, l] of layout.entries()) {
        const c = l.conv;
        // budgetKey(): the customer, or a hash of the guest's IP.
        const budget =
          c.customer !== null ? `customer:${c.customer.id}` : `guest:${sha256(guestIp(i)).slice(0, 32)}`;
        for (const [t, turn] of c.turns.entries()) {
          const user = l.firstMessageId + t * 2;
          const ok = turn.answered !== null;
          // prettier-ignore
          yield [requestId(user), turn.requested.provider, turn.requested.model, turn.userText,
            mode?.prompt_template ?? null, parameters, ok ? 'succeeded' : 'failed', new Date(turn.at),
            new Date(turn.at + turn.queueMs), new Date(turn.replyAt),
            ok ? null : `${turn.requested.provider}: request timed out`, ok ? 0 : 2, l.id, c.customer?.id ?? null,
            user, budget];
        }
      }
    })(),
  );
  const replied = await copyTable(
    client,
    progress,
    'messages',
    messageColumns,
    count((l) => l.conv.turns.length),
    (function* () {
      for (const l of layout)
        for (const [t, turn] of l.conv.turns.entries()) {
          const user = l.firstMessageId + t * 2;
          const at = new Date(turn.replyAt);
          // prettier-ignore
          yield [user + 1, l.id, 'assistant', turn.replyText, t * 2 + 2, null, null,
            turn.answered ? 'complete' : 'failed', requestId(user), l.assistantMemberId, null, at, at];
        }
    })(),
  );
  rows.messages = asked + replied;
  rows.llm_responses = await copyTable(
    client,
    progress,
    'llm_responses',
    `id request_id content finish_reason prompt_tokens completion_tokens total_tokens latency_ms queue_time_ms
     time_to_first_token_ms cost currency provider model fallback created_at`,
    count((l) => l.responseIds.filter((x) => x !== null).length),
    (function* () {
      for (const l of layout)
        for (const [t, turn] of l.conv.turns.entries()) {
          const a = turn.answered;
          if (!a) continue;
          // prettier-ignore
          yield [l.responseIds[t], requestId(l.firstMessageId + t * 2), turn.replyText, 'stop', turn.promptTokens,
            turn.completionTokens, turn.promptTokens + turn.completionTokens, turn.latencyMs, turn.queueMs,
            turn.firstTokenMs, micro(l.costs[t]!), 'USD', a.provider, a.model, a.fallback, new Date(turn.replyAt)];
        }
    })(),
  );
  rows.chat_sessions = await copyTable(
    client,
    progress,
    'chat_sessions',
    'conversation_id status started_at last_activity_at ended_at ended_reason first_sequence last_sequence message_count',
    layout.length,
    (function* () {
      for (const l of layout) {
        const n = l.conv.turns.length * 2;
        // prettier-ignore
        yield [l.id, 'ended', new Date(l.conv.createdAt), new Date(last(l)), new Date(last(l) + SESSION_IDLE_MS),
          'inactivity', 1, n, n];
      }
    })(),
  );
  rows.message_products = await copyTable(
    client,
    progress,
    'message_products',
    'message_id product_id position reason quoted_price quoted_currency quoted_stock variant_id created_at',
    count((l) => l.conv.turns.reduce((k, t) => k + t.offered.length, 0)),
    (function* () {
      for (const l of layout)
        for (const [t, turn] of l.conv.turns.entries())
          for (const [position, o] of turn.offered.entries()) {
            // prettier-ignore
            yield [l.firstMessageId + t * 2 + 1, o.product.id, position, o.reason, money(o.priceCents), 'USD',
              stock.get(o.variant.id) ?? 0, o.variant.id, new Date(turn.replyAt)];
          }
    })(),
  );
  rows.chat_activities = await copyTable(
    client,
    progress,
    'chat_activities',
    'conversation_id message_id llm_request_id tool arguments result_summary duration_ms status created_at',
    count((l) => l.conv.turns.reduce((k, t) => k + t.tools.length, 0)),
    (function* () {
      for (const l of layout)
        for (const [t, turn] of l.conv.turns.entries()) {
          const user = l.firstMessageId + t * 2;
          for (const x of turn.tools) {
            // prettier-ignore
            yield [l.id, user + 1, requestId(user), x.tool, json(x.args), x.summary, x.ms, 'succeeded',
              new Date(turn.at + turn.queueMs + x.ms)];
          }
        }
    })(),
  );
  rows.purchase_intents = await copyTable(
    client,
    progress,
    'purchase_intents',
    'conversation_id message_id customer_id product_id signal_type confidence details created_at',
    count((l) => l.conv.turns.filter((t) => t.signal).length),
    (function* () {
      for (const l of layout)
        for (const [t, turn] of l.conv.turns.entries()) {
          const s = turn.signal;
          if (!s) continue;
          // prettier-ignore
          yield [l.id, l.firstMessageId + t * 2, l.conv.customer?.id ?? null, s.product?.id ?? null, s.type,
            s.confidence, json({ intent: turn.intent, entities: turn.entities }), new Date(turn.at)];
        }
    })(),
  );
  return rows;
}
