import type { Customer, CustomerAddress } from '../../generated/prisma/client';
import { requireOwnership, requireViewer } from '../../graphql/access';
import { notFound, userError, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { checkDateOfBirth, checkPhone, checkText } from './customer-errors';

export interface CustomerUpdateInput {
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  dateOfBirth?: string | null;
  acceptsMarketingEmail?: boolean | null;
  acceptsMarketingSms?: boolean | null;
}

/** The viewer's own account (null when anonymous). */
export function me(ctx: GraphQLContext) {
  return ctx.viewer ? ctx.loaders.customers.customerById.load(ctx.viewer.customerId) : null;
}

const blankToNull = (s: string | null | undefined) => (s == null ? s : s.trim() || null);

/** Updates the viewer's profile; omitted fields stay, null clears an optional field. */
export async function updateCustomer(
  ctx: GraphQLContext,
  input: CustomerUpdateInput,
): Promise<{ customer: Customer | null; userErrors: UserError[] }> {
  const viewer = requireViewer(ctx);
  const errors = [
    checkText(input.firstName, ['input', 'firstName'], { max: 100 }),
    checkText(input.lastName, ['input', 'lastName'], { max: 100 }),
    checkPhone(input.phone, ['input', 'phone']),
    checkDateOfBirth(input.dateOfBirth, ['input', 'dateOfBirth']),
  ].filter((e): e is UserError => e !== null);
  if (errors.length > 0) return { customer: null, userErrors: errors };
  const customer = await ctx.prisma.customer.update({
    where: { id: viewer.customerId },
    data: {
      firstName: blankToNull(input.firstName),
      lastName: blankToNull(input.lastName),
      phone: blankToNull(input.phone),
      dateOfBirth:
        input.dateOfBirth === undefined
          ? undefined
          : input.dateOfBirth && new Date(`${input.dateOfBirth}T00:00:00Z`),
      acceptsMarketingEmail: input.acceptsMarketingEmail ?? undefined,
      acceptsMarketingSms: input.acceptsMarketingSms ?? undefined,
    },
  });
  return { customer, userErrors: [] };
}

export interface AddressInput {
  firstName: string;
  lastName: string;
  line1: string;
  line2?: string | null;
  city: string;
  state?: string | null;
  postalCode: string;
  country: string;
  phone?: string | null;
}

/** Validates an AddressInput; the country is an ISO 3166-1 alpha-2 code (any case in, upper case stored). */
export function checkAddress(a: AddressInput, base: string[]): UserError[] {
  const f = (k: string) => [...base, k];
  const errors = [
    checkText(a.firstName, f('firstName'), { max: 100, required: true }),
    checkText(a.lastName, f('lastName'), { max: 100, required: true }),
    checkText(a.line1, f('line1'), { max: 200, required: true }),
    checkText(a.line2, f('line2'), { max: 200 }),
    checkText(a.city, f('city'), { max: 100, required: true }),
    checkText(a.state, f('state'), { max: 100 }),
    checkText(a.postalCode, f('postalCode'), { max: 20, required: true }),
    checkPhone(a.phone, f('phone')),
  ].filter((e): e is UserError => e !== null);
  if (!/^[A-Za-z]{2}$/.test(a.country.trim())) {
    errors.push(userError('INVALID_COUNTRY', 'Use a two-letter ISO country code, e.g. DE', f('country')));
  }
  return errors;
}

/** An AddressInput trimmed, blanks as null, the country upper-cased: how addresses are stored (and snapshotted on orders). */
export const addressData = (a: AddressInput) => ({
  firstName: a.firstName.trim(),
  lastName: a.lastName.trim(),
  line1: a.line1.trim(),
  line2: blankToNull(a.line2) ?? null,
  city: a.city.trim(),
  state: blankToNull(a.state) ?? null,
  postalCode: a.postalCode.trim(),
  country: a.country.trim().toUpperCase(),
  phone: blankToNull(a.phone) ?? null,
});

export const MAX_ADDRESSES = 50;

export type AddressResult = {
  address: CustomerAddress | null;
  customerId: number | null;
  userErrors: UserError[];
};

/** Adds an address to the viewer's book; the first one becomes the default for shipping and billing. */
export async function addAddress(
  ctx: GraphQLContext,
  input: { address: AddressInput; defaultShipping?: boolean | null; defaultBilling?: boolean | null },
): Promise<AddressResult> {
  const viewer = requireViewer(ctx);
  const errors = checkAddress(input.address, ['input', 'address']);
  if (errors.length > 0) return { address: null, customerId: null, userErrors: errors };
  return ctx.prisma.$transaction(async (tx) => {
    // Serializes concurrent adds of one customer so the count and the defaults stay right.
    await tx.$queryRaw`SELECT id FROM customers WHERE id = ${viewer.customerId} FOR UPDATE`;
    const count = await tx.customerAddress.count({ where: { customerId: viewer.customerId } });
    if (count >= MAX_ADDRESSES) {
      return {
        address: null,
        customerId: null,
        userErrors: [userError('ADDRESS_LIMIT', `At most ${MAX_ADDRESSES} addresses`, ['input'])],
      };
    }
    const isDefaultShipping = count === 0 || input.defaultShipping === true;
    const isDefaultBilling = count === 0 || input.defaultBilling === true;
    await clearDefaults(tx, viewer.customerId, isDefaultShipping, isDefaultBilling);
    const address = await tx.customerAddress.create({
      data: {
        customerId: viewer.customerId,
        ...addressData(input.address),
        isDefaultShipping,
        isDefaultBilling,
      },
    });
    return { address, customerId: viewer.customerId, userErrors: [] };
  });
}

type Tx = Parameters<Parameters<GraphQLContext['prisma']['$transaction']>[0]>[0];
async function clearDefaults(tx: Tx, customerId: number, shipping: boolean, billing: boolean) {
  if (shipping)
    await tx.customerAddress.updateMany({
      where: { customerId, isDefaultShipping: true },
      data: { isDefaultShipping: false },
    });
  if (billing)
    await tx.customerAddress.updateMany({
      where: { customerId, isDefaultBilling: true },
      data: { isDefaultBilling: false },
    });
}

/** The viewer's address by global ID; another customer's answers NOT_FOUND, like a missing one. */
async function ownAddress(ctx: GraphQLContext, id: string) {
  const n = tryGlobalIntId(id, 'CustomerAddress');
  return requireOwnership(
    ctx,
    n === null ? null : await ctx.loaders.customers.addressById.load(n),
    (a) => a.customerId,
    'Address',
  );
}

/** Replaces an address and/or sets it as a default (a default cannot be unset except by choosing another). */
export async function updateAddress(
  ctx: GraphQLContext,
  input: {
    id: string;
    address?: AddressInput | null;
    defaultShipping?: boolean | null;
    defaultBilling?: boolean | null;
  },
): Promise<AddressResult> {
  const existing = await ownAddress(ctx, input.id);
  const errors = input.address ? checkAddress(input.address, ['input', 'address']) : [];
  if (errors.length > 0) return { address: null, customerId: null, userErrors: errors };
  return ctx.prisma.$transaction(async (tx) => {
    await clearDefaults(
      tx,
      existing.customerId,
      input.defaultShipping === true,
      input.defaultBilling === true,
    );
    // Conditional writes: an address removed concurrently since the read answers NOT_FOUND.
    const { count } = await tx.customerAddress.updateMany({
      where: { id: existing.id },
      data: {
        ...(input.address ? addressData(input.address) : {}),
        ...(input.defaultShipping === true ? { isDefaultShipping: true } : {}),
        ...(input.defaultBilling === true ? { isDefaultBilling: true } : {}),
      },
    });
    const address = count === 0 ? null : await tx.customerAddress.findUnique({ where: { id: existing.id } });
    if (!address) throw notFound('Address');
    return { address, customerId: existing.customerId, userErrors: [] };
  });
}

/** Removes an address; when it was a default, the newest remaining address takes over that role. */
export async function removeAddress(ctx: GraphQLContext, id: string) {
  const existing = await ownAddress(ctx, id);
  await ctx.prisma.$transaction(async (tx) => {
    // Ten concurrent removals of one address: one deletes it, the others answer NOT_FOUND.
    const { count } = await tx.customerAddress.deleteMany({ where: { id: existing.id } });
    if (count === 0) throw notFound('Address');
    const next = await tx.customerAddress.findFirst({
      where: { customerId: existing.customerId },
      orderBy: { id: 'desc' },
    });
    if (next && (existing.isDefaultShipping || existing.isDefaultBilling)) {
      await tx.customerAddress.updateMany({
        where: { id: next.id },
        data: {
          ...(existing.isDefaultShipping ? { isDefaultShipping: true } : {}),
          ...(existing.isDefaultBilling ? { isDefaultBilling: true } : {}),
        },
      });
    }
  });
  return { deletedAddressId: id, customerId: existing.customerId, userErrors: [] };
}
