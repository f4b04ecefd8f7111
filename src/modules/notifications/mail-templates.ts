/**
 * The mails Bazaar sends, as pure functions of their data (loaded by the delivery service at send
 * time, so a mail shows the order or product as it is when it leaves). Every mail has a plain-text
 * and an HTML part with the same content; values are HTML-escaped.
 */

/** Why a wishlist item alerted (see src/modules/wishlist/alert-rules.ts). */
export type AlertReason = 'target_reached' | 'price_drop' | 'back_in_stock';

export interface OrderLineMail {
  name: string;
  quantity: number;
  lineTotal: string;
}

export type MailContent =
  | { template: 'password_reset'; firstName: string | null; resetUrl: string; validMinutes: number }
  | {
      template: 'order_placed';
      firstName: string | null;
      number: string;
      lines: OrderLineMail[];
      total: string;
      currency: string;
      orderUrl: string;
    }
  | {
      template: 'order_status';
      firstName: string | null;
      number: string;
      status: string;
      shipment: { carrier: string; trackingNumber: string; trackingUrl: string | null } | null;
      orderUrl: string;
    }
  | {
      template: 'price_alert';
      firstName: string | null;
      productName: string;
      reason: AlertReason;
      price: string;
      savedPrice: string;
      targetPrice: string | null;
      currency: string;
      productUrl: string;
    };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const SHOP = 'Bazaar';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A mail body as paragraphs; a paragraph is text, or a link shown with its URL. */
type Block = string | { link: string; label: string } | { lines: string[] };

function render(subject: string, firstName: string | null, blocks: Block[]): RenderedMail {
  const all: Block[] = [`Hello${firstName ? ` ${firstName}` : ''},`, ...blocks, `— ${SHOP}`];
  const text = all
    .map((b) =>
      typeof b === 'string'
        ? b
        : 'link' in b
          ? `${b.label}:\n${b.link}`
          : b.lines.map((l) => `  ${l}`).join('\n'),
    )
    .join('\n\n');
  const html = all
    .map((b) =>
      typeof b === 'string'
        ? `<p>${escapeHtml(b)}</p>`
        : 'link' in b
          ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`
          : `<ul>${b.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    )
    .join('\n');
  return { subject, text: `${text}\n`, html: `<!doctype html>\n<html><body>\n${html}\n</body></html>\n` };
}

const STATUS_TEXT: Record<string, string> = {
  confirmed: 'is confirmed',
  processing: 'is being prepared',
  shipped: 'is on its way',
  delivered: 'was delivered',
  cancelled: 'was cancelled',
  refunded: 'was refunded',
};

/** Subject and body of one mail. */
export function renderMail(c: MailContent): RenderedMail {
  switch (c.template) {
    case 'password_reset':
      return render(`Reset your ${SHOP} password`, c.firstName, [
        'Someone (we hope you) asked to reset the password of your account.',
        { link: c.resetUrl, label: 'Choose a new password' },
        `The link works once, within ${c.validMinutes} minutes. If you did not ask, ignore this mail: your password stays as it is.`,
      ]);
    case 'order_placed':
      return render(`Your ${SHOP} order ${c.number}`, c.firstName, [
        `Thank you for your order ${c.number}.`,
        { lines: c.lines.map((l) => `${l.quantity} × ${l.name}: ${l.lineTotal} ${c.currency}`) },
        `Total: ${c.total} ${c.currency}`,
        { link: c.orderUrl, label: 'See your order' },
      ]);
    case 'order_status': {
      const s = c.shipment;
      return render(
        `Your ${SHOP} order ${c.number} ${STATUS_TEXT[c.status] ?? `is ${c.status}`}`,
        c.firstName,
        [
          `Your order ${c.number} ${STATUS_TEXT[c.status] ?? `is now ${c.status}`}.`,
          ...(s
            ? [
                `Carrier: ${s.carrier}, tracking number ${s.trackingNumber}.`,
                ...(s.trackingUrl ? [{ link: s.trackingUrl, label: 'Track your parcel' }] : []),
              ]
            : []),
          { link: c.orderUrl, label: 'See your order' },
        ],
      );
    }
    case 'price_alert': {
      const price = `${c.price} ${c.currency}`;
      const [subject, line] =
        c.reason === 'back_in_stock'
          ? [
              `${c.productName} is back in stock`,
              `${c.productName} from your wishlist is back in stock, at ${price}.`,
            ]
          : c.reason === 'target_reached'
            ? [
                `${c.productName} reached your price`,
                `${c.productName} from your wishlist now costs ${price}, at or below your target of ${c.targetPrice} ${c.currency}.`,
              ]
            : [
                `${c.productName} is cheaper now`,
                `${c.productName} from your wishlist now costs ${price} (${c.savedPrice} ${c.currency} when you saved it).`,
              ];
      return render(subject, c.firstName, [line, { link: c.productUrl, label: 'See the product' }]);
    }
  }
}
