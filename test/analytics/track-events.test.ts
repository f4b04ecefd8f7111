import { refreshAffinities } from '../../src/modules/analytics/affinities.service';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith, productGid, variantGid } from '../fixtures/cart.operations';
import { checkoutCart } from '../fixtures/checkout.operations';
import { shopScenario, type ShopScenario } from '../fixtures/shop.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const TRACK = `mutation($events: [StorefrontEventInput!]!, $anonymousId: String) {
  trackEvents(events: $events, anonymousId: $anonymousId) { accepted userErrors { code field } } }`;
type Tracked = { trackEvents: { accepted: number; userErrors: { code: string; field: string[] }[] } };

/**
 * trackEvents: events of signed-in and anonymous shoppers land in analytics_events in two
 * statements, refused ones come back as userErrors, the call is bounded and rate-limited; the
 * clicks give search_terms its click-through rate and the affinity job turns it all into
 * per-customer product and category scores.
 */
describe('storefront events', () => {
  let t: TestApp;
  let s: ShopScenario;
  let ann: SignedIn;
  const track = (events: Record<string, unknown>[], opts: { token?: string; anonymousId?: string } = {}) =>
    t.execute<Tracked>(TRACK, { token: opts.token, variables: { events, anonymousId: opts.anonymousId } });
  const eventsOf = (where: Record<string, unknown>) =>
    t.prisma.analyticsEvent.findMany({ where, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    t = await startTestApp();
    s = await shopScenario(t.prisma);
    ann = await signedIn(t.prisma);
  });
  afterAll(() => t.stop());

  it('records a signed-in shopper’s events with their session', async () => {
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], ann.token);
    const res = await track(
      [
        { type: 'PRODUCT_VIEWED', productId: productGid(s.lamp.id) },
        {
          type: 'SEARCH_RESULT_CLICKED',
          productId: productGid(s.mug.id),
          query: ' Coffee  MUG',
          position: 2,
        },
        {
          type: 'CART_LINE_ADDED',
          variantId: variantGid(s.tee.variants[1]!.id),
          quantity: 2,
          cartId: cart.id,
        },
        { type: 'CHECKOUT_STARTED', cartId: cart.id },
      ],
      { token: ann.token },
    );
    expect(res.data).toEqual({ trackEvents: { accepted: 4, userErrors: [] } });
    const session = await t.prisma.authSession.findFirstOrThrow({ where: { customerId: ann.customerId } });
    const rows = await eventsOf({ customerId: ann.customerId });
    const cartUuid = (await t.prisma.cart.findFirstOrThrow({ where: { customerId: ann.customerId } })).id;
    expect(rows.map((r) => [r.name, r.sessionId, r.anonymousId, r.properties])).toEqual([
      ['product_viewed', String(session.id), null, { productId: s.lamp.id }],
      [
        'search_result_clicked',
        String(session.id),
        null,
        { productId: s.mug.id, query: 'Coffee  MUG', normalizedQuery: 'coffee mug', position: 2 },
      ],
      [
        'cart_line_added',
        String(session.id),
        null,
        { productId: s.tee.id, variantId: s.tee.variants[1]!.id, quantity: 2, cartId: cartUuid },
      ],
      ['checkout_started', String(session.id), null, { cartId: cartUuid }],
    ]);
  });

  it('records anonymous events under their anonymousId in two statements, whatever the batch', async () => {
    const views = (n: number) =>
      Array.from({ length: n }, () => ({ type: 'PRODUCT_VIEWED', productId: productGid(s.reader.id) }));
    for (const n of [1, 20]) {
      const { result, statements } = await t.countStatements(() =>
        track(views(n), { anonymousId: 'anon-1' }),
      );
      expect([result.data!.trackEvents.accepted, statements]).toEqual([n, 2]);
    }
    const rows = await eventsOf({ anonymousId: 'anon-1' });
    expect(rows).toHaveLength(21);
    expect(rows.every((r) => r.customerId === null && r.sessionId === null)).toBe(true);
  });

  it('keeps the valid events of a batch and says which others were refused and why', async () => {
    const draft = productGid(s.draft.id);
    const res = await track(
      [
        { type: 'PRODUCT_VIEWED', productId: productGid(s.mug.id) },
        { type: 'PRODUCT_VIEWED', productId: draft },
        { type: 'PRODUCT_VIEWED', productId: productGid(987654) },
        { type: 'SEARCH_RESULT_CLICKED', productId: productGid(s.mug.id), query: 'mug' },
        {
          type: 'CART_LINE_ADDED',
          productId: productGid(s.mug.id),
          variantId: variantGid(s.tee.variants[0]!.id),
        },
        { type: 'CHECKOUT_STARTED', occurredAt: new Date(Date.now() - 2 * 86_400_000).toISOString() },
        { type: 'CHECKOUT_STARTED' },
      ],
      { anonymousId: 'anon-2' },
    );
    expect(res.data!.trackEvents.accepted).toBe(2);
    expect(res.data!.trackEvents.userErrors.map((e) => [e.code, e.field.join('.')])).toEqual([
      ['NOT_FOUND', 'events.1.productId'],
      ['NOT_FOUND', 'events.2.productId'],
      ['REQUIRED', 'events.3.position'],
      ['NOT_FOUND', 'events.4.variantId'],
      ['INVALID', 'events.5.occurredAt'],
    ]);
    expect((await eventsOf({ anonymousId: 'anon-2' })).map((r) => r.name)).toEqual([
      'product_viewed',
      'checkout_started',
    ]);
  });

  it('refuses oversized batches and bad anonymous ids whole', async () => {
    const before = await t.prisma.analyticsEvent.count();
    const many = Array.from({ length: 51 }, () => ({ type: 'CHECKOUT_STARTED' }));
    expect((await track(many)).data).toEqual({
      trackEvents: { accepted: 0, userErrors: [{ code: 'TOO_MANY', field: ['events'] }] },
    });
    expect((await track([{ type: 'CHECKOUT_STARTED' }], { anonymousId: 'a b' })).data).toEqual({
      trackEvents: { accepted: 0, userErrors: [{ code: 'INVALID', field: ['anonymousId'] }] },
    });
    expect(await t.prisma.analyticsEvent.count()).toBe(before);
  });

  it('rate-limits a sender past TRACK_EVENTS_PER_MINUTE; others go on', async () => {
    const limited = await startTestApp({ database: t.db, env: { TRACK_EVENTS_PER_MINUTE: '5' } });
    try {
      const bob = await signedIn(t.prisma);
      const views = (n: number) =>
        Array.from({ length: n }, () => ({ type: 'PRODUCT_VIEWED', productId: productGid(s.mug.id) }));
      const send = (token: string, n: number) =>
        limited.execute<Tracked>(TRACK, { token, variables: { events: views(n) } });
      expect((await send(bob.token, 4)).data!.trackEvents.accepted).toBe(4);
      const refused = await send(bob.token, 2);
      expect(refused.data).toBeNull();
      expect(refused.errors![0]!.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      });
      expect((await send(bob.token, 1)).data!.trackEvents.accepted).toBe(1);
      const cy = await signedIn(t.prisma);
      expect((await send(cy.token, 5)).data!.trackEvents.accepted).toBe(5);
    } finally {
      await limited.stop();
    }
  });

  it('gives search_terms its clicks and click-through rate', async () => {
    // Four searches for "coffee mug" (one written as "Coffee Mug"), one for "lamp"; one click each
    // recorded for "coffee mug" above (position 2) and here (position 4).
    await t.prisma.searchLog.createMany({
      data: [
        ...['coffee mug', 'coffee mug', 'coffee mug', 'coffee mug'].map((q) => ({
          query: q,
          normalizedQuery: q,
          resultCount: 3,
          latencyMs: 5,
          zeroResult: false,
        })),
        { query: 'lamp', normalizedQuery: 'lamp', resultCount: 1, latencyMs: 4, zeroResult: false },
      ],
    });
    await track([
      { type: 'SEARCH_RESULT_CLICKED', productId: productGid(s.mug.id), query: 'Coffee Mug', position: 4 },
    ]);
    const rows = await t.prisma.$queryRaw<unknown[]>`
      SELECT normalized_query, searches, clicks, click_through_rate::text, average_click_position::text
      FROM analytics.search_terms ORDER BY normalized_query`;
    expect(rows).toEqual([
      {
        normalized_query: 'coffee mug',
        searches: 4,
        clicks: 2,
        click_through_rate: '0.5000',
        average_click_position: '3.0',
      },
      {
        normalized_query: 'lamp',
        searches: 1,
        clicks: 0,
        click_through_rate: '0.0000',
        average_click_position: null,
      },
    ]);
  });

  it('turns events and purchases into per-customer product and category affinities', async () => {
    const home = await t.prisma.category.create({ data: { slug: 'home', name: 'Home' } });
    await t.prisma.product.updateMany({
      where: { id: { in: [s.lamp.id, s.mug.id] } },
      data: { categoryId: home.id },
    });
    const cart = await cartWith(t, [[s.mug.variants[0]!.id, 1]], ann.token);
    await checkoutCart(t, ann.token, cart.id); // a purchase: weight 8

    const first = await refreshAffinities(t.prisma);
    expect(first.customers).toBeGreaterThanOrEqual(1);
    const affinities = () =>
      t.prisma.customerProductAffinity.findMany({
        where: { customerId: ann.customerId },
        orderBy: { productId: 'asc' },
      });
    const rows = (await affinities()).map((a) => [
      a.productId,
      a.score.toFixed(2),
      a.views,
      a.searchClicks,
      a.cartAdds,
      a.purchases,
    ]);
    // Signals minutes old: decay leaves the weights (view 1, click 2, cart 4, purchase 8).
    expect(rows).toEqual(
      [
        [s.tee.id, '4.00', 0, 0, 1, 0],
        [s.mug.id, '10.00', 0, 1, 0, 1],
        [s.lamp.id, '1.00', 1, 0, 0, 0],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const categories = await t.prisma.customerCategoryAffinity.findMany({
      where: { customerId: ann.customerId },
    });
    expect(categories.map((c) => [c.categoryId, c.score.toFixed(2), c.products])).toEqual([
      [home.id, '11.00', 2],
    ]);

    // Nothing new: the same rows again (recomputed, not added up).
    await refreshAffinities(t.prisma);
    expect((await affinities()).map((a) => a.score.toFixed(2))).toEqual(rows.map((r) => r[1]));
  });

  it('links a visitor’s recent anonymous events to the customer who signs in with its anonymousId', async () => {
    const REGISTER = `mutation($input: CustomerRegisterInput!) {
      customerRegister(input: $input) { customer { id } userErrors { code field } } }`;
    const LOGIN = `mutation($input: CustomerLoginInput!) {
      customerLogin(input: $input) { customer { id } userErrors { code field } } }`;
    type Auth = { customer: { id: string } | null; userErrors: { code: string; field: string[] }[] };
    const viewed = (id: number) => [{ type: 'PRODUCT_VIEWED', productId: productGid(id) }];
    await track(viewed(s.lamp.id), { anonymousId: 'visitor-41' });
    await track([...viewed(s.mug.id), ...viewed(s.tee.id)], { anonymousId: 'visitor-41' });
    await track(viewed(s.mug.id), { anonymousId: 'visitor-99' });
    // Browsed on this device 40 days ago: too old to be the new customer's.
    await t.prisma.$executeRaw`
      INSERT INTO analytics_events (name, anonymous_id, properties, created_at)
      VALUES ('product_viewed', 'visitor-41', ${JSON.stringify({ productId: s.lamp.id })}::jsonb, now() - interval '40 days')`;

    const email = `visitor-${Date.now()}@example.test`;
    const reg = await t.execute<{ customerRegister: Auth }>(REGISTER, {
      variables: { input: { email, password: 'correct horse battery', anonymousId: 'visitor-41' } },
    });
    expect(reg.data?.customerRegister.userErrors).toEqual([]);
    const customerId = (await t.prisma.customer.findUniqueOrThrow({ where: { email } })).id;
    expect(
      (await eventsOf({ anonymousId: 'visitor-41' })).map((e) => [
        (e.properties as { productId: number }).productId,
        e.customerId,
      ]),
    ).toEqual([
      [s.lamp.id, customerId],
      [s.mug.id, customerId],
      [s.tee.id, customerId],
      [s.lamp.id, null],
    ]);
    expect((await eventsOf({ anonymousId: 'visitor-99' })).map((e) => e.customerId)).toEqual([null]);

    // Signing in again later: only what is still unlinked; a malformed id is refused, nothing signed in.
    await track(viewed(s.tee.id), { anonymousId: 'visitor-41' });
    const bad = await t.execute<{ customerLogin: Auth }>(LOGIN, {
      variables: { input: { email, password: 'correct horse battery', anonymousId: 'no spaces' } },
    });
    expect(bad.data?.customerLogin).toEqual({
      customer: null,
      userErrors: [{ code: 'INVALID', field: ['input', 'anonymousId'] }],
    });
    const login = await t.execute<{ customerLogin: Auth }>(LOGIN, {
      variables: { input: { email, password: 'correct horse battery', anonymousId: 'visitor-41' } },
    });
    expect(login.data?.customerLogin.userErrors).toEqual([]);
    expect(await t.prisma.analyticsEvent.count({ where: { customerId } })).toBe(4);
    // The next affinity refresh takes the signed-in customer's linked browsing into account.
    await refreshAffinities(t.prisma);
    const affine = await t.prisma.customerProductAffinity.findMany({ where: { customerId } });
    expect(new Set(affine.map((a) => a.productId))).toEqual(new Set([s.lamp.id, s.mug.id, s.tee.id]));

    // Browsing three days old, linked by a later sign-in: the sign-in itself brings the customer
    // into the next refresh (no new event or order would).
    await t.prisma.$executeRaw`
      INSERT INTO analytics_events (name, anonymous_id, properties, created_at)
      VALUES ('product_viewed', 'visitor-77', ${JSON.stringify({ productId: s.lamp.id })}::jsonb, now() - interval '3 days')`;
    const later = `later-${Date.now()}@example.test`;
    await t.execute(REGISTER, { variables: { input: { email: later, password: 'correct horse battery' } } });
    await refreshAffinities(t.prisma);
    await t.execute(LOGIN, {
      variables: { input: { email: later, password: 'correct horse battery', anonymousId: 'visitor-77' } },
    });
    await refreshAffinities(t.prisma);
    const laterId = (await t.prisma.customer.findUniqueOrThrow({ where: { email: later } })).id;
    expect(
      (await t.prisma.customerProductAffinity.findMany({ where: { customerId: laterId } })).map(
        (a) => a.productId,
      ),
    ).toEqual([s.lamp.id]);
  });
});
