import type { InventoryAdjustInput } from '../../../generated/graphql';
import { userError, type UserError } from '../../../graphql/errors';
import type { GraphQLContext } from '../../../server/context';
import type { VariantRecord } from '../catalog.types';
import { writeAudit } from '../../admin/audit.service';
import { enqueueAlertEvaluation } from '../../wishlist/alert-jobs';
import { asPayload, localId, UserInputFailure } from './admin-helpers';

/** The most units a variant can hold (its stock column is a PostgreSQL integer). */
const MAX_STOCK = 2_147_483_647;

/**
 * Adjusts stock with one conditional UPDATE: the row lock serializes concurrent adjustments and
 * the condition is re-checked on the locked row, so stock on hand never drops below the reserved
 * units (nor zero), whatever the concurrency. The ledger row and the audit entry commit with it.
 */
type InventoryPayload = {
  variant: VariantRecord | null;
  stockOnHand: number | null;
  userErrors: UserError[];
};

export function adjustInventory(ctx: GraphQLContext, input: InventoryAdjustInput): Promise<InventoryPayload> {
  return asPayload<InventoryPayload>(
    () =>
      ctx.prisma.$transaction(
        async (tx) => {
          const vid = localId(input.variantId, 'ProductVariant', ['input', 'variantId']);
          if (!Number.isInteger(input.delta) || input.delta === 0)
            throw new UserInputFailure([
              userError('INVALID', 'delta must be a non-zero whole number', ['input', 'delta']),
            ]);
          // The sum is computed in bigint: a delta that would overflow the int column is refused
          // like any other out-of-range result instead of failing in PostgreSQL (22003).
          const updated = await tx.$queryRaw<{ stock_on_hand: number; before: number }[]>`
            UPDATE product_variants SET stock_on_hand = stock_on_hand + ${input.delta}, updated_at = now()
            WHERE id = ${vid}
              AND stock_on_hand::bigint + ${input.delta} BETWEEN GREATEST(stock_reserved, 0) AND ${MAX_STOCK}
            RETURNING stock_on_hand, stock_on_hand - ${input.delta} AS before`;
          if (updated.length === 0) {
            const exists = await tx.productVariant.findUnique({ where: { id: vid }, select: { id: true } });
            throw new UserInputFailure([
              !exists
                ? userError('NOT_FOUND', 'Variant not found', ['input', 'variantId'])
                : input.delta > 0
                  ? userError('INVALID', `Stock on hand cannot exceed ${MAX_STOCK}`, ['input', 'delta'])
                  : userError(
                      'INSUFFICIENT_STOCK',
                      'Stock on hand cannot go below the reserved units or zero',
                      ['input', 'delta'],
                    ),
            ]);
          }
          const stockAfter = updated[0]!.stock_on_hand;
          await tx.inventoryMovement.create({
            data: {
              variantId: vid,
              delta: input.delta,
              reason: input.reason,
              note: input.note ?? null,
              actorId: ctx.viewer?.customerId ?? null,
              stockAfter,
            },
          });
          await writeAudit(tx, ctx, {
            action: 'inventory.adjust',
            resourceType: 'ProductVariant',
            resourceId: vid,
            before: { stockOnHand: updated[0]!.before },
            after: { stockOnHand: stockAfter, delta: input.delta, reason: input.reason },
          });
          const v = await tx.productVariant.findUniqueOrThrow({
            where: { id: vid },
            include: { product: true },
          });
          // Back in stock (or gone: what alerts compare with next time).
          await enqueueAlertEvaluation(tx, ctx.jobs, [v.productId]);
          const { product, ...variant } = v;
          const record: VariantRecord = {
            ...variant,
            productPrice: product.price,
            currency: product.currency,
          };
          return { variant: record, stockOnHand: stockAfter, userErrors: [] };
        },
        { maxWait: 10_000, timeout: 15_000 },
      ),
    { variant: null, stockOnHand: null },
  );
}
