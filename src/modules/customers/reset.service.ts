import type { UserError } from '../../graphql/errors';
import type { QueuePayloads } from '../../jobs/queues';
import type { AppDeps, GraphQLContext } from '../../server/context';
import { queueNotification } from '../notifications/notify';
import type { AuthResult } from './auth.service';
import { invalidToken } from './customer-errors';
import { hasherFor } from './password-hasher';
import { checkEmail, checkPassword } from './policy';
import { createSession, hashToken, revokeSessions } from './session.service';

/** Requests per account per hour beyond which further requests are silently dropped (no mail bombing). */
const MAX_RESETS_PER_HOUR = 3;

/**
 * Starts a password reset. Answers the same, after the same work, whether or not the email has an
 * account: it validates the email's shape and enqueues one `customer.password_reset` job (a single
 * INSERT, the same statement either way); the lookup happens in the worker (`issuePasswordReset`).
 * Looking the account up here made a known email measurably slower to answer than an unknown one.
 */
export async function requestPasswordReset(
  ctx: GraphQLContext,
  input: { email: string },
): Promise<{ userErrors: UserError[] }> {
  const checked = checkEmail(input.email, ['input', 'email']);
  if ('error' in checked) return { userErrors: [checked.error] };
  // Through the request's Prisma client, so the insert is one of the request's counted statements.
  await ctx.jobs.send('customer.password_reset', { email: checked.email, ip: ctx.ip }, { tx: ctx.prisma });
  return { userErrors: [] };
}

/**
 * The `customer.password_reset` job: for an active account (and at most MAX_RESETS_PER_HOUR per
 * hour), ends the links sent before and queues a `password_reset` mail (a notifications row and its
 * notification.send job). No token exists yet: the mail's worker makes it when the mail leaves
 * (issueResetToken), so no table — nor a job's data — ever holds a usable link. Unknown emails end
 * here without a write.
 */
export async function issuePasswordReset(
  deps: Pick<AppDeps, 'db' | 'jobs'>,
  data: QueuePayloads['customer.password_reset'],
): Promise<void> {
  const { prisma } = deps.db;
  const customer = await prisma.customer.findUnique({ where: { email: data.email } });
  if (!customer || customer.status !== 'active' || customer.deletedAt) return;
  const recent = await prisma.notification.count({
    where: {
      customerId: customer.id,
      kind: 'password_reset',
      createdAt: { gt: new Date(Date.now() - 3_600_000) },
    },
  });
  if (recent >= MAX_RESETS_PER_HOUR) return;

  await prisma.$transaction(async (tx) => {
    await tx.passwordResetToken.updateMany({
      where: { customerId: customer.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { expiresAt: new Date() },
    });
    await queueNotification(tx, deps.jobs, {
      customerId: customer.id,
      kind: 'password_reset',
      channel: 'email',
      payload: { requestedIp: data.ip },
    });
  });
}

/**
 * Sets a new password with a reset token: the token must be unused and unexpired, and works once
 * (a conditional update claims it, so two concurrent uses cannot both succeed). Signs the customer
 * in with a new session and revokes every other one.
 */
export async function resetPassword(
  ctx: GraphQLContext,
  input: { token: string; newPassword: string },
): Promise<AuthResult> {
  const fail = (userErrors: UserError[]): AuthResult => ({
    customer: null,
    token: null,
    expiresAt: null,
    userErrors,
  });
  const rows = await ctx.prisma.$queryRaw<{ id: number; customer_id: number; email: string }[]>`
    SELECT t.id, t.customer_id, c.email::text AS email
    FROM password_reset_tokens t JOIN customers c ON c.id = t.customer_id
    WHERE t.token_hash = ${hashToken(input.token)} AND t.used_at IS NULL AND t.expires_at > now()
      AND c.status = 'active' AND c.deleted_at IS NULL`;
  const found = rows[0];
  if (!found) return fail([invalidToken()]);
  const policy = checkPassword(input.newPassword, found.email, ['input', 'newPassword']);
  if (policy.length > 0) return fail(policy);
  const passwordHash = await hasherFor(ctx.config).hash(input.newPassword);

  return ctx.prisma.$transaction(async (tx) => {
    const claimed = await tx.$executeRaw`
      UPDATE password_reset_tokens SET used_at = now()
      WHERE id = ${found.id} AND used_at IS NULL AND expires_at > now()`;
    if (claimed === 0) return fail([invalidToken()]);
    await tx.passwordResetToken.updateMany({
      where: { customerId: found.customer_id, usedAt: null },
      data: { usedAt: new Date() },
    });
    const customer = await tx.customer.update({
      where: { id: found.customer_id },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null },
    });
    await revokeSessions(tx, { customerId: customer.id }, 'password_reset');
    const session = await createSession(tx, ctx, customer.id);
    return { customer, token: session.token, expiresAt: session.expiresAt, userErrors: [] };
  });
}
