import { toGlobalId } from '../../graphql/global-id';
import { toMoney } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import { addAddress, me, removeAddress, updateAddress, updateCustomer } from './account.service';
import { changePassword, login, logout, register } from './auth.service';
import { CHANNELS, preferencesOf, updatePreferences, type ChannelEnum } from './preferences.service';
import { requestPasswordReset, resetPassword } from './reset.service';
import { revokeViewerSession, viewerSessions } from './sessions.service';

const CHANNEL_ENUM = Object.fromEntries(Object.entries(CHANNELS).map(([k, v]) => [v, k])) as Record<
  string,
  ChannelEnum
>;
const sessionGid = (id: number | null) => (id === null ? null : toGlobalId('CustomerSession', id));
const present = <T>(xs: (T | null)[]) => xs.filter((x): x is T => x !== null);

export const customerResolvers: Resolvers = {
  Query: {
    me: (_p, _a, ctx) => me(ctx),
    customerSessions: (_p, args, ctx) => viewerSessions(ctx, args),
  },
  Mutation: {
    customerRegister: (_p, { input }, ctx) => register(ctx, input),
    customerLogin: (_p, { input }, ctx) => login(ctx, input),
    customerLogout: (_p, _a, ctx) => logout(ctx),
    customerUpdate: (_p, { input }, ctx) => updateCustomer(ctx, input),
    customerChangePassword: (_p, { input }, ctx) => changePassword(ctx, input),
    customerRequestPasswordReset: (_p, { input }, ctx) => requestPasswordReset(ctx, input),
    customerResetPassword: (_p, { input }, ctx) => resetPassword(ctx, input),
    customerAddressAdd: (_p, { input }, ctx) => addAddress(ctx, input),
    customerAddressUpdate: (_p, { input }, ctx) => updateAddress(ctx, input),
    customerAddressRemove: (_p, { id }, ctx) => removeAddress(ctx, id),
    customerPreferencesUpdate: (_p, { input }, ctx) => updatePreferences(ctx, input),
    customerSessionRevoke: (_p, { id }, ctx) => revokeViewerSession(ctx, id),
  },
  Customer: {
    id: (c) => toGlobalId('Customer', c.id),
    dateOfBirth: (c) => c.dateOfBirth?.toISOString().slice(0, 10) ?? null,
    role: (c) => (c.role === 'admin' ? 'ADMIN' : 'CUSTOMER'),
    status: (c) => c.status.toUpperCase() as 'ACTIVE' | 'SUSPENDED' | 'DELETED',
    emailVerified: (c) => c.emailVerifiedAt !== null,
    addresses: (c, _a, ctx) => ctx.loaders.customers.addressesByCustomer.load(c.id),
    defaultShippingAddress: async (c, _a, ctx) =>
      (await ctx.loaders.customers.addressesByCustomer.load(c.id)).find((a) => a.isDefaultShipping) ?? null,
    defaultBillingAddress: async (c, _a, ctx) =>
      (await ctx.loaders.customers.addressesByCustomer.load(c.id)).find((a) => a.isDefaultBilling) ?? null,
    preferences: (c, _a, ctx) => preferencesOf(ctx, c.id),
    identities: (c, _a, ctx) => ctx.loaders.customers.identitiesByCustomer.load(c.id),
  },
  CustomerAddress: {
    id: (a) => toGlobalId('CustomerAddress', a.id),
  },
  CustomerPreferences: {
    brands: async (p, _a, ctx) =>
      present(await ctx.loaders.catalog.brandById.loadMany(p.brandIds).then(okOnly)),
    categories: async (p, _a, ctx) =>
      present(await ctx.loaders.catalog.categoryById.loadMany(p.categoryIds).then(okOnly)),
    minPrice: (p) => (p.minPrice === null ? null : toMoney(p.minPrice, p.currency)),
    maxPrice: (p) => (p.maxPrice === null ? null : toMoney(p.maxPrice, p.currency)),
    notificationChannels: (p) => present(p.notificationChannels.map((c) => CHANNEL_ENUM[c] ?? null)),
  },
  CustomerIdentity: {
    id: (i) => toGlobalId('CustomerIdentity', i.id),
  },
  CustomerSession: {
    id: (s) => toGlobalId('CustomerSession', s.id),
    channel: (s) => s.channel.toUpperCase() as 'WEB',
    current: (s, _a, ctx) => ctx.viewer?.sessionId === s.id,
  },
  CustomerAddressPayload: {
    customer: (p, _a, ctx) =>
      p.customerId === null ? null : ctx.loaders.customers.customerById.load(p.customerId),
  },
  CustomerAddressRemovePayload: {
    customer: (p, _a, ctx) =>
      p.customerId === null ? null : ctx.loaders.customers.customerById.load(p.customerId),
  },
  CustomerLogoutPayload: { revokedSessionId: (p) => sessionGid(p.revokedSessionId) },
  CustomerSessionRevokePayload: { revokedSessionId: (p) => sessionGid(p.revokedSessionId) },
};

/** loadMany yields Error objects for failed keys; a missing brand or category simply drops out. */
function okOnly<T>(xs: (T | Error | null)[]): (T | null)[] {
  return xs.map((x) => (x instanceof Error ? null : x));
}
