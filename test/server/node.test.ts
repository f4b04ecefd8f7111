import { isObjectType, type GraphQLInterfaceType } from 'graphql';
import { toGlobalId } from '../../src/graphql/global-id';
import { NODE_FETCHERS } from '../../src/graphql/node';
import { buildSchema } from '../../src/server/schema';
import { signedIn, type SignedIn } from '../fixtures/auth.scenario';
import { cartWith, decodeUuid } from '../fixtures/cart.operations';
import { catalogScenario, type CatalogScenario } from '../fixtures/catalog.scenario';
import { sendOk, startConversation } from '../fixtures/chat.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Who = 'anonymous' | 'owner' | 'other' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'owner', 'other', 'admin'];
const OWNER_AND_ADMIN: Who[] = ['owner', 'admin'];

/** One object of a Node type: its global ID and who may see it through node(id:) (the rest get null). */
interface Case {
  type: string;
  what: string;
  make: () => Promise<{ id: string; sees: Who[] }>;
}

/**
 * `node(id:)` resolves every type that implements Node, with the same visibility as the type's own
 * query, and null — exactly as for an id that does not exist — for everyone else. The cases are
 * checked against the schema, so a new Node type without a fetcher (or without a case here) fails.
 */
describe('node(id:) for every Node type', () => {
  let t: TestApp;
  let catalog: CatalogScenario;
  const viewers = {} as Record<Exclude<Who, 'anonymous'>, SignedIn>;
  beforeAll(async () => {
    t = await startTestApp({ env: { CHAT_RATE_SENDER_PER_MINUTE: '1000' } });
    catalog = await catalogScenario(t.prisma);
    viewers.owner = await signedIn(t.prisma);
    viewers.other = await signedIn(t.prisma);
    viewers.admin = await signedIn(t.prisma, { role: 'admin' });
  });
  afterAll(() => t.stop());

  const active = () => catalog.products[0]!;
  const draft = () => catalog.draft;
  const ownerId = () => viewers.owner.customerId;
  /** A variant of the active product with a unit to sell. */
  const variant = () =>
    t.prisma.productVariant.findFirstOrThrow({
      where: { productId: active().id, isActive: true, stockOnHand: { gt: 0 }, stockReserved: 0 },
    });
  let conversation: Promise<{ id: string; uuid: string; messageId: string }> | undefined;
  /** One conversation of the owner with one message (members and a chat session come with it). */
  const ownersConversation = () =>
    (conversation ??= (async () => {
      const c = await startConversation(t, viewers.owner, { title: 'node test' });
      const m = await sendOk(t, viewers.owner, c, 'hello');
      return { id: c.id, uuid: decodeUuid(c.id), messageId: m.id };
    })());

  const CASES: Case[] = [
    {
      type: 'Category',
      what: 'an active category',
      make: async () => ({ id: toGlobalId('Category', catalog.categories.apparel.id), sees: EVERYONE }),
    },
    {
      type: 'Category',
      what: 'an inactive category',
      make: async () => ({ id: toGlobalId('Category', catalog.categories.hidden.id), sees: [] }),
    },
    {
      type: 'Brand',
      what: 'a brand',
      make: async () => ({ id: toGlobalId('Brand', catalog.brands.acme.id), sees: EVERYONE }),
    },
    {
      type: 'Product',
      what: 'an active product',
      make: async () => ({ id: toGlobalId('Product', active().id), sees: EVERYONE }),
    },
    {
      type: 'Product',
      what: 'a draft product',
      make: async () => ({ id: toGlobalId('Product', draft().id), sees: [] }),
    },
    {
      type: 'ProductVariant',
      what: 'a variant of an active product',
      make: async () => ({ id: toGlobalId('ProductVariant', (await variant()).id), sees: EVERYONE }),
    },
    {
      type: 'ProductReview',
      what: 'a review of an active product',
      make: async () => {
        const r = await t.prisma.productReview.create({
          data: { productId: active().id, customerId: ownerId(), rating: 4, title: 'Good' },
        });
        return { id: toGlobalId('ProductReview', r.id), sees: EVERYONE };
      },
    },
    {
      type: 'ProductReview',
      what: 'a review of a draft product',
      make: async () => {
        const r = await t.prisma.productReview.create({
          data: { productId: draft().id, customerId: ownerId(), rating: 2 },
        });
        return { id: toGlobalId('ProductReview', r.id), sees: [] };
      },
    },
    {
      type: 'AuditLogEntry',
      what: 'an audit entry (admins only, as auditLog)',
      make: async () => {
        const e = await t.prisma.adminAuditLog.create({
          data: {
            actorId: viewers.admin.customerId,
            action: 'customer.suspend',
            resourceType: 'Customer',
            resourceId: String(ownerId()),
          },
        });
        return { id: toGlobalId('AuditLogEntry', e.id), sees: ['admin'] };
      },
    },
    {
      type: 'Customer',
      what: 'a customer',
      make: async () => ({ id: toGlobalId('Customer', ownerId()), sees: OWNER_AND_ADMIN }),
    },
    {
      type: 'CustomerAddress',
      what: "a customer's address",
      make: async () => {
        const a = await t.prisma.customerAddress.create({
          data: {
            customerId: ownerId(),
            firstName: 'A',
            lastName: 'B',
            line1: 'Main St 1',
            city: 'Berlin',
            postalCode: '10115',
            country: 'DE',
          },
        });
        return { id: toGlobalId('CustomerAddress', a.id), sees: OWNER_AND_ADMIN };
      },
    },
    {
      type: 'CustomerIdentity',
      what: "a customer's linked identity",
      make: async () => {
        const i = await t.prisma.customerIdentity.create({
          data: { customerId: ownerId(), provider: 'whatsapp', externalId: `wa-${ownerId()}` },
        });
        return { id: toGlobalId('CustomerIdentity', i.id), sees: OWNER_AND_ADMIN };
      },
    },
    {
      type: 'CustomerSession',
      what: "a customer's live session",
      make: async () => {
        const s = await t.prisma.authSession.findFirstOrThrow({ where: { customerId: ownerId() } });
        return { id: toGlobalId('CustomerSession', s.id), sees: OWNER_AND_ADMIN };
      },
    },
    {
      type: 'Cart',
      what: "a customer's cart",
      make: async () => {
        const cart = await cartWith(t, [[(await variant()).id, 1]], viewers.owner.token);
        // As cart(id:): a customer's cart is its owner's alone, admins included.
        return { id: cart.id, sees: ['owner'] };
      },
    },
    {
      type: 'Wishlist',
      what: "a customer's wishlist",
      make: async () => ({ id: toGlobalId('Wishlist', ownerId()), sees: OWNER_AND_ADMIN }),
    },
    {
      type: 'WishlistItem',
      what: "an item of a customer's wishlist",
      make: async () => {
        const w = await t.prisma.wishlist.upsert({
          where: { customerId: ownerId() },
          create: { customerId: ownerId() },
          update: {},
        });
        const item = await t.prisma.wishlistItem.create({
          data: { wishlistId: w.id, productId: active().id, savedPrice: active().price, currency: 'EUR' },
        });
        return { id: toGlobalId('WishlistItem', item.id), sees: OWNER_AND_ADMIN };
      },
    },
    {
      type: 'Order',
      what: "a customer's order",
      make: async () => {
        const o = await t.prisma.order.create({
          data: {
            number: `BZ-NODE-${ownerId()}`,
            customerId: ownerId(),
            status: 'confirmed',
            subtotal: '10.00',
            taxTotal: '0.00',
            shippingTotal: '0.00',
            discountTotal: '0.00',
            total: '10.00',
            currency: 'EUR',
            shippingAddress: {},
          },
        });
        return { id: toGlobalId('Order', o.id), sees: OWNER_AND_ADMIN };
      },
    },
    {
      // Members only: an admin who has not joined does not see it through node(id:) either.
      type: 'Conversation',
      what: "a customer's conversation",
      make: async () => ({ id: (await ownersConversation()).id, sees: ['owner'] }),
    },
    {
      type: 'Message',
      what: 'a message of it',
      make: async () => ({ id: (await ownersConversation()).messageId, sees: ['owner'] }),
    },
    {
      type: 'ConversationMember',
      what: 'a member of it',
      make: async () => {
        const m = await t.prisma.conversationMember.findFirstOrThrow({
          where: { conversationId: (await ownersConversation()).uuid },
        });
        return { id: toGlobalId('ConversationMember', m.id), sees: ['owner'] };
      },
    },
    {
      type: 'ChatSession',
      what: 'a chat session of it',
      make: async () => {
        const s = await t.prisma.chatSession.findFirstOrThrow({
          where: { conversationId: (await ownersConversation()).uuid },
        });
        return { id: toGlobalId('ChatSession', s.id), sees: ['owner'] };
      },
    },
  ];

  // Each object is made once, by its own test or by the batch test, whichever runs first.
  const made = new Map<Case, ReturnType<Case['make']>>();
  const object = (c: Case) => made.get(c) ?? made.set(c, c.make()).get(c)!;

  it('has a case for every type that implements Node, and a fetcher for each', () => {
    const schema = buildSchema();
    const node = schema.getType('Node') as GraphQLInterfaceType;
    const implementers = schema
      .getImplementations(node)
      .objects.map((o) => o.name)
      .sort();
    expect(implementers.length).toBeGreaterThan(10);
    expect([...new Set(CASES.map((c) => c.type))].sort()).toEqual(implementers);
    expect(Object.keys(NODE_FETCHERS).sort()).toEqual(implementers);
    // Only Node types have fetchers: every fetcher's type exists and implements Node.
    for (const name of Object.keys(NODE_FETCHERS)) {
      const type = schema.getType(name);
      expect([name, isObjectType(type) && type.getInterfaces().includes(node)]).toEqual([name, true]);
    }
  });

  const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
  it.each(CASES.map((c) => [`${c.type}: ${c.what}`, c] as const))('%s', async (_name, c) => {
    const { id, sees } = await object(c);
    for (const who of EVERYONE) {
      const token = who === 'anonymous' ? null : viewers[who].token;
      const res = await t.execute<{ node: unknown }>(NODE, { token, variables: { id } });
      const expected = sees.includes(who) ? { __typename: c.type, id } : null;
      expect({ who, res }).toEqual({ who, res: { data: { node: expected } } });
    }
  });

  it('resolves a batch of every type in one nodes(ids:) as an admin, in order', async () => {
    const all = [];
    for (const c of CASES) all.push({ type: c.type, ...(await object(c)) });
    const res = await t.execute<{ nodes: unknown[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`,
      {
        token: viewers.admin.token,
        variables: { ids: all.map((m) => m.id) },
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual(
      all.map((m) => (m.sees.includes('admin') ? { __typename: m.type, id: m.id } : null)),
    );
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'ProductImage', 'Nope'])(
    'answers null for a type %s that is not a Node type',
    async (type) => {
      const res = await t.execute(NODE, {
        token: viewers.admin.token,
        variables: { id: toGlobalId(type, '1') },
      });
      expect(res).toEqual({ data: { node: null } });
    },
  );
});
