import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { localId, localUuid, turn } from '../fixtures/assistant.operations';
import { assistantScenario, pastOrder, type AssistantScenario } from '../fixtures/assistant.scenario';
import { startConversation } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

const MINE = `query { me {
  cart { itemCount lines(first: 20) { edges { node { quantity unitPrice { amount } variant { id } product { id } } } } }
  wishlist { items(first: 20) { edges { node { product { id } } } } }
} }`;

interface Mine {
  me: {
    cart: {
      itemCount: number;
      lines: {
        edges: {
          node: {
            quantity: number;
            unitPrice: { amount: string };
            variant: { id: string };
            product: { id: string };
          };
        }[];
      };
    } | null;
    wishlist: { items: { edges: { node: { product: { id: string } } }[] } };
  };
}

describe('customer tools in a real turn (local provider, over a WebSocket)', () => {
  let t: TestApp;
  let s: AssistantScenario;
  let alice: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    await t.listen();
    s = await assistantScenario(t.prisma);
    [alice, bob] = await Promise.all([
      signedIn(t.prisma, { firstName: 'Alice' }),
      signedIn(t.prisma, { firstName: 'Bob' }),
    ]);
  });
  afterAll(() => t.stop());

  const mine = async (who: SignedIn) => (await t.execute<Mine>(MINE, { token: who.token })).data!.me;
  const cartLines = async (who: SignedIn) =>
    ((await mine(who)).cart?.lines.edges ?? []).map((e) => ({
      product: localId(e.node.product.id),
      variant: localId(e.node.variant.id),
      quantity: e.node.quantity,
    }));
  const activities = (conv: { id: string }) =>
    t.prisma.chatActivity.findMany({ where: { conversationId: localUuid(conv.id) }, orderBy: { id: 'asc' } });

  it('"add the second one" adds the variant shown second to the viewer\'s own cart, and nobody else\'s', async () => {
    const conv = await startConversation(t, alice);
    const shown = await turn(t, alice, conv, 'boots in size 10');
    const second = shown.reply.productQuotes.find((q) => q.position === 2)!;
    expect(second.variant).not.toBeNull();

    const { reply, tokens } = await turn(t, alice, conv, 'add the second one');
    expect(reply.status).toBe('COMPLETE');
    expect(tokens.map((x) => x.text).join('')).toBe(reply.content);
    expect(reply.suggestedProducts.map((p) => p.id)).toEqual([second.product.id]);
    expect(reply.productQuotes[0]).toMatchObject({ variant: second.variant, price: second.price });
    expect(reply.content).toContain(`$${second.price.amount}`);

    expect(await cartLines(alice)).toEqual([
      { product: localId(second.product.id), variant: localId(second.variant!.id), quantity: 1 },
    ]);
    expect((await mine(bob)).cart).toBeNull();
    const calls = await activities(conv);
    expect(calls.map((a) => [a.tool, a.status])).toEqual([
      ['search_products', 'succeeded'],
      ['add_to_cart', 'succeeded'],
    ]);
    expect(calls[1]!.arguments).toMatchObject({ position: 2 });
  });

  it('"compare the two cheapest", then "add the cheaper one" asks for the variant, and "add it in size 11" adds it', async () => {
    const conv = await startConversation(t, bob);
    await turn(t, bob, conv, 'waterproof boots');
    const compared = await turn(t, bob, conv, 'compare the two cheapest');
    expect(compared.reply.suggestedProducts.map((p) => localId(p.id))).toEqual([s.summit.id, s.ridge.id]);

    const asked = await turn(t, bob, conv, 'add the cheaper one');
    // The Summit comes in two variants and nothing said which: the assistant asks, the cart stays empty.
    expect(asked.reply.content).toContain('Brown / 10');
    expect(asked.reply.content).toContain('Black / 11');
    expect(await cartLines(bob)).toEqual([]);

    const added = await turn(t, bob, conv, 'add it in size 11');
    const black11 = await t.prisma.productVariant.findFirstOrThrow({
      where: { productId: s.summit.id, name: 'Black / 11' },
    });
    expect(await cartLines(bob)).toEqual([{ product: s.summit.id, variant: black11.id, quantity: 1 }]);
    expect(added.reply.content).toContain('$109.00');
  });

  it('shows the cart, and "remove the first one" removes that line', async () => {
    const carol = await signedIn(t.prisma, { firstName: 'Carol' });
    const conv = await startConversation(t, carol);
    await turn(t, carol, conv, 'Brewmaster kettle');
    await turn(t, carol, conv, 'add 2 of the first one to my cart');
    await turn(t, carol, conv, 'running shoes');
    await turn(t, carol, conv, 'add the first one');
    expect(await cartLines(carol)).toEqual([
      expect.objectContaining({ product: s.kettle.id, quantity: 2 }),
      expect.objectContaining({ product: s.racer.id, quantity: 1 }),
    ]);

    const summary = await turn(t, carol, conv, "what's in my cart?");
    expect(summary.reply.content).toContain('$39.99');
    expect(summary.reply.content).toContain('$75.00');
    expect(summary.reply.content).toContain('$154.98'); // 2 × 39.99 + 75.00

    await turn(t, carol, conv, 'remove the first one from my cart');
    expect(await cartLines(carol)).toEqual([expect.objectContaining({ product: s.racer.id, quantity: 1 })]);
  });

  it("saves to the viewer's own wishlist", async () => {
    const dave = await signedIn(t.prisma, { firstName: 'Dave' });
    const conv = await startConversation(t, dave);
    const shown = await turn(t, dave, conv, 'Ridgeway boots');
    await turn(t, dave, conv, 'add the second one to my wishlist');
    const saved = (await mine(dave)).wishlist.items.edges.map((e) => e.node.product.id);
    expect(saved).toEqual([shown.reply.suggestedProducts[1]!.id]);
    expect((await mine(alice)).wishlist.items.edges).toEqual([]);
  });

  it("tells the viewer about their own orders only: another customer's order number answers as unknown", async () => {
    const erin = await signedIn(t.prisma, { firstName: 'Erin' });
    const frank = await signedIn(t.prisma, { firstName: 'Frank' });
    const [variant] = await t.prisma.productVariant.findMany({ where: { productId: s.ridge.id } });
    await pastOrder(t.prisma, erin.customerId, variant!, {
      price: '119.99',
      productName: s.ridge.name,
      number: 'BZ-ERIN1-00001',
    });
    await pastOrder(t.prisma, frank.customerId, variant!, {
      price: '119.99',
      productName: s.ridge.name,
      number: 'BZ-FRNK2-00002',
      status: 'delivered',
    });
    const conv = await startConversation(t, erin);
    const own = await turn(t, erin, conv, 'where is my order?');
    expect(own.reply.content).toContain('BZ-ERIN1-00001');
    expect(own.reply.content).toContain('shipped');
    expect(own.reply.content).toContain('Leipzig');
    expect(own.reply.content).not.toContain('BZ-FRNK2-00002');

    const other = await turn(t, erin, conv, 'what is the status of order BZ-FRNK2-00002?');
    expect(other.reply.content).not.toContain('delivered');
    const calls = await activities(conv);
    expect(calls.at(-1)).toMatchObject({
      tool: 'get_order_status',
      arguments: { orderNumber: 'BZ-FRNK2-00002' },
      resultSummary: 'ORDER_NOT_FOUND',
    });
  });

  it('asks a guest to sign in and changes no cart', async () => {
    const conv = await startConversation(t, null);
    await turn(t, null, conv, 'Ridgeway boots');
    const carts = await t.prisma.cart.count();
    const { reply } = await turn(t, null, conv, 'add the first one to my cart');
    expect(reply.content).toMatch(/sign in/i);
    expect(await t.prisma.cart.count()).toBe(carts);
    expect((await activities(conv)).at(-1)).toMatchObject({
      tool: 'add_to_cart',
      resultSummary: 'SIGN_IN_REQUIRED',
    });
  });

  it('ranks by what a signed-in customer bought (brand, size, price) and says so; a stated brand wins', async () => {
    const gina = await signedIn(t.prisma, { firstName: 'Gina' });
    const green9 = await t.prisma.productVariant.findFirstOrThrow({
      where: { productId: s.trek.id, name: 'Green / 9' },
    });
    await pastOrder(t.prisma, gina.customerId, green9, {
      price: '89.50',
      productName: s.trek.name,
      number: 'BZ-GINA1-00003',
      status: 'delivered',
    });
    const guest = await turn(t, null, await startConversation(t, null), 'hiking boots');
    const conv = await startConversation(t, gina);
    const { reply } = await turn(t, gina, conv, 'hiking boots');

    const top = reply.suggestedProducts.map((p) => localId(p.id));
    // Apex Trail (her brand) first: the Trekker also in her size and price range, then the Alpine.
    expect(top.slice(0, 2)).toEqual([s.trek.id, s.alpine.id]);
    expect(guest.reply.suggestedProducts.map((p) => localId(p.id)).slice(0, 2)).not.toEqual(top.slice(0, 2));
    expect(new Set(top)).toEqual(new Set(guest.reply.suggestedProducts.map((p) => localId(p.id))));
    expect(reply.content).toMatch(/ranked these for you from your past orders/);
    expect(reply.content).toContain('Apex Trail first');
    expect(reply.content).toContain('size 9');
    expect(guest.reply.content).not.toMatch(/ranked these for you/);

    // The size she buys picks the variant when nothing else says which.
    const added = await turn(t, gina, conv, 'add the first one');
    expect(await cartLines(gina)).toEqual([{ product: s.trek.id, variant: green9.id, quantity: 1 }]);
    expect(added.reply.content).toContain('size 9');

    const stated = await turn(t, gina, conv, 'Ridgeway boots');
    expect(stated.reply.suggestedProducts.every((p) => p.name.startsWith('Ridgeway'))).toBe(true);
    expect(stated.reply.content).not.toContain('Apex Trail first');
  });

  it('ranks by what a customer browsed (the affinities job) when they never bought, and says so', async () => {
    const hana = await signedIn(t.prisma, { firstName: 'Hana' });
    // What analytics.affinities.refresh writes after she viewed the Summit boot three times.
    await t.prisma.$executeRaw`
      INSERT INTO customer_product_affinities (customer_id, product_id, score, views, last_interaction_at)
      VALUES (${hana.customerId}, ${s.summit.id}, 3, 3, now())`;
    const { reply } = await turn(t, hana, await startConversation(t, hana), 'hiking boots');
    expect(reply.content).toMatch(/ranked these for you from your browsing: Ridgeway first/);
    // Her brand's boots in stock first (the search puts Apex Trail first for everyone else).
    expect(reply.suggestedProducts.slice(0, 2).map((p) => p.name.split(' ')[0])).toEqual([
      'Ridgeway',
      'Ridgeway',
    ]);
  });
});
