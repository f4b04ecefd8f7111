import type { BrandInput, CategoryCreateInput, CategoryUpdateInput } from '../../../generated/graphql';
import type { Brand, Category } from '../../../generated/prisma/client';
import { userError, type UserError } from '../../../graphql/errors';
import type { GraphQLContext } from '../../../server/context';
import { writeAudit } from '../../admin/audit.service';
import { catalogPayload, localId, slugify, UserInputFailure } from './admin-helpers';

const TX = { maxWait: 10_000, timeout: 15_000 };
type CategoryPayload = { category: Category | null; userErrors: UserError[] };
type BrandPayload = { brand: Brand | null; userErrors: UserError[] };
const notFound = (what: string) =>
  new UserInputFailure([userError('NOT_FOUND', `${what} not found`, ['id'])]);

export function createCategory(ctx: GraphQLContext, input: CategoryCreateInput): Promise<CategoryPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const category = await tx.category.create({
          data: {
            name: input.name.trim(),
            slug: slugify(input.slug ?? input.name),
            parentId:
              input.parentId == null ? null : localId(input.parentId, 'Category', ['input', 'parentId']),
            description: input.description ?? null,
            sortOrder: input.sortOrder ?? 0,
            isActive: input.isActive ?? true,
          },
        });
        await writeAudit(tx, ctx, {
          action: 'category.create',
          resourceType: 'Category',
          resourceId: category.id,
          after: category,
        });
        return { category, userErrors: [] } as CategoryPayload;
      }, TX),
    { category: null },
  );
}

/**
 * Moving a category under one of its own descendants would cut the subtree off the tree; it is
 * refused with CATEGORY_CYCLE (the categories_no_cycle trigger is the backstop for other writers).
 */
export function updateCategory(
  ctx: GraphQLContext,
  id: string,
  input: CategoryUpdateInput,
): Promise<CategoryPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const cid = localId(id, 'Category', ['id']);
        const before = await tx.category.findUnique({ where: { id: cid } });
        if (!before) throw notFound('Category');
        let parentId: number | null | undefined;
        if (input.parentId !== undefined) {
          parentId =
            input.parentId === null ? null : localId(input.parentId, 'Category', ['input', 'parentId']);
          if (parentId !== null) {
            const [{ cycle }] = await tx.$queryRaw<[{ cycle: boolean }]>`
              WITH RECURSIVE sub AS (SELECT id FROM categories WHERE id = ${cid}
                UNION ALL SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id)
              SELECT EXISTS (SELECT 1 FROM sub WHERE id = ${parentId}) AS cycle`;
            if (cycle)
              throw new UserInputFailure([
                userError('CATEGORY_CYCLE', 'A category cannot move under itself or its descendants', [
                  'input',
                  'parentId',
                ]),
              ]);
          }
        }
        if (input.name === null || input.slug === null || input.sortOrder === null || input.isActive === null)
          throw new UserInputFailure([
            userError('INVALID', 'name, slug, sortOrder and isActive cannot be null', ['input']),
          ]);
        const category = await tx.category.update({
          where: { id: cid },
          data: {
            name: input.name?.trim(),
            slug: input.slug == null ? undefined : slugify(input.slug),
            parentId,
            description: input.description,
            sortOrder: input.sortOrder,
            isActive: input.isActive,
          },
        });
        await writeAudit(tx, ctx, {
          action: 'category.update',
          resourceType: 'Category',
          resourceId: cid,
          before,
          after: category,
        });
        return { category, userErrors: [] } as CategoryPayload;
      }, TX),
    { category: null },
  );
}

export function createBrand(ctx: GraphQLContext, input: BrandInput): Promise<BrandPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        if (!input.name?.trim())
          throw new UserInputFailure([userError('INVALID', 'Name is required', ['input', 'name'])]);
        const brand = await tx.brand.create({
          data: {
            name: input.name.trim(),
            slug: slugify(input.slug ?? input.name),
            description: input.description ?? null,
            logoUrl: input.logoUrl ?? null,
          },
        });
        await writeAudit(tx, ctx, {
          action: 'brand.create',
          resourceType: 'Brand',
          resourceId: brand.id,
          after: brand,
        });
        return { brand, userErrors: [] } as BrandPayload;
      }, TX),
    { brand: null },
  );
}

export function updateBrand(ctx: GraphQLContext, id: string, input: BrandInput): Promise<BrandPayload> {
  return catalogPayload(
    ctx,
    () =>
      ctx.prisma.$transaction(async (tx) => {
        const bid = localId(id, 'Brand', ['id']);
        const before = await tx.brand.findUnique({ where: { id: bid } });
        if (!before) throw notFound('Brand');
        if (input.name === null || input.slug === null)
          throw new UserInputFailure([userError('INVALID', 'name and slug cannot be null', ['input'])]);
        // A rename fires the brands_search_text_au trigger: its products' search text follows.
        const brand = await tx.brand.update({
          where: { id: bid },
          data: {
            name: input.name?.trim(),
            slug: input.slug == null ? undefined : slugify(input.slug),
            description: input.description,
            logoUrl: input.logoUrl,
          },
        });
        await writeAudit(tx, ctx, {
          action: 'brand.update',
          resourceType: 'Brand',
          resourceId: bid,
          before,
          after: brand,
        });
        return { brand, userErrors: [] } as BrandPayload;
      }, TX),
    { brand: null },
  );
}
