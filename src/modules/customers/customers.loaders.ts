import type { PrismaClient } from '../../db/prisma';
import { groupedLoader, keyedLoader } from '../../graphql/loader-utils';

/** Per-request loaders of customers and what hangs off them (admin lists stay N+1 free). */
export function createCustomerLoaders(prisma: PrismaClient) {
  return {
    customerById: keyedLoader(
      (ids: readonly number[]) => prisma.customer.findMany({ where: { id: { in: [...ids] } } }),
      (c) => c.id,
    ),
    addressById: keyedLoader(
      (ids: readonly number[]) => prisma.customerAddress.findMany({ where: { id: { in: [...ids] } } }),
      (a) => a.id,
    ),
    addressesByCustomer: groupedLoader(
      (ids: readonly number[]) =>
        prisma.customerAddress.findMany({ where: { customerId: { in: [...ids] } }, orderBy: { id: 'asc' } }),
      (a) => a.customerId,
    ),
    preferencesByCustomer: keyedLoader(
      (ids: readonly number[]) =>
        prisma.customerPreference.findMany({ where: { customerId: { in: [...ids] } } }),
      (p) => p.customerId,
    ),
    identityById: keyedLoader(
      (ids: readonly number[]) => prisma.customerIdentity.findMany({ where: { id: { in: [...ids] } } }),
      (i) => i.id,
    ),
    identitiesByCustomer: groupedLoader(
      (ids: readonly number[]) =>
        prisma.customerIdentity.findMany({ where: { customerId: { in: [...ids] } }, orderBy: { id: 'asc' } }),
      (i) => i.customerId,
    ),
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
