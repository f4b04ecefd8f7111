import { renderMail, type MailContent } from './mail-templates';

const alert = (reason: 'target_reached' | 'price_drop' | 'back_in_stock'): MailContent => ({
  template: 'price_alert',
  firstName: null,
  productName: 'Trail <Boot>',
  reason,
  price: '79.00',
  savedPrice: '99.00',
  targetPrice: reason === 'target_reached' ? '80.00' : null,
  currency: 'USD',
  productUrl: 'https://shop.test/products/trail-boot',
});

describe('renderMail', () => {
  it.each<[MailContent, string, string]>([
    [
      {
        template: 'password_reset',
        firstName: 'Ann',
        resetUrl: 'https://s.test/r?token=a&b',
        validMinutes: 30,
      },
      'Reset your Bazaar password',
      'within 30 minutes',
    ],
    [
      {
        template: 'order_placed',
        firstName: null,
        number: 'BZ-1',
        lines: [{ name: 'Mug', quantity: 2, lineTotal: '25.00' }],
        total: '30.99',
        currency: 'USD',
        orderUrl: 'https://s.test/account/orders/BZ-1',
      },
      'Your Bazaar order BZ-1',
      '2 × Mug: 25.00 USD',
    ],
    [
      {
        template: 'order_status',
        firstName: null,
        number: 'BZ-1',
        status: 'shipped',
        shipment: { carrier: 'UPS', trackingNumber: '1Z', trackingUrl: null },
        orderUrl: 'https://s.test/o',
      },
      'Your Bazaar order BZ-1 is on its way',
      'Carrier: UPS, tracking number 1Z.',
    ],
    [
      {
        template: 'order_status',
        firstName: null,
        number: 'BZ-1',
        status: 'refunded',
        shipment: null,
        orderUrl: 'https://s.test/o',
      },
      'Your Bazaar order BZ-1 was refunded',
      'Your order BZ-1 was refunded.',
    ],
    [alert('target_reached'), 'Trail <Boot> reached your price', 'at or below your target of 80.00 USD'],
    [alert('price_drop'), 'Trail <Boot> is cheaper now', '(99.00 USD when you saved it)'],
    [alert('back_in_stock'), 'Trail <Boot> is back in stock', 'is back in stock, at 79.00 USD'],
  ])('%#: subject and text of %p', (content, subject, line) => {
    const m = renderMail(content);
    expect(m.subject).toBe(subject);
    expect(m.text).toContain(line);
    expect(m.text).toMatch(content.firstName ? `Hello ${content.firstName},` : /^Hello,/);
  });

  it('escapes values in the HTML part and keeps links', () => {
    const m = renderMail(alert('price_drop'));
    expect(m.html).toContain('Trail &lt;Boot&gt;');
    expect(m.html).not.toContain('<Boot>');
    expect(m.html).toContain('<a href="https://shop.test/products/trail-boot">');
    const reset = renderMail({
      template: 'password_reset',
      firstName: null,
      resetUrl: 'https://s.test/r?token=a&b',
      validMinutes: 30,
    });
    expect(reset.html).toContain('href="https://s.test/r?token=a&amp;b"');
    expect(reset.text).toContain('https://s.test/r?token=a&b');
  });
});
