import type { Client as WsClient } from 'graphql-ws';
import { evaluateAlerts } from '../../src/jobs/handlers/evaluate-wishlist-alerts';
import { evaluateWishlistAlerts } from '../../src/modules/wishlist/alerts.service';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith, productGid, variantGid } from '../fixtures/cart.operations';
import { startConversation } from '../fixtures/chat.scenario';
import { checkoutCart } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startMailServer, type TestMailServer } from '../support/smtp-server';
import { startTestApp, type GqlResult, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const ADD = `mutation($input: WishlistAddInput!) { wishlistAdd(input: $input) { item { id } userErrors { code } } }`;
const PRODUCT_UPDATE = `mutation($id: ID!, $input: ProductUpdateInput!) { productUpdate(id: $id, input: $input) { userErrors { code } } }`;
const ADJUST = `mutation($input: InventoryAdjustInput!) { inventoryAdjust(input: $input) { userErrors { code } } }`;
const IMPORT = `mutation($content: String!) { catalogImport(input: { format: JSONL, content: $content }) { updated userErrors { code } } }`;
const ALERTS = `subscription { priceAlertTriggered { id reason price { amount currencyCode } savedPrice { amount }
  targetPrice { amount } product { name } variant { sku } wishlistItem { id alertEnabled } triggeredAt } }`;

interface Alert {
  id: string;
  reason: string;
  price: { amount: string; currencyCode: string };
  savedPrice: { amount: string };
  targetPrice: { amount: string } | null;
  product: { name: string };
  variant: { sku: string } | null;
  wishlistItem: { id: string; alertEnabled: boolean } | null;
}
type AlertResult = GqlResult<{ priceAlertTriggered: Alert }>;

/** Subscribes to priceAlertTriggered and collects what arrives (errors included). */
function listen(client: WsClient) {
  const results: AlertResult[] = [];
  client.subscribe<{ priceAlertTriggered: Alert }>(
    { query: ALERTS },
    {
      next: (r) => void results.push(r as AlertResult),
      error: (e) => void results.push({ errors: Array.isArray(e) ? e : [{ message: String(e) }] }),
      complete: () => undefined,
    },
  );
  return { results };
}

/**
 * Wishlist alerts end to end: catalog changes through the admin API (product update, inventory
 * adjustment, import) and a checkout that sells out a variant queue the evaluation; each alert
 * reaches the customer over a real WebSocket, by mail through a real SMTP server, and as an
 * assistant message in their most recent conversation — once per change.
 */
describe('wishlist alerts', () => {
  let mail: TestMailServer;
  let t: TestApp;
  let s: ShopScenario;
  let admin: SignedIn;
  let ann: SignedIn;
  let annEmail: string;
  let annWs: WsClient;
  let alerts: { results: AlertResult[] };
  let items: Record<string, string>;

  const run = async <T = Record<string, { userErrors: { code: string }[] }>>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ) => {
    const res = await t.execute<T>(query, { variables, token });
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const save = async (who: SignedIn, input: Record<string, unknown>) =>
    (await run<{ wishlistAdd: { item: { id: string } } }>(ADD, { input }, who.token)).wishlistAdd.item.id;
  const adjust = (variantId: number, delta: number) =>
    run(ADJUST, { input: { variantId: variantGid(variantId), delta, reason: 'restock' } }, admin.token);
  const updateProduct = (productId: number, input: Record<string, unknown>) =>
    run(PRODUCT_UPDATE, { id: productGid(productId), input }, admin.token);
  /** Waits until no wishlist.alerts.evaluate job is queued or running. */
  const evaluated = () =>
    waitFor(async () => {
      const [row] = await t.prisma.$queryRaw<{ open: number }[]>`
        SELECT count(*)::int AS open FROM pgboss.job
        WHERE name = 'wishlist.alerts.evaluate' AND state IN ('created', 'retry', 'active')`;
      return row!.open === 0;
    });
  const alertRows = (customerId: number) =>
    t.prisma.notification.findMany({
      where: { customerId, kind: { in: ['price_alert', 'back_in_stock'] } },
      orderBy: { id: 'asc' },
    });

  beforeAll(async () => {
    mail = await startMailServer();
    t = await startTestApp({
      workers: true,
      env: { SMTP_URL: mail.url, STOREFRONT_URL: 'https://shop.bazaar.test', DB_POOL_SIZE: '10' },
    });
    await t.listen();
    s = await shopScenario(t.prisma);
    admin = await signedIn(t.prisma, { role: 'admin' });
    ann = await signedIn(t.prisma, { firstName: 'Ann' });
    annEmail = (await t.prisma.customer.findUniqueOrThrow({ where: { id: ann.customerId } })).email;
    items = {
      lamp: await save(ann, { productId: productGid(s.lamp.id), targetPrice: '35.00', alertEnabled: true }),
      mug: await save(ann, { productId: productGid(s.mug.id), alertEnabled: true }),
      soldOut: await save(ann, { productId: productGid(s.soldOut.id), alertEnabled: true }),
      reader: await save(ann, { productId: productGid(s.reader.id) }), // alerts off
    };
    await startConversation(t, ann);
    await startConversation(t, ann, { title: 'Latest' });
    annWs = t.wsClient({ token: ann.token });
    alerts = listen(annWs);
    await waitFor(async () => t.app.deps.pubsub.size === 1);
  });
  afterAll(async () => {
    await t.stop();
    await mail.close();
  });

  const nextAlert = async (n: number) => {
    await waitFor(async () => alerts.results.length >= n);
    const r = alerts.results[n - 1]!;
    expect(r.errors).toBeUndefined();
    return r.data!.priceAlertTriggered;
  };

  it('a sale reaching the target price alerts once: subscription, mail, assistant message', async () => {
    await updateProduct(s.lamp.id, { salePrice: '34.00' });
    const alert = await nextAlert(1);
    expect(alert).toMatchObject({
      reason: 'TARGET_REACHED',
      price: { amount: '34.00', currencyCode: 'USD' },
      savedPrice: { amount: '40.00' },
      targetPrice: { amount: '35.00' },
      product: { name: 'Lamp' },
      variant: null,
      wishlistItem: { id: items.lamp, alertEnabled: true },
    });

    const m = await mail.waitForMail(annEmail, (x) => x.subject === 'Lamp reached your price');
    expect(m.text).toContain(
      'Lamp from your wishlist now costs 34.00 USD, at or below your target of 35.00 USD.',
    );
    expect(m.text).toContain('https://shop.bazaar.test/products/lamp');

    // In the most recent conversation, through the normal message path (sequence, ledger).
    const messages = await t.prisma.message.findMany({
      where: { conversation: { customerId: ann.customerId } },
      include: { products: true, conversation: true },
    });
    expect(messages.map((x) => [x.conversation.title, x.role, x.sequence, x.content])).toEqual([
      [
        'Latest',
        'assistant',
        1,
        'Price alert: Lamp from your wishlist now costs 34.00 USD, at or below your target of 35.00 USD.',
      ],
    ]);
    expect(messages[0]!.products.map((p) => [p.productId, p.quotedPrice?.toFixed(2), p.quotedStock])).toEqual(
      [[s.lamp.id, '34.00', 5]],
    );
    expect((await t.prisma.conversation.findFirstOrThrow({ where: { title: 'Latest' } })).lastSequence).toBe(
      1,
    );

    const [row] = await alertRows(ann.customerId);
    expect([row!.kind, row!.channel, row!.status]).toEqual(['price_alert', 'email', 'sent']);
    const item = await t.prisma.wishlistItem.findFirstOrThrow({ where: { productId: s.lamp.id } });
    expect([item.lastAlertedPrice?.toFixed(2), item.lastAlertedAt]).toEqual(['34.00', expect.any(Date)]);

    // The same price again (another change that leaves it, an evaluation of everything): nothing.
    await updateProduct(s.lamp.id, { salePrice: '36.00' });
    await updateProduct(s.lamp.id, { salePrice: '34.00' });
    await evaluated();
    expect(await evaluateWishlistAlerts(t.app.deps)).toEqual({ evaluated: 3, alerts: 0 });
    expect(await alertRows(ann.customerId)).toHaveLength(1);
    // A new low alerts again.
    await updateProduct(s.lamp.id, { salePrice: '33.00' });
    expect(await nextAlert(2)).toMatchObject({ reason: 'TARGET_REACHED', price: { amount: '33.00' } });
  });

  it('a drop beyond the threshold alerts when no target is set; a smaller one does not', async () => {
    await updateProduct(s.mug.id, { price: '11.90' }); // 4.8 % below 12.50
    await evaluated();
    expect(await alertRows(ann.customerId)).toHaveLength(2);
    await updateProduct(s.mug.id, { price: '11.25' }); // exactly 10 %
    expect(await nextAlert(3)).toMatchObject({
      reason: 'PRICE_DROP',
      price: { amount: '11.25' },
      savedPrice: { amount: '12.50' },
      targetPrice: null,
    });
    const m = await mail.waitForMail(annEmail, (x) => x.subject === 'Mug is cheaper now');
    expect(m.text).toContain('Mug from your wishlist now costs 11.25 USD (12.50 USD when you saved it).');
  });

  it('an import that lowers the price alerts again; one that changes nothing does not', async () => {
    const line = JSON.stringify({ sku: 'MUG', slug: 'mug', name: 'Mug', price: '10.00' });
    const res = await run<{ catalogImport: { updated: number; userErrors: unknown[] } }>(
      IMPORT,
      { content: line },
      admin.token,
    );
    expect(res.catalogImport).toEqual({ updated: 1, userErrors: [] });
    expect(await nextAlert(4)).toMatchObject({ reason: 'PRICE_DROP', price: { amount: '10.00' } });
    await run(IMPORT, { content: line }, admin.token);
    await evaluated();
    expect(await alertRows(ann.customerId)).toHaveLength(4);
  });

  it('restocking a sold-out item alerts back in stock; items without alerts never alert', async () => {
    await updateProduct(s.reader.id, { price: '10.00' }); // alerts off for this item
    await adjust(s.soldOut.variants[0]!.id, 3);
    expect(await nextAlert(5)).toMatchObject({ reason: 'BACK_IN_STOCK', product: { name: 'Soldout' } });
    const m = await mail.waitForMail(annEmail, (x) => x.subject === 'Soldout is back in stock');
    expect(m.text).toContain('Soldout from your wishlist is back in stock, at 9.99 USD.');
    await evaluated();
    const rows = await alertRows(ann.customerId);
    expect(rows.map((r) => [r.kind, (r.payload as { reason: string }).reason])).toEqual([
      ['price_alert', 'target_reached'],
      ['price_alert', 'target_reached'],
      ['price_alert', 'price_drop'],
      ['price_alert', 'price_drop'],
      ['back_in_stock', 'back_in_stock'],
    ]);
    const conversation = await t.prisma.conversation.findFirstOrThrow({ where: { title: 'Latest' } });
    expect(conversation.messageCount).toBe(5);
  });

  it('a checkout selling the last unit, then a restock: back in stock, kept in the app for a customer without email', async () => {
    const bob = await signedIn(t.prisma, { firstName: 'Bob' });
    await t.prisma.customerPreference.create({
      data: { customerId: bob.customerId, notificationChannels: ['push'] },
    });
    const teeM = s.tee.variants[1]!; // 2 on hand, 1 reserved: one left
    await save(bob, { productId: productGid(s.tee.id), variantId: variantGid(teeM.id), alertEnabled: true });
    const bobAlerts = listen(t.wsClient({ token: bob.token }));
    await waitFor(async () => t.app.deps.pubsub.size === 2);

    const buyer = await signedIn(t.prisma);
    const cart = await cartWith(t, [[teeM.id, 1]], buyer.token);
    expect((await checkoutCart(t, buyer.token, cart.id)).order).not.toBeNull();
    // The order's confirmation job has the item seen sold out.
    await waitFor(
      async () =>
        (await t.prisma.wishlistItem.findFirstOrThrow({ where: { variantId: teeM.id } }))
          .lastSeenAvailable === false,
    );
    await adjust(teeM.id, 2);
    await waitFor(async () => bobAlerts.results.length === 1);
    expect(bobAlerts.results[0]!.data!.priceAlertTriggered).toMatchObject({
      reason: 'BACK_IN_STOCK',
      variant: { sku: 'TEE-M' },
      price: { amount: '25.00' },
    });
    const [row] = await alertRows(bob.customerId);
    expect([row!.channel, row!.status, row!.attempts]).toEqual(['in_app', 'sent', 0]);
    expect(mail.mails.filter((m) => m.subject.startsWith('Tee'))).toEqual([]);
    // Bob has no conversation: nothing to post in, the alert still reached him.
    expect(await t.prisma.message.count({ where: { conversation: { customerId: bob.customerId } } })).toBe(0);
    // Ann's subscription heard nothing of Bob's alert.
    expect(alerts.results).toHaveLength(5);
  });

  it('the schedule evaluates the products whose sale window opened lately; all: true evaluates every item', async () => {
    await evaluated();
    // Sales set in the database with no catalog mutation to trigger an evaluation: one opened five
    // minutes ago, one two hours ago (a tick back then had its chance).
    await t.prisma.$executeRaw`
      UPDATE products SET sale_price = 5.00, sale_starts_at = now() - interval '5 minutes' WHERE id = ${s.mug.id}`;
    await t.prisma.$executeRaw`
      UPDATE products SET sale_price = 9.00, sale_starts_at = now() - interval '2 hours' WHERE id = ${s.lamp.id}`;
    const watched = await t.prisma.wishlistItem.count({ where: { alertEnabled: true } });
    const before = (await alertRows(ann.customerId)).length;

    const scheduled = await evaluateAlerts(t.app.deps, {});
    expect(scheduled).toEqual({ evaluated: 1, alerts: 1 });
    const rows = await alertRows(ann.customerId);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)!.payload).toMatchObject({ productId: s.mug.id });

    const all = await evaluateAlerts(t.app.deps, { all: true });
    expect(all).toEqual({ evaluated: watched, alerts: 1 });
    expect((await alertRows(ann.customerId)).at(-1)!.payload).toMatchObject({ productId: s.lamp.id });
  });

  it('refuses a subscription without a session', async () => {
    const anon = listen(t.wsClient());
    await waitFor(async () => anon.results.length === 1);
    expect(anon.results[0]!.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});
