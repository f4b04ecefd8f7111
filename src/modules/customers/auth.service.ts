import type { Customer } from '../../generated/prisma/client';
import { userError, type UserError } from '../../graphql/errors';
import { requireViewer } from '../../graphql/access';
import type { GraphQLContext } from '../../server/context';
import { checkPhone, checkText, invalidCredentials, invalidId } from './customer-errors';
import { mergeGuestCart, parseGuestCartId } from '../cart/merge.service';
import { checkGuestConversationTokens, mergeGuestConversations } from '../chat/guest-conversations';
import { checkAnonymousId, linkAnonymousEvents } from '../analytics/identify';
import { hasherFor } from './password-hasher';
import { checkEmail, checkPassword, normalizeEmail } from './policy';
import { createSession, hashToken, newToken, revokeSessions } from './session.service';
import { assertNotThrottled, recordLoginFailure } from './throttle.service';

/** What register, login and reset answer (CustomerAuthPayload). */
export interface AuthResult {
  customer: Customer | null;
  token: string | null;
  expiresAt: Date | null;
  userErrors: UserError[];
}
const failed = (userErrors: UserError[]): AuthResult => ({
  customer: null,
  token: null,
  expiresAt: null,
  userErrors,
});

export interface RegisterInput {
  email: string;
  password: string;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  guestCartId?: string | null;
  guestConversationTokens?: string[] | null;
  anonymousId?: string | null;
}

/** Creates a customer account and signs it in; merges the guest cart when one is given. */
export async function register(ctx: GraphQLContext, input: RegisterInput): Promise<AuthResult> {
  const errors: UserError[] = [];
  const email = checkEmail(input.email, ['input', 'email']);
  if ('error' in email) errors.push(email.error);
  errors.push(...checkPassword(input.password, 'email' in email ? email.email : null, ['input', 'password']));
  for (const [key, value] of [
    ['firstName', input.firstName],
    ['lastName', input.lastName],
  ] as const) {
    const e = checkText(value, ['input', key], { max: 100 });
    if (e) errors.push(e);
  }
  const phoneError = checkPhone(input.phone, ['input', 'phone']);
  if (phoneError) errors.push(phoneError);
  const cartId = parseGuestCartId(input.guestCartId);
  if (cartId === null) errors.push(invalidId(['input', 'guestCartId'], 'Cart'));
  const tokensError = checkGuestConversationTokens(input.guestConversationTokens, [
    'input',
    'guestConversationTokens',
  ]);
  if (tokensError) errors.push(tokensError);
  const anonymousError = checkAnonymousId(input.anonymousId, ['input', 'anonymousId']);
  if (anonymousError) errors.push(anonymousError);
  if (errors.length > 0 || !('email' in email)) return failed(errors);

  const taken = () =>
    failed([userError('EMAIL_TAKEN', 'An account with this email already exists', ['input', 'email'])]);
  if (await ctx.prisma.customer.findUnique({ where: { email: email.email }, select: { id: true } }))
    return taken();
  const passwordHash = await hasherFor(ctx.config).hash(input.password);
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const customer = await tx.customer.create({
        data: {
          email: email.email,
          passwordHash,
          firstName: input.firstName?.trim() || null,
          lastName: input.lastName?.trim() || null,
          phone: input.phone?.trim() || null,
          lastLoginAt: new Date(),
        },
      });
      const session = await createSession(tx, ctx, customer.id);
      if (cartId) await mergeGuestCart(tx, customer.id, cartId);
      await mergeGuestConversations(tx, customer.id, input.guestConversationTokens);
      if (input.anonymousId) await linkAnonymousEvents(tx, customer.id, input.anonymousId);
      return { customer, token: session.token, expiresAt: session.expiresAt, userErrors: [] };
    });
  } catch (err) {
    // Two registrations racing for one email: the unique index decides, the loser gets EMAIL_TAKEN.
    if ((err as { code?: string }).code === 'P2002') return taken();
    throw err;
  }
}

/**
 * Signs a customer in. Wrong password, unknown email and deleted account answer the same
 * INVALID_CREDENTIALS after the same amount of argon2 work; a locked account or a noisy IP gets
 * RATE_LIMITED with the time to retry. Hashes made with weaker parameters are upgraded here.
 */
export async function login(
  ctx: GraphQLContext,
  input: {
    email: string;
    password: string;
    guestCartId?: string | null;
    guestConversationTokens?: string[] | null;
    anonymousId?: string | null;
  },
): Promise<AuthResult> {
  const cartId = parseGuestCartId(input.guestCartId);
  if (cartId === null) return failed([invalidId(['input', 'guestCartId'], 'Cart')]);
  const anonymousError = checkAnonymousId(input.anonymousId, ['input', 'anonymousId']);
  if (anonymousError) return failed([anonymousError]);
  const tokensError = checkGuestConversationTokens(input.guestConversationTokens, [
    'input',
    'guestConversationTokens',
  ]);
  if (tokensError) return failed([tokensError]);
  const guestConversations = input.guestConversationTokens ?? [];
  const email = normalizeEmail(input.email);
  const hasher = hasherFor(ctx.config);
  const found = email.length > 254 ? null : await ctx.prisma.customer.findUnique({ where: { email } });
  const account = found && found.status !== 'deleted' && !found.deletedAt ? found : null;
  await assertNotThrottled(ctx, email, account);

  const ok = account
    ? await hasher.verify(account.passwordHash, input.password)
    : await hasher.verifyDummy(input.password);
  if (!account || !ok) {
    await recordLoginFailure(
      ctx.prisma,
      ctx,
      email.slice(0, 254),
      account?.id ?? null,
      account ? 'wrong_password' : 'unknown_email',
    );
    return failed([invalidCredentials()]);
  }
  if (account.status !== 'active') {
    // Only someone who knows the password learns the account is suspended.
    await recordLoginFailure(ctx.prisma, ctx, email, null, 'suspended');
    return failed([userError('ACCOUNT_SUSPENDED', 'This account is suspended; contact support')]);
  }
  const newHash = hasher.needsRehash(account.passwordHash) ? await hasher.hash(input.password) : null;
  const signIn = async (
    tx: typeof ctx.prisma | Parameters<Parameters<typeof ctx.prisma.$transaction>[0]>[0],
  ) => {
    await tx.$executeRaw`
      WITH attempt AS (INSERT INTO login_attempts (email, ip, succeeded) VALUES (${email}, ${ctx.ip}::inet, true))
      UPDATE customers SET failed_login_count = 0, locked_until = NULL, last_login_at = now(),
        password_hash = COALESCE(${newHash}, password_hash)
      WHERE id = ${account.id}`;
    const session = await createSession(tx, ctx, account.id);
    if (cartId) await mergeGuestCart(tx, account.id, cartId);
    await mergeGuestConversations(tx, account.id, guestConversations);
    if (input.anonymousId) await linkAnonymousEvents(tx, account.id, input.anonymousId);
    return session;
  };
  // Without anything to merge or link, two statements need no transaction (a lone session is harmless).
  const merges = cartId || guestConversations.length > 0 || !!input.anonymousId;
  const session = merges ? await ctx.prisma.$transaction(signIn) : await signIn(ctx.prisma);
  return {
    customer: {
      ...account,
      passwordHash: newHash ?? account.passwordHash,
      failedLoginCount: 0,
      lockedUntil: null,
    },
    token: session.token,
    expiresAt: session.expiresAt,
    userErrors: [],
  };
}

/** Ends the viewer's current session (its token stops working on HTTP and WebSocket at once). */
export async function logout(ctx: GraphQLContext) {
  const viewer = requireViewer(ctx);
  await revokeSessions(ctx.prisma, { sessionId: viewer.sessionId }, 'logout');
  return { revokedSessionId: viewer.sessionId, userErrors: [] };
}

/**
 * Changes the viewer's password after checking the current one (counted like a failed sign-in, so
 * a stolen token cannot be used to guess it), then signs out every other session.
 */
export async function changePassword(
  ctx: GraphQLContext,
  input: { currentPassword: string; newPassword: string },
): Promise<{ customer: Customer | null; userErrors: UserError[] }> {
  const viewer = requireViewer(ctx);
  const me = await ctx.prisma.customer.findUniqueOrThrow({ where: { id: viewer.customerId } });
  const policy = checkPassword(input.newPassword, me.email, ['input', 'newPassword']);
  if (policy.length > 0) return { customer: null, userErrors: policy };
  await assertNotThrottled(ctx, me.email, me);
  const hasher = hasherFor(ctx.config);
  if (!(await hasher.verify(me.passwordHash, input.currentPassword))) {
    await recordLoginFailure(ctx.prisma, ctx, me.email, me.id, 'wrong_current_password');
    return { customer: null, userErrors: [invalidCredentials(['input', 'currentPassword'])] };
  }
  const passwordHash = await hasher.hash(input.newPassword);
  const customer = await ctx.prisma.$transaction(async (tx) => {
    const updated = await tx.customer.update({
      where: { id: me.id },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null },
    });
    await revokeSessions(tx, { customerId: me.id, exceptSessionId: viewer.sessionId }, 'password_changed');
    await tx.passwordResetToken.updateMany({
      where: { customerId: me.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    return updated;
  });
  return { customer, userErrors: [] };
}

/** A one-time reset token: the raw value to deliver, and the hash that is stored. */
export function newResetToken() {
  const token = newToken();
  return { token, tokenHash: hashToken(token) };
}
