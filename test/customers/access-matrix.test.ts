import { toGlobalId } from '../../src/graphql/global-id';
import { customersScenario } from '../fixtures/customers.scenario';
import { startTestApp, type TestApp } from '../support/test-app';

type Scenario = Awaited<ReturnType<typeof customersScenario>>;
type Expect = { null: string } | { code: string } | { userError: [string, string] };

/**
 * Customer A (alice) tries every read and write on customer B's (bob's) data and every admin-only
 * operation. Reads of B's records answer exactly like missing ones (null / NOT_FOUND), admin
 * operations FORBIDDEN; afterwards B's data is unchanged.
 */
function matrix(s: Scenario): [string, string, Record<string, unknown>, Expect][] {
  const bobId = s.bob.id;
  const addr = toGlobalId('CustomerAddress', s.bobAddress.id);
  const ident = toGlobalId('CustomerIdentity', s.bobIdentity.id);
  const sess = toGlobalId('CustomerSession', s.bobSession.id);
  const address = { firstName: 'A', lastName: 'A', line1: 'x', city: 'y', postalCode: '1', country: 'DE' };
  return [
    ['node(Customer B)', `query($id: ID!) { node(id: $id) { id } }`, { id: bobId }, { null: 'node' }],
    ['node(B address)', `query($id: ID!) { node(id: $id) { id } }`, { id: addr }, { null: 'node' }],
    ['node(B identity)', `query($id: ID!) { node(id: $id) { id } }`, { id: ident }, { null: 'node' }],
    ['node(B session)', `query($id: ID!) { node(id: $id) { id } }`, { id: sess }, { null: 'node' }],
    [
      'nodes(B records)',
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: [bobId, addr] },
      { null: 'nodes' },
    ],
    [
      'update B address',
      `mutation($id: ID!) { customerAddressUpdate(input: { id: $id, address: { firstName: "A", lastName: "A", line1: "x", city: "y", postalCode: "1", country: "DE" } }) { address { id } } }`,
      { id: addr },
      { code: 'NOT_FOUND' },
    ],
    [
      'default B address',
      `mutation($id: ID!) { customerAddressUpdate(input: { id: $id, defaultShipping: true }) { address { id } } }`,
      { id: addr },
      { code: 'NOT_FOUND' },
    ],
    [
      'remove B address',
      `mutation($id: ID!) { customerAddressRemove(id: $id) { deletedAddressId } }`,
      { id: addr },
      { code: 'NOT_FOUND' },
    ],
    [
      'revoke B session',
      `mutation($id: ID!) { customerSessionRevoke(id: $id) { revokedSessionId } }`,
      { id: sess },
      { code: 'NOT_FOUND' },
    ],
    ['admin: customers', `{ customers(first: 5) { totalCount } }`, {}, { code: 'FORBIDDEN' }],
    [
      'admin: customer(B)',
      `query($id: ID!) { customer(id: $id) { email } }`,
      { id: bobId },
      { code: 'FORBIDDEN' },
    ],
    ['admin: auditLog', `{ auditLog(first: 5) { totalCount } }`, {}, { code: 'FORBIDDEN' }],
    [
      'admin: suspend B',
      `mutation($id: ID!) { customerSuspend(id: $id) { customer { id } } }`,
      { id: bobId },
      { code: 'FORBIDDEN' },
    ],
    [
      'admin: reactivate B',
      `mutation($id: ID!) { customerReactivate(id: $id) { customer { id } } }`,
      { id: bobId },
      { code: 'FORBIDDEN' },
    ],
    [
      'admin: link identity to B',
      `mutation($id: ID!) { customerIdentityCreate(input: { customerId: $id, provider: "x", externalId: "y" }) { identity { id } } }`,
      { id: bobId },
      { code: 'FORBIDDEN' },
    ],
    // A's own mutations never reach B: they act on the viewer only, whatever ids are passed.
    [
      'add address (to self only)',
      `mutation($a: AddressInput!) { customerAddressAdd(input: { address: $a }) { customer { id } } }`,
      { a: address },
      { userError: ['customerAddressAdd', 'self'] },
    ],
  ];
}

describe('ownership and admin access matrix', () => {
  let t: TestApp;
  let s: Scenario;
  beforeAll(async () => {
    t = await startTestApp();
    s = await customersScenario(t);
  });
  afterAll(() => t.stop());

  it('refuses customer A every read and write on customer B and every admin operation', async () => {
    const before = await snapshot(t, s.bob.localId);
    for (const [name, query, variables, expected] of matrix(s)) {
      const res = await t.execute<Record<string, unknown>>(query, { token: s.alice.token, variables });
      if ('null' in expected) {
        const v = res.data?.[expected.null];
        expect([name, res.errors, Array.isArray(v) ? v.every((x) => x === null) : v]).toEqual([
          name,
          undefined,
          Array.isArray(v) ? true : null,
        ]);
      } else if ('code' in expected) {
        expect([name, res.errors?.map((e) => e.extensions?.code)]).toEqual([name, [expected.code]]);
        // Indistinguishable from a record that does not exist.
        if (expected.code === 'NOT_FOUND') expect(res.errors![0]!.message).toMatch(/not found$/);
      } else {
        const p = res.data![expected.userError[0]] as { customer: { id: string } };
        expect([name, p.customer.id]).toEqual([name, s.alice.id]);
      }
    }
    expect(await snapshot(t, s.bob.localId)).toEqual(before);
  });

  it('answers anonymous callers UNAUTHENTICATED for account operations and null for me', async () => {
    expect((await t.execute(`{ me { id } }`)).data).toEqual({ me: null });
    for (const q of [
      `{ customerSessions { totalCount } }`,
      `{ customers { totalCount } }`,
      `mutation { customerLogout { userErrors { code } } }`,
    ]) {
      const res = await t.execute(q);
      expect([q, res.errors?.[0]?.extensions?.code]).toEqual([q, 'UNAUTHENTICATED']);
    }
  });

  it('lets the owner and an admin read B records', async () => {
    const q = `query($id: ID!) { node(id: $id) { id ... on CustomerAddress { city } } }`;
    const vars = { id: toGlobalId('CustomerAddress', s.bobAddress.id) };
    expect((await t.execute(q, { token: s.bob.token, variables: vars })).data).toEqual({
      node: { id: vars.id, city: 'Berlin' },
    });
    expect((await t.execute(q, { token: s.admin.token, variables: vars })).data).toEqual({
      node: { id: vars.id, city: 'Berlin' },
    });
  });
});

async function snapshot(t: TestApp, customerId: number) {
  return {
    customer: await t.prisma.customer.findUniqueOrThrow({
      where: { id: customerId },
      select: { status: true, firstName: true },
    }),
    addresses: await t.prisma.customerAddress.findMany({ where: { customerId } }),
    identities: await t.prisma.customerIdentity.count({ where: { customerId } }),
    liveSessions: await t.prisma.authSession.count({ where: { customerId, revokedAt: null } }),
    audit: await t.prisma.adminAuditLog.count(),
  };
}
