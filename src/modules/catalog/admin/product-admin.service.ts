import type { Prisma, Product } from '../../../generated/prisma/client';
import type { PrismaTx } from '../../../db/prisma';
import type { ProductCreateInput, ProductUpdateInput } from '../../../generated/graphql';
import { userError, type UserError } from '../../../graphql/errors';
import type { GraphQLContext } from '../../../server/context';
import { writeAudit } from '../../admin/audit.service';
import { enqueueAlertEvaluation } from '../../wishlist/alert-jobs';
import { catalogPayload, localId, slugify, UserInputFailure } from './admin-helpers';

const TX = { maxWait: 10_000, timeout: 15_000 };

async function setTags(tx: PrismaTx, productId: number, tags: string[]) {
  const wanted = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  await tx.productTag.deleteMany({ where: { productId, tag: { notIn: wanted } } });
  if (wanted.length)
    await tx.productTag.createMany({ data: wanted.map((tag) => ({ productId, tag })), skipDuplicates: true });
}

type Fields = Partial<ProductCreateInput>;

/** The columns an input sets; `undefined` leaves a column alone, `null` clears it. */
function columns(input: Fields): Prisma.ProductUncheckedUpdateInput {
  const d: Prisma.ProductUncheckedUpdateInput = {};
  const required = ['sku', 'name', 'price', 'slug', 'status', 'featured'] as const;
  for (const k of required)
    if (input[k] === null)
      throw new UserInputFailure([userError('INVALID', `${k} cannot be null`, ['input', k])]);
  if (input.sku != null) d.sku = input.sku.trim();
  if (input.name != null) d.name = input.name.trim();
  if (input.slug != null) d.slug = slugify(input.slug);
  if (input.description !== undefined) d.description = input.description;
  if (input.shortDescription !== undefined) d.shortDescription = input.shortDescription;
  if (input.brandId !== undefined)
    d.brandId = input.brandId === null ? null : localId(input.brandId, 'Brand', ['input', 'brandId']);
  if (input.categoryId !== undefined)
    d.categoryId =
      input.categoryId === null ? null : localId(input.categoryId, 'Category', ['input', 'categoryId']);
  if (input.price != null) d.price = input.price;
  if (input.compareAtPrice !== undefined) d.compareAtPrice = input.compareAtPrice;
  if (input.salePrice !== undefined) d.salePrice = input.salePrice;
  if (input.saleStartsAt !== undefined)
    d.saleStartsAt = input.saleStartsAt === null ? null : new Date(input.saleStartsAt);
  if (input.saleEndsAt !== undefined)
    d.saleEndsAt = input.saleEndsAt === null ? null : new Date(input.saleEndsAt);
  if (input.currency != null) d.currency = input.currency.toUpperCase();
  if (input.status != null) d.status = input.status;
  if (input.featured != null) d.featured = input.featured;
  if (input.specifications !== undefined)
    d.specifications = (input.specifications ?? {}) as Prisma.InputJsonValue;
  return d;
}

export interface ProductPayload {
  product: Product | null;
  userErrors: UserError[];
}
const payload = (product: Product): ProductPayload => ({ product, userErrors: [] });

export function createProduct(ctx: GraphQLContext, input: ProductCreateInput): Promise<ProductPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const data = columns(input) as Prisma.ProductUncheckedCreateInput;
        data.slug ??= slugify(`${input.name}-${input.sku}`);
        const product = await tx.product.create({ data });
        if (input.tags) await setTags(tx, product.id, input.tags);
        const after = await tx.product.findUniqueOrThrow({ where: { id: product.id } });
        await writeAudit(tx, ctx, {
          action: 'product.create',
          resourceType: 'Product',
          resourceId: product.id,
          after: { ...after, tags: input.tags },
        });
        return payload(after);
      }, TX),
    { product: null },
  );
}

export function updateProduct(
  ctx: GraphQLContext,
  id: string,
  input: ProductUpdateInput,
): Promise<ProductPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const pid = localId(id, 'Product', ['id']);
        const old = await tx.product.findUnique({ where: { id: pid } });
        if (!old) throw new UserInputFailure([userError('NOT_FOUND', 'Product not found', ['id'])]);
        await tx.product.update({ where: { id: pid }, data: columns(input as Fields) });
        if (input.tags) await setTags(tx, pid, input.tags);
        const after = await tx.product.findUniqueOrThrow({ where: { id: pid } });
        await writeAudit(tx, ctx, {
          action: 'product.update',
          resourceType: 'Product',
          resourceId: pid,
          before: old,
          after,
        });
        // A new price, sale window or status may alert the customers who saved it.
        await enqueueAlertEvaluation(tx, ctx.jobs, [pid]);
        return payload(after);
      }, TX),
    { product: null },
  );
}

export function archiveProduct(ctx: GraphQLContext, id: string) {
  return updateProductStatus(ctx, id, 'archived', 'product.archive');
}

function updateProductStatus(
  ctx: GraphQLContext,
  id: string,
  status: 'archived',
  action: string,
): Promise<ProductPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const pid = localId(id, 'Product', ['id']);
        const old = await tx.product.findUnique({ where: { id: pid } });
        if (!old) throw new UserInputFailure([userError('NOT_FOUND', 'Product not found', ['id'])]);
        const after = await tx.product.update({ where: { id: pid }, data: { status } });
        await writeAudit(tx, ctx, {
          action,
          resourceType: 'Product',
          resourceId: pid,
          before: { status: old.status },
          after: { status },
        });
        return payload(after);
      }, TX),
    { product: null },
  );
}
