import { toGlobalId } from '../../src/graphql/global-id';
import { PASSWORD, customersScenario, registerCustomer } from '../fixtures/customers.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Scenario = Awaited<ReturnType<typeof customersScenario>>;

describe('admin operations, audit, and the account itself', () => {
  let t: TestApp;
  let s: Scenario;
  beforeAll(async () => {
    t = await startTestApp();
    s = await customersScenario(t);
  });
  afterAll(() => t.stop());

  it('searches and pages customers', async () => {
    const Q = `query($search: String, $after: String) { customers(search: $search, first: 2, after: $after) {
      totalCount nodes { email } pageInfo { hasNextPage endCursor } } }`;
    type R = {
      customers: {
        totalCount: number;
        nodes: { email: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const p1 = await t.execute<R>(Q, { token: s.admin.token });
    expect(p1.data!.customers.totalCount).toBe(3);
    expect(p1.data!.customers.nodes.map((n) => n.email)).toEqual(['admin@example.com', 'bob@example.com']);
    const p2 = await t.execute<R>(Q, {
      token: s.admin.token,
      variables: { after: p1.data!.customers.pageInfo.endCursor },
    });
    expect(p2.data!.customers.nodes.map((n) => n.email)).toEqual(['alice@example.com']);
    expect(p2.data!.customers.pageInfo.hasNextPage).toBe(false);
    const byName = await t.execute<R>(Q, { token: s.admin.token, variables: { search: 'bob BAKER' } });
    expect(byName.data!.customers.nodes.map((n) => n.email)).toEqual(['bob@example.com']);
    const one = await t.execute(`query($id: ID!) { customer(id: $id) { email role } }`, {
      token: s.admin.token,
      variables: { id: s.alice.id },
    });
    expect(one.data).toEqual({ customer: { email: 'alice@example.com', role: 'CUSTOMER' } });
  });

  describe('search takes %, _ and \\ literally', () => {
    const Q = `query($search: String) { customers(search: $search, first: 50) { nodes { email } } }`;
    beforeAll(async () => {
      await t.prisma.customer.createMany({
        data: [
          { email: 'per%cent@example.com', passwordHash: 'x' },
          { email: 'under_score@example.com', passwordHash: 'x' },
          { email: 'back\\slash@example.com', passwordHash: 'x' },
          { email: 'wild@example.com', passwordHash: 'x', lastName: '50%_off' },
        ],
      });
    });
    it.each([
      ['%', ['per%cent@example.com', 'wild@example.com']],
      ['_', ['under_score@example.com', 'wild@example.com']],
      ['\\', ['back\\slash@example.com']],
      ['%_', ['wild@example.com']],
      ['0%_o', ['wild@example.com']],
      // Each of these matches other customers when the characters are wildcards.
      ['a%e', []],
      ['b_b', []],
      ['\\%', []],
      ['_@', []],
      ['per%cent', ['per%cent@example.com']],
    ])('%j finds %j', async (search, emails) => {
      const res = await t.execute<{ customers: { nodes: { email: string }[] } }>(Q, {
        token: s.admin.token,
        variables: { search },
      });
      expect(res.data!.customers.nodes.map((n) => n.email).sort()).toEqual(emails);
    });
  });
  it('suspends (revoking sessions, audited in the same transaction) and reactivates', async () => {
    const victim = await registerCustomer(t, 'victim@example.com');
    const S = `mutation($id: ID!) { customerSuspend(id: $id, reason: "fraud") { customer { status } userErrors { code } } }`;
    const res = await t.execute(S, { token: s.admin.token, variables: { id: victim.id } });
    expect(res.data).toEqual({ customerSuspend: { customer: { status: 'SUSPENDED' }, userErrors: [] } });
    expect((await t.execute(`{ me { id } }`, { token: victim.token })).errors![0]!.extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    const login = await t.execute<{ customerLogin: { userErrors: { code: string }[] } }>(
      `mutation($i: CustomerLoginInput!) { customerLogin(input: $i) { userErrors { code } } }`,
      { variables: { i: { email: 'victim@example.com', password: PASSWORD } } },
    );
    expect(login.data!.customerLogin.userErrors[0]!.code).toBe('ACCOUNT_SUSPENDED');
    const self = await t.execute(S, { token: s.admin.token, variables: { id: s.admin.id } });
    expect(self.data).toMatchObject({ customerSuspend: { userErrors: [{ code: 'CANNOT_SUSPEND_SELF' }] } });

    const R = `mutation($id: ID!) { customerReactivate(id: $id) { customer { status } } }`;
    expect((await t.execute(R, { token: s.admin.token, variables: { id: victim.id } })).data).toEqual({
      customerReactivate: { customer: { status: 'ACTIVE' } },
    });

    const log = await t.execute<{ auditLog: { totalCount: number; nodes: Record<string, unknown>[] } }>(
      `query($f: AuditLogFilter) { auditLog(filter: $f, first: 10) { totalCount nodes { action resourceType resourceId before after actor { email } } } }`,
      {
        token: s.admin.token,
        variables: { f: { resourceType: 'Customer', resourceId: String(victim.localId) } },
      },
    );
    expect(log.data!.auditLog.nodes).toEqual([
      expect.objectContaining({ action: 'customer.reactivate', actor: { email: 'admin@example.com' } }),
      expect.objectContaining({
        action: 'customer.suspend',
        before: expect.objectContaining({ status: 'active' }),
        after: expect.objectContaining({ status: 'suspended', reason: 'fraud', revokedSessions: 1 }),
      }),
    ]);
    expect(JSON.stringify(log.data)).not.toMatch(/argon2|passwordHash/);
    const byAction = await t.execute<{ auditLog: { totalCount: number } }>(
      `{ auditLog(filter: { action: "customer.suspend" }) { totalCount } }`,
      { token: s.admin.token },
    );
    expect(byAction.data!.auditLog.totalCount).toBe(1);
  });

  it('links identities (admins), unique per provider id, readable by the owner', async () => {
    const C = `mutation($i: CustomerIdentityCreateInput!) { customerIdentityCreate(input: $i) { identity { provider externalId } userErrors { code } } }`;
    const input = { customerId: s.alice.id, provider: 'WhatsApp', externalId: '+4915112345' };
    const ok = await t.execute(C, { token: s.admin.token, variables: { i: input } });
    expect(ok.data).toEqual({
      customerIdentityCreate: {
        identity: { provider: 'whatsapp', externalId: '+4915112345' },
        userErrors: [],
      },
    });
    const dup = await t.execute(C, {
      token: s.admin.token,
      variables: { i: { ...input, customerId: s.bob.id } },
    });
    expect(dup.data).toMatchObject({
      customerIdentityCreate: { identity: null, userErrors: [{ code: 'IDENTITY_TAKEN' }] },
    });
    const mine = await t.execute(`{ me { identities { provider externalId } } }`, { token: s.alice.token });
    expect(mine.data).toEqual({ me: { identities: [{ provider: 'whatsapp', externalId: '+4915112345' }] } });
    expect(await t.prisma.adminAuditLog.count({ where: { action: 'customer_identity.create' } })).toBe(1);
  });

  it('updates the profile, addresses with defaults, and preferences', async () => {
    const a = await registerCustomer(t, 'profile@example.com');
    const up = await t.execute(
      `mutation { customerUpdate(input: { firstName: "Pat", dateOfBirth: "1990-05-17", acceptsMarketingEmail: true }) {
        customer { firstName dateOfBirth acceptsMarketingEmail } userErrors { code } } }`,
      { token: a.token },
    );
    expect(up.data).toEqual({
      customerUpdate: {
        customer: { firstName: 'Pat', dateOfBirth: '1990-05-17', acceptsMarketingEmail: true },
        userErrors: [],
      },
    });
    const bad = await t.execute(
      `mutation { customerUpdate(input: { dateOfBirth: "1990-02-30" }) { userErrors { code field } } }`,
      { token: a.token },
    );
    expect(bad.data).toEqual({
      customerUpdate: { userErrors: [{ code: 'INVALID_DATE', field: ['input', 'dateOfBirth'] }] },
    });

    const ADD = `mutation($i: CustomerAddressAddInput!) { customerAddressAdd(input: $i) { address { id country isDefaultShipping isDefaultBilling } userErrors { code field } } }`;
    const addr = {
      firstName: 'Pat',
      lastName: 'Lee',
      line1: '2 Side St',
      city: 'Paris',
      postalCode: '75001',
      country: 'fr',
    };
    type A = {
      customerAddressAdd: {
        address: { id: string; country: string; isDefaultShipping: boolean; isDefaultBilling: boolean };
      };
    };
    const first = await t.execute<A>(ADD, { token: a.token, variables: { i: { address: addr } } });
    expect(first.data!.customerAddressAdd.address).toMatchObject({
      country: 'FR',
      isDefaultShipping: true,
      isDefaultBilling: true,
    });
    const second = await t.execute<A>(ADD, {
      token: a.token,
      variables: { i: { address: { ...addr, city: 'Lyon' }, defaultShipping: true } },
    });
    expect(second.data!.customerAddressAdd.address).toMatchObject({
      isDefaultShipping: true,
      isDefaultBilling: false,
    });
    const invalid = await t.execute(ADD, {
      token: a.token,
      variables: { i: { address: { ...addr, country: 'France', line1: ' ' } } },
    });
    expect(invalid.data).toEqual({
      customerAddressAdd: {
        address: null,
        userErrors: [
          { code: 'BLANK', field: ['input', 'address', 'line1'] },
          { code: 'INVALID_COUNTRY', field: ['input', 'address', 'country'] },
        ],
      },
    });
    const book = `{ me { addresses { city } defaultShippingAddress { city } defaultBillingAddress { city } } }`;
    expect((await t.execute(book, { token: a.token })).data).toEqual({
      me: {
        addresses: [{ city: 'Paris' }, { city: 'Lyon' }],
        defaultShippingAddress: { city: 'Lyon' },
        defaultBillingAddress: { city: 'Paris' },
      },
    });
    await t.execute(`mutation($id: ID!) { customerAddressRemove(id: $id) { deletedAddressId } }`, {
      token: a.token,
      variables: { id: second.data!.customerAddressAdd.address.id },
    });
    expect((await t.execute(book, { token: a.token })).data).toEqual({
      me: {
        addresses: [{ city: 'Paris' }],
        defaultShippingAddress: { city: 'Paris' },
        defaultBillingAddress: { city: 'Paris' },
      },
    });

    const brand = await t.prisma.brand.create({ data: { name: 'Acme', slug: 'acme-prefs' } });
    const P = `mutation($i: CustomerPreferencesInput!) { customerPreferencesUpdate(input: $i) {
      preferences { sizes brands { name } minPrice { amount currencyCode } maxPrice { amount } notificationChannels } userErrors { code } } }`;
    const prefs = await t.execute(P, {
      token: a.token,
      variables: {
        i: {
          sizes: ['M', '42'],
          brandIds: [toGlobalId('Brand', brand.id)],
          minPrice: '10',
          maxPrice: '99.5',
          currency: 'EUR',
          notificationChannels: ['EMAIL', 'IN_APP'],
        },
      },
    });
    expect(prefs.data).toEqual({
      customerPreferencesUpdate: {
        preferences: {
          sizes: ['M', '42'],
          brands: [{ name: 'Acme' }],
          minPrice: { amount: '10.00', currencyCode: 'EUR' },
          maxPrice: { amount: '99.50' },
          notificationChannels: ['EMAIL', 'IN_APP'],
        },
        userErrors: [],
      },
    });
    const range = await t.execute(P, { token: a.token, variables: { i: { minPrice: '200' } } });
    expect(range.data).toMatchObject({
      customerPreferencesUpdate: { userErrors: [{ code: 'INVALID_PRICE_RANGE' }] },
    });
  });

  it('merges a guest cart at login: takes it over, or sums lines into the existing cart', async () => {
    const product = await t.prisma.product.create({
      data: {
        slug: 'cart-p',
        sku: 'CART-P',
        name: 'P',
        price: '5.00',
        status: 'active',
        variants: {
          create: [
            { sku: 'CART-P-1', name: 'One', stockOnHand: 10 },
            { sku: 'CART-P-2', name: 'Two', stockOnHand: 10 },
          ],
        },
      },
      include: { variants: true },
    });
    const [v1, v2] = product.variants;
    const guestCart = async (lines: [number, number][]) =>
      t.prisma.cart.create({
        data: {
          items: {
            create: lines.map(([variantId, quantity]) => ({ variantId, quantity, unitPrice: '5.00' })),
          },
        },
      });
    const LOGIN = `mutation($i: CustomerLoginInput!) { customerLogin(input: $i) { token userErrors { code } } }`;
    const c = await registerCustomer(t, 'cart@example.com');
    const g1 = await guestCart([[v1!.id, 2]]);
    await t.execute(LOGIN, {
      variables: { i: { email: c.email, password: PASSWORD, guestCartId: toGlobalId('Cart', g1.id) } },
    });
    expect(await t.prisma.cart.findUniqueOrThrow({ where: { id: g1.id } })).toMatchObject({
      customerId: c.localId,
      status: 'active',
    });

    const g2 = await guestCart([
      [v1!.id, 3],
      [v2!.id, 1],
    ]);
    await t.execute(LOGIN, {
      variables: { i: { email: c.email, password: PASSWORD, guestCartId: toGlobalId('Cart', g2.id) } },
    });
    const items = await t.prisma.cartItem.findMany({
      where: { cartId: g1.id },
      orderBy: { variantId: 'asc' },
    });
    expect(items.map((i) => [i.variantId, i.quantity])).toEqual([
      [v1!.id, 5],
      [v2!.id, 1],
    ]);
    expect(await t.prisma.cart.findUniqueOrThrow({ where: { id: g2.id } })).toMatchObject({
      status: 'merged',
      mergedIntoId: g1.id,
    });

    // Someone else's cart id is ignored, never taken over.
    const other = await registerCustomer(t, 'other-cart@example.com');
    await t.execute(LOGIN, {
      variables: { i: { email: other.email, password: PASSWORD, guestCartId: toGlobalId('Cart', g1.id) } },
    });
    expect((await t.prisma.cart.findUniqueOrThrow({ where: { id: g1.id } })).customerId).toBe(c.localId);
  });
});
