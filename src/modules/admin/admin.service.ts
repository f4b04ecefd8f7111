import type { Customer } from '../../generated/prisma/client';
import type { Prisma } from '../../generated/prisma/client';
import { escapeLike } from '../../db/like';
import { requireAdmin } from '../../graphql/access';
import type { PageArgs } from '../../graphql/connection';
import { userError, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';
import { revokeSessions } from '../customers/session.service';
import { writeAudit } from './audit.service';
import { idPage } from './id-page';

/** What the audit log keeps of a customer: never the password hash or lock-out internals. */
export const customerAuditView = (c: Customer) => ({
  id: c.id,
  email: c.email,
  role: c.role,
  status: c.status,
});

/**
 * Admins: customers newest first; every word of `search` must appear in the email or a name, taken
 * literally (`%`, `_` and `\` are not wildcards).
 */
export async function listCustomers(ctx: GraphQLContext, args: PageArgs & { search?: string | null }) {
  requireAdmin(ctx);
  const words = (args.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5).map(escapeLike);
  const where: Prisma.CustomerWhereInput = {
    AND: words.map((w) => ({
      OR: [
        { email: { contains: w, mode: 'insensitive' as const } },
        { firstName: { contains: w, mode: 'insensitive' as const } },
        { lastName: { contains: w, mode: 'insensitive' as const } },
      ],
    })),
  };
  const page = idPage(args, ctx.config.GRAPHQL_MAX_PAGE_SIZE);
  const rows = page.empty
    ? []
    : await ctx.prisma.customer.findMany({
        where: { AND: [where, page.where] },
        orderBy: page.orderBy,
        take: page.take,
      });
  return page.connection(rows, () => ctx.prisma.customer.count({ where }));
}

/** Admins: any customer by global ID, or null. */
export async function getCustomer(ctx: GraphQLContext, id: string) {
  requireAdmin(ctx);
  const n = tryGlobalIntId(id, 'Customer');
  return n === null ? null : ctx.loaders.customers.customerById.load(n);
}

type Result = { customer: Customer | null; userErrors: UserError[] };
const notFound = (): Result => ({
  customer: null,
  userErrors: [userError('NOT_FOUND', 'Customer not found', ['id'])],
});

/**
 * Admins: suspends an account. Its sessions are revoked in the same transaction (their open
 * WebSockets close when it commits) and the change is audited there too.
 */
export async function suspendCustomer(
  ctx: GraphQLContext,
  id: string,
  reason?: string | null,
): Promise<Result> {
  const admin = requireAdmin(ctx);
  const n = tryGlobalIntId(id, 'Customer');
  if (n === null) return notFound();
  if (n === admin.customerId) {
    return {
      customer: null,
      userErrors: [userError('CANNOT_SUSPEND_SELF', 'Admins cannot suspend themselves', ['id'])],
    };
  }
  return ctx.prisma.$transaction(async (tx): Promise<Result> => {
    const before = await tx.customer.findUnique({ where: { id: n } });
    if (!before || before.status === 'deleted') return notFound();
    if (before.status === 'suspended') return { customer: before, userErrors: [] };
    const after = await tx.customer.update({ where: { id: n }, data: { status: 'suspended' } });
    const revoked = await revokeSessions(tx, { customerId: n }, 'suspended');
    await writeAudit(tx, ctx, {
      action: 'customer.suspend',
      resourceType: 'Customer',
      resourceId: n,
      before: customerAuditView(before),
      after: { ...customerAuditView(after), reason: reason ?? null, revokedSessions: revoked.length },
    });
    return { customer: after, userErrors: [] };
  });
}

/**
 * Admins: marks an account as internal (staff, a bot, a partner bridge) or not. Messages from
 * internal accounts never trigger automatic chat replies. Audited.
 */
export async function setCustomerInternal(
  ctx: GraphQLContext,
  id: string,
  isInternal: boolean,
): Promise<Result> {
  requireAdmin(ctx);
  const n = tryGlobalIntId(id, 'Customer');
  if (n === null) return notFound();
  return ctx.prisma.$transaction(async (tx): Promise<Result> => {
    const before = await tx.customer.findUnique({ where: { id: n } });
    if (!before || before.status === 'deleted') return notFound();
    const after = await tx.customer.update({ where: { id: n }, data: { isInternal } });
    await writeAudit(tx, ctx, {
      action: 'customer.set_internal',
      resourceType: 'Customer',
      resourceId: n,
      before: { ...customerAuditView(before), isInternal: before.isInternal },
      after: { ...customerAuditView(after), isInternal: after.isInternal },
    });
    return { customer: after, userErrors: [] };
  });
}

/** Admins: lets a suspended account sign in again (audited). */
export async function reactivateCustomer(ctx: GraphQLContext, id: string): Promise<Result> {
  requireAdmin(ctx);
  const n = tryGlobalIntId(id, 'Customer');
  if (n === null) return notFound();
  return ctx.prisma.$transaction(async (tx): Promise<Result> => {
    const before = await tx.customer.findUnique({ where: { id: n } });
    if (!before || before.status === 'deleted') return notFound();
    if (before.status === 'active') return { customer: before, userErrors: [] };
    const after = await tx.customer.update({
      where: { id: n },
      data: { status: 'active', failedLoginCount: 0, lockedUntil: null },
    });
    await writeAudit(tx, ctx, {
      action: 'customer.reactivate',
      resourceType: 'Customer',
      resourceId: n,
      before: customerAuditView(before),
      after: customerAuditView(after),
    });
    return { customer: after, userErrors: [] };
  });
}

/** Admins: links a channel identity (provider + external id, unique) to a customer (audited). */
export async function createIdentity(
  ctx: GraphQLContext,
  input: { customerId: string; provider: string; externalId: string; displayName?: string | null },
) {
  requireAdmin(ctx);
  const errors: UserError[] = [];
  const customerId = tryGlobalIntId(input.customerId, 'Customer');
  const provider = input.provider.trim().toLowerCase();
  const externalId = input.externalId.trim();
  if (!/^[a-z0-9][a-z0-9_.-]{0,39}$/.test(provider)) {
    errors.push(
      userError('INVALID_PROVIDER', 'Lower-case letters, digits, . _ - (at most 40)', ['input', 'provider']),
    );
  }
  if (externalId === '' || externalId.length > 200) {
    errors.push(userError('INVALID_EXTERNAL_ID', '1 to 200 characters', ['input', 'externalId']));
  }
  const customer = customerId === null ? null : await ctx.loaders.customers.customerById.load(customerId);
  if (!customer || customer.status === 'deleted')
    errors.push(userError('NOT_FOUND', 'Customer not found', ['input', 'customerId']));
  if (errors.length > 0 || !customer) return { identity: null, userErrors: errors };
  try {
    const identity = await ctx.prisma.$transaction(async (tx) => {
      const created = await tx.customerIdentity.create({
        data: {
          customerId: customer.id,
          provider,
          externalId,
          displayName: input.displayName?.trim() || null,
        },
      });
      await writeAudit(tx, ctx, {
        action: 'customer_identity.create',
        resourceType: 'CustomerIdentity',
        resourceId: created.id,
        after: { customerId: customer.id, provider, externalId, displayName: created.displayName },
      });
      return created;
    });
    return { identity, userErrors: [] };
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      return {
        identity: null,
        userErrors: [
          userError('IDENTITY_TAKEN', 'This provider id is already linked to a customer', [
            'input',
            'externalId',
          ]),
        ],
      };
    }
    throw err;
  }
}
