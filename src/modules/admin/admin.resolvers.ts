import { toGlobalId } from '../../graphql/global-id';
import type { Resolvers } from '../../generated/graphql';
import { listAuditLog } from './audit.query';
import {
  createIdentity,
  getCustomer,
  listCustomers,
  reactivateCustomer,
  setCustomerInternal,
  suspendCustomer,
} from './admin.service';

export const adminResolvers: Resolvers = {
  Query: {
    customers: (_p, args, ctx) => listCustomers(ctx, args),
    customer: (_p, { id }, ctx) => getCustomer(ctx, id),
    auditLog: (_p, args, ctx) => listAuditLog(ctx, args),
  },
  Mutation: {
    customerSuspend: (_p, { id, reason }, ctx) => suspendCustomer(ctx, id, reason),
    customerReactivate: (_p, { id }, ctx) => reactivateCustomer(ctx, id),
    customerSetInternal: (_p, { id, isInternal }, ctx) => setCustomerInternal(ctx, id, isInternal),
    customerIdentityCreate: (_p, { input }, ctx) => createIdentity(ctx, input),
  },
  AuditLogEntry: {
    id: (e) => toGlobalId('AuditLogEntry', e.id),
    actor: (e, _a, ctx) => (e.actorId === null ? null : ctx.loaders.customers.customerById.load(e.actorId)),
  },
};
