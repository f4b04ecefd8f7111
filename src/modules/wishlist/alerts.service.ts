/**
 * Wishlist alerts (`wishlist.alerts.evaluate`): after a catalog change (a product's price or sale,
 * stock, an import, an order's units sold or released, and every 15 minutes for sale windows that
 * open on their own) the alert-enabled items of the products involved are compared with what
 * alerts last saw (alert-rules.ts). Each alert is, in one transaction: the item's claim (the
 * conditional update that makes it once per change), a `notifications` row (mailed unless the
 * customer's preferences leave email out), the `priceAlertTriggered` event for the customer and an
 * assistant message in the customer's most recent conversation.
 */
import type { Db, PrismaTx } from '../../db/prisma';
import { Prisma } from '../../generated/prisma/client';
import type { JobQueue } from '../../jobs/job-queue';
import { requireViewer } from '../../graphql/access';
import { notFound } from '../../graphql/errors';
import type { AppDeps, GraphQLContext } from '../../server/context';
import { publish } from '../../server/pubsub';
import { CURRENT_PRICE_SQL } from '../cart/cart-sql';
import { appendAssistantMessage } from '../chat/message-store';
import { queueNotification } from '../notifications/notify';
import { alertMessage, decideAlert, type AlertReason } from './alert-rules';
import { AVAILABLE_SQL, ITEM_FROM } from './wishlist-sql';
import type { PriceAlertRecord } from './wishlist.types';

/** Items read per statement. */
const PAGE = 500;

/** The topic of a customer's wishlist alerts (`priceAlertTriggered`). */
export const alertsTopic = (customerId: number) => `alerts:${customerId}`;

/** What travels on {@link alertsTopic}: the alert's notification id (subscribers load the rest). */
export interface PriceAlertEvent {
  notificationId: number;
}

interface ItemState {
  id: number;
  customerId: number;
  productId: number;
  variantId: number | null;
  savedPrice: string;
  targetPrice: string | null;
  currency: string;
  sameCurrency: boolean;
  currentPrice: string;
  available: boolean;
  stock: number;
  lastAlertedPrice: string | null;
  lastSeenAvailable: boolean | null;
  productName: string;
  productSlug: string;
}

function readItems(db: Db, after: number, productIds: number[] | undefined) {
  return db.$queryRaw<ItemState[]>`
    SELECT wi.id, w.customer_id AS "customerId", wi.product_id AS "productId", wi.variant_id AS "variantId",
      wi.saved_price::text AS "savedPrice", wi.target_price::text AS "targetPrice", trim(wi.currency) AS currency,
      trim(p.currency) = trim(wi.currency) AS "sameCurrency",
      round(${CURRENT_PRICE_SQL}, 2)::text AS "currentPrice", ${AVAILABLE_SQL} AS available,
      CASE WHEN wi.variant_id IS NULL
        THEN (SELECT coalesce(sum(greatest(x.stock_on_hand - x.stock_reserved, 0)), 0)::int
              FROM product_variants x WHERE x.product_id = p.id AND x.is_active)
        ELSE greatest(v.stock_on_hand - v.stock_reserved, 0) END AS stock,
      wi.last_alerted_price::text AS "lastAlertedPrice", wi.last_seen_available AS "lastSeenAvailable",
      p.name AS "productName", p.slug AS "productSlug"
    FROM ${ITEM_FROM}
    WHERE wi.alert_enabled AND wi.id > ${after}
      ${productIds ? Prisma.sql`AND wi.product_id = ANY(${productIds}::int[])` : Prisma.empty}
    ORDER BY wi.id LIMIT ${PAGE}`;
}

/** Watched products (an alert-enabled wishlist item) whose sale started or ended in the last `minutes`. */
export async function productsWithSaleBoundary(db: Db, minutes: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT DISTINCT p.id FROM wishlist_items wi JOIN products p ON p.id = wi.product_id
    WHERE wi.alert_enabled
      AND (p.sale_starts_at BETWEEN now() - make_interval(mins => ${minutes}) AND now()
        OR p.sale_ends_at BETWEEN now() - make_interval(mins => ${minutes}) AND now())
    ORDER BY p.id`;
  return rows.map((r) => r.id);
}

/**
 * Evaluates the alert-enabled items of `productIds` (all of them when omitted) and raises their
 * alerts. Idempotent: running it twice on the same catalog raises nothing the second time.
 */
export async function evaluateWishlistAlerts(
  deps: AppDeps,
  opts: { productIds?: number[] } = {},
): Promise<{ evaluated: number; alerts: number }> {
  const prisma = deps.db.prisma;
  let after = 0;
  let evaluated = 0;
  let alerts = 0;
  for (;;) {
    const items = await readItems(prisma, after, opts.productIds);
    if (items.length === 0) break;
    after = items.at(-1)!.id;
    evaluated += items.length;
    const seen: { id: number; available: boolean }[] = [];
    for (const item of items) {
      const decision = decideAlert(item, deps.config.WISHLIST_ALERT_DROP_PERCENT);
      if (decision.reason) {
        const raised = await prisma.$transaction((tx) => raiseAlert(tx, deps.jobs, item, decision.reason!));
        if (raised) alerts++;
      } else if (decision.seenAvailable !== item.lastSeenAvailable) {
        seen.push({ id: item.id, available: decision.seenAvailable });
      }
    }
    if (seen.length > 0)
      await prisma.$executeRaw`
        UPDATE wishlist_items wi SET last_seen_available = s.available
        FROM unnest(${seen.map((s) => s.id)}::int[], ${seen.map((s) => s.available)}::boolean[]) AS s(id, available)
        WHERE wi.id = s.id`;
    if (items.length < PAGE) break;
  }
  return { evaluated, alerts };
}

/** Email unless the customer saved preferences that leave email out (then the alert stays in the app). */
async function channelFor(tx: PrismaTx, customerId: number): Promise<'email' | 'in_app'> {
  const [pref] = await tx.$queryRaw<{ email: boolean }[]>`
    SELECT 'email' = ANY(notification_channels) AS email FROM customer_preferences WHERE customer_id = ${customerId}`;
  return !pref || pref.email ? 'email' : 'in_app';
}

/** The customer's most recent open conversation, if any. */
async function latestConversation(tx: PrismaTx, customerId: number): Promise<string | null> {
  const [c] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM conversations
    WHERE customer_id = ${customerId} AND status = 'active' AND deleted_at IS NULL
    ORDER BY last_message_at DESC NULLS LAST, created_at DESC LIMIT 1`;
  return c?.id ?? null;
}

/**
 * One alert, in the caller's transaction. The claim re-checks what the decision was based on
 * (under the row lock), so of two evaluations racing over one change only one raises the alert.
 * Returns false when the other one did.
 */
async function raiseAlert(
  tx: PrismaTx,
  jobs: JobQueue,
  item: ItemState,
  reason: AlertReason,
): Promise<boolean> {
  const claimed = await tx.$executeRaw`
    UPDATE wishlist_items SET last_alerted_at = now(), last_seen_available = true,
      last_alerted_price = CASE WHEN ${item.sameCurrency} THEN ${item.currentPrice}::numeric ELSE last_alerted_price END
    WHERE id = ${item.id} AND alert_enabled
      AND last_alerted_price IS NOT DISTINCT FROM ${item.lastAlertedPrice}::numeric
      AND last_seen_available IS NOT DISTINCT FROM ${item.lastSeenAvailable}::boolean`;
  if (claimed === 0) return false;
  const facts = {
    reason,
    productName: item.productName,
    price: item.currentPrice,
    savedPrice: item.savedPrice,
    targetPrice: item.targetPrice,
    currency: item.currency,
  };
  const conversationId = await latestConversation(tx, item.customerId);
  let messageId: number | null = null;
  if (conversationId) {
    const { message } = await appendAssistantMessage(tx, { conversationId, content: alertMessage(facts) });
    messageId = message.id;
    // The grounding ledger: the message quoted this product at this price and stock.
    await tx.$executeRaw`
      INSERT INTO message_products (message_id, product_id, position, reason, quoted_price, quoted_currency, quoted_stock, variant_id)
      VALUES (${messageId}, ${item.productId}, 0, ${`wishlist alert: ${reason}`}, ${item.currentPrice}::numeric,
        ${item.currency}, ${item.stock}, ${item.variantId}::int)`;
  }
  const notificationId = await queueNotification(tx, jobs, {
    customerId: item.customerId,
    kind: reason === 'back_in_stock' ? 'back_in_stock' : 'price_alert',
    channel: await channelFor(tx, item.customerId),
    payload: {
      ...facts,
      wishlistItemId: item.id,
      productId: item.productId,
      variantId: item.variantId,
      productSlug: item.productSlug,
      conversationId,
      messageId,
    },
  });
  await publish(tx, alertsTopic(item.customerId), { notificationId } satisfies PriceAlertEvent);
  return true;
}

/** `priceAlertTriggered` (subscribe): the signed-in customer's own alerts topic. */
export function subscribePriceAlerts(ctx: GraphQLContext) {
  const viewer = requireViewer(ctx);
  return ctx.pubsub.subscribe<PriceAlertEvent>(alertsTopic(viewer.customerId));
}

/**
 * `priceAlertTriggered` (each event): the alert as its notification row recorded it, read with
 * fresh loaders (a subscription lives long). Rows of another customer are never on this topic;
 * the check keeps it so.
 */
export async function priceAlert(ctx: GraphQLContext, event: PriceAlertEvent): Promise<PriceAlertRecord> {
  ctx.freshLoaders();
  const n = await ctx.prisma.notification.findUniqueOrThrow({ where: { id: event.notificationId } });
  if (n.customerId !== ctx.viewer?.customerId) throw notFound('Price alert');
  const p = n.payload as Record<string, unknown>;
  return {
    id: n.id,
    reason: p.reason as PriceAlertRecord['reason'],
    wishlistItemId: Number(p.wishlistItemId),
    productId: Number(p.productId),
    variantId: p.variantId == null ? null : Number(p.variantId),
    price: String(p.price),
    savedPrice: String(p.savedPrice),
    targetPrice: p.targetPrice == null ? null : String(p.targetPrice),
    currency: String(p.currency),
    triggeredAt: n.createdAt,
  };
}
