/**
 * Delivery of one `notifications` row (the `notification.send` job): claim the attempt, load what
 * the mail shows as it is now, render, hand it to the transport, record the outcome on the row.
 */
import type { PrismaClient } from '../../db/prisma';
import type { AppDeps } from '../../server/context';
import { issueResetToken, RESET_PATH } from '../customers/reset-token';
import { MailDeliveryError, type MailTransport } from './mail-transport';
import { renderMail, type AlertReason, type MailContent } from './mail-templates';

/** The row as a delivery attempt sees it. */
interface Claimed {
  id: number;
  customerId: number;
  kind: string;
  channel: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  email: string;
  firstName: string | null;
  customerActive: boolean;
}

/** What one attempt did: `skipped` when the row was no longer pending (sent or given up before). */
export type DeliveryOutcome = 'sent' | 'failed' | 'skipped';

/** A reason not to send that no retry can fix. */
class Undeliverable extends MailDeliveryError {
  constructor(message: string) {
    super(message, true);
  }
}

/** Counts the attempt on a pending row (the row lock orders concurrent attempts); null when not pending. */
async function claim(prisma: PrismaClient, id: number): Promise<Claimed | null> {
  const [row] = await prisma.$queryRaw<Claimed[]>`
    UPDATE notifications n SET attempts = n.attempts + 1, last_attempt_at = now()
    FROM customers c
    WHERE n.id = ${id} AND n.status = 'pending' AND c.id = n.customer_id
    RETURNING n.id, n.customer_id AS "customerId", n.kind::text AS kind, n.channel::text AS channel,
      n.payload, n.created_at AS "createdAt", c.email::text AS email, c.first_name AS "firstName",
      (c.status = 'active' AND c.deleted_at IS NULL) AS "customerActive"`;
  return row ?? null;
}

const str = (v: unknown) => (v == null ? null : String(v));

async function orderPlaced(deps: AppDeps, n: Claimed, orderId: number): Promise<MailContent> {
  const order = await deps.db.prisma.order.findUnique({
    where: { id: orderId },
    include: { items: { orderBy: { id: 'asc' } } },
  });
  if (!order || order.customerId !== n.customerId) throw new Undeliverable('order not found');
  return {
    template: 'order_placed',
    firstName: n.firstName,
    number: order.number,
    lines: order.items.map((i) => ({
      name: i.variantName ? `${i.productName} (${i.variantName})` : i.productName,
      quantity: i.quantity,
      lineTotal: i.lineTotal.toFixed(2),
    })),
    total: order.total.toFixed(2),
    currency: order.currency.trim(),
    orderUrl: `${deps.config.STOREFRONT_URL}/account/orders/${encodeURIComponent(order.number)}`,
  };
}

async function orderStatus(deps: AppDeps, n: Claimed, orderId: number, status: string): Promise<MailContent> {
  const order = await deps.db.prisma.order.findUnique({
    where: { id: orderId },
    include: { shipments: { orderBy: { id: 'desc' }, take: 1 } },
  });
  if (!order || order.customerId !== n.customerId) throw new Undeliverable('order not found');
  const s = status === 'shipped' ? order.shipments[0] : undefined;
  return {
    template: 'order_status',
    firstName: n.firstName,
    number: order.number,
    status,
    shipment: s ? { carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl } : null,
    orderUrl: `${deps.config.STOREFRONT_URL}/account/orders/${encodeURIComponent(order.number)}`,
  };
}

/** The mail of a claimed row, with anything it needs made now (a reset link's token). */
async function contentOf(deps: AppDeps, n: Claimed): Promise<MailContent> {
  const p = n.payload;
  switch (n.kind) {
    case 'password_reset': {
      const ttl = deps.config.PASSWORD_RESET_TTL_MINUTES;
      // A link arriving long after it was asked for surprises more than it helps: ask again.
      if (Date.now() - n.createdAt.getTime() > ttl * 60_000)
        throw new Undeliverable('expired before delivery');
      const { token } = await issueResetToken(deps.db.prisma, {
        customerId: n.customerId,
        requestedIp: str(p.requestedIp),
        ttlMinutes: ttl,
      });
      const resetUrl = `${deps.config.STOREFRONT_URL}${RESET_PATH}?token=${encodeURIComponent(token)}`;
      return { template: 'password_reset', firstName: n.firstName, resetUrl, validMinutes: ttl };
    }
    case 'order_update':
      if (p.event === 'order_placed') return orderPlaced(deps, n, Number(p.orderId));
      if (p.event === 'status_changed') return orderStatus(deps, n, Number(p.orderId), String(p.status));
      throw new Undeliverable(`no mail for order event ${String(p.event)}`);
    case 'price_alert':
    case 'back_in_stock':
      return {
        template: 'price_alert',
        firstName: n.firstName,
        productName: String(p.productName),
        reason: p.reason as AlertReason,
        price: String(p.price),
        savedPrice: String(p.savedPrice),
        targetPrice: str(p.targetPrice),
        currency: String(p.currency),
        productUrl: `${deps.config.STOREFRONT_URL}/products/${encodeURIComponent(String(p.productSlug))}`,
      };
    default:
      throw new Undeliverable(`no mail template for ${n.kind}`);
  }
}

/**
 * Delivers notification `id` through `transport`. A failure that a retry may fix is recorded on
 * the row (error, attempts) and rethrown so pg-boss retries with back-off; a permanent one (the
 * server refused the mailbox, the customer is gone, the link would come too late) or the last
 * attempt marks the row `failed`. A row no longer pending (sent by an earlier attempt) is skipped.
 */
export async function deliverNotification(
  deps: AppDeps,
  transport: MailTransport,
  id: number,
  opts: { lastAttempt: boolean },
): Promise<DeliveryOutcome> {
  const prisma = deps.db.prisma;
  const n = await claim(prisma, id);
  if (!n) return 'skipped';
  try {
    if (n.channel !== 'email') throw new Undeliverable(`channel ${n.channel} is not delivered by mail`);
    if (!n.customerActive) throw new Undeliverable('recipient account is not active');
    const mail = renderMail(await contentOf(deps, n));
    const { messageId } = await transport.send({ to: n.email, ...mail });
    await prisma.$executeRaw`
      UPDATE notifications SET status = 'sent', sent_at = now(), error = NULL, message_id = ${messageId},
        recipient = ${n.email}
      WHERE id = ${id}`;
    deps.log.info({ notificationId: id, kind: n.kind, transport: transport.name }, 'notification sent');
    return 'sent';
  } catch (err) {
    const message = (err as Error).message.slice(0, 500);
    const giveUp = opts.lastAttempt || (err instanceof MailDeliveryError && err.permanent);
    await prisma.$executeRaw`
      UPDATE notifications SET error = ${message}, recipient = ${n.email},
        status = CASE WHEN ${giveUp} THEN 'failed' ELSE status END::notification_status
      WHERE id = ${id}`;
    deps.log.warn({ notificationId: id, kind: n.kind, error: message, giveUp }, 'notification not sent');
    if (giveUp) return 'failed';
    throw err;
  }
}
