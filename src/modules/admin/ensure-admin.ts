import type { Config } from '../../config';
import { createDatabase } from '../../db/prisma';
import { hasherFor } from '../customers/password-hasher';
import { checkEmail, checkPassword } from '../customers/policy';
import { writeAudit } from './audit.service';
import { customerAuditView } from './admin.service';

/**
 * Creates the admin `email` or, when the account exists, makes it an active admin with this
 * password (used by `npm run admin:create` and by seeding with ADMIN_EMAIL/ADMIN_PASSWORD).
 * Audited with no actor (a system action). Throws with a readable message on invalid input.
 */
export async function ensureAdmin(
  url: string,
  input: { email: string; password: string },
  config: Config,
): Promise<{ id: number; created: boolean; email: string }> {
  const checked = checkEmail(input.email, ['email']);
  if ('error' in checked) throw new Error(`${input.email}: ${checked.error.message}`);
  const policy = checkPassword(input.password, checked.email, ['password']);
  if (policy.length > 0) throw new Error(policy.map((e) => e.message).join('; '));
  const passwordHash = await hasherFor(config).hash(input.password);
  const db = createDatabase({ url, poolSize: 1 });
  try {
    return await db.prisma.$transaction(async (tx) => {
      const before = await tx.customer.findUnique({ where: { email: checked.email } });
      const after = await tx.customer.upsert({
        where: { email: checked.email },
        create: { email: checked.email, passwordHash, role: 'admin' },
        update: {
          passwordHash,
          role: 'admin',
          status: 'active',
          deletedAt: null,
          failedLoginCount: 0,
          lockedUntil: null,
        },
      });
      await writeAudit(
        tx,
        { viewer: null, ip: null, userAgent: 'admin:create' },
        {
          action: before ? 'customer.make_admin' : 'customer.create_admin',
          resourceType: 'Customer',
          resourceId: after.id,
          before: before ? customerAuditView(before) : undefined,
          after: customerAuditView(after),
        },
      );
      return { id: after.id, created: !before, email: after.email };
    });
  } finally {
    await db.close();
  }
}
