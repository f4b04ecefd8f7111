import type { PrismaClient } from '../../db/prisma';
import { newResetToken } from './auth.service';

/** The path of the storefront page that takes the token (the mail prefixes STOREFRONT_URL). */
export const RESET_PATH = '/account/reset-password';

/**
 * Makes the token a reset mail carries, at the moment the mail is sent: stores only its SHA-256
 * (the raw token exists in the mail and nowhere else) and ends every older unused token of the
 * customer, so only the newest mail's link works. A retried delivery makes a new token.
 */
export async function issueResetToken(
  prisma: PrismaClient,
  input: { customerId: number; requestedIp: string | null; ttlMinutes: number },
): Promise<{ token: string; expiresAt: Date }> {
  const { token, tokenHash } = newResetToken();
  const expiresAt = new Date(Date.now() + input.ttlMinutes * 60_000);
  await prisma.$transaction(async (tx) => {
    await tx.passwordResetToken.updateMany({
      where: { customerId: input.customerId, usedAt: null, expiresAt: { gt: new Date() } },
      data: { expiresAt: new Date() },
    });
    await tx.passwordResetToken.create({
      data: { customerId: input.customerId, tokenHash, expiresAt, requestedIp: input.requestedIp },
    });
  });
  return { token, expiresAt };
}
