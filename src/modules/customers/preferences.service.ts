import type { CustomerPreference } from '../../generated/prisma/client';
import { requireViewer } from '../../graphql/access';
import { userError, type UserError } from '../../graphql/errors';
import { tryGlobalIntId } from '../../graphql/global-id';
import type { GraphQLContext } from '../../server/context';

/** GraphQL enum value ↔ notification_channel value. */
export const CHANNELS = { EMAIL: 'email', SMS: 'sms', PUSH: 'push', IN_APP: 'in_app' } as const;
export type ChannelEnum = keyof typeof CHANNELS;

export interface PreferencesInput {
  sizes?: string[] | null;
  brandIds?: string[] | null;
  categoryIds?: string[] | null;
  minPrice?: string | null;
  maxPrice?: string | null;
  currency?: string | null;
  notificationChannels?: ChannelEnum[] | null;
}

/** A customer's preferences, or the defaults when none were saved yet. */
export async function preferencesOf(ctx: GraphQLContext, customerId: number): Promise<CustomerPreference> {
  const saved = await ctx.loaders.customers.preferencesByCustomer.load(customerId);
  return (
    saved ?? {
      id: 0,
      customerId,
      sizes: [],
      brandIds: [],
      categoryIds: [],
      minPrice: null,
      maxPrice: null,
      currency: 'USD',
      notificationChannels: [],
      createdAt: new Date(0),
      updatedAt: new Date(0),
    }
  );
}

function decodeIds(ids: string[], type: string, field: string[], errors: UserError[]): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const n = tryGlobalIntId(id, type);
    if (n === null) errors.push(userError('INVALID_ID', `Not a valid ${type} ID: ${id}`, field));
    else out.push(n);
  }
  return [...new Set(out)];
}

const PRICE = /^\d{1,10}(\.\d{1,2})?$/;

/** Saves the viewer's preferences; omitted fields keep their value, null clears a price bound. */
export async function updatePreferences(
  ctx: GraphQLContext,
  input: PreferencesInput,
): Promise<{ preferences: CustomerPreference | null; userErrors: UserError[] }> {
  const viewer = requireViewer(ctx);
  const errors: UserError[] = [];
  const f = (k: string) => ['input', k];
  if (input.sizes && (input.sizes.length > 50 || input.sizes.some((s) => !s.trim() || s.length > 20))) {
    errors.push(userError('INVALID_SIZES', 'At most 50 sizes of 1–20 characters', f('sizes')));
  }
  const brandIds = input.brandIds ? decodeIds(input.brandIds, 'Brand', f('brandIds'), errors) : undefined;
  const categoryIds = input.categoryIds
    ? decodeIds(input.categoryIds, 'Category', f('categoryIds'), errors)
    : undefined;
  for (const k of ['minPrice', 'maxPrice'] as const) {
    if (input[k] != null && !PRICE.test(input[k]!))
      errors.push(userError('INVALID_PRICE', 'A non-negative amount with at most 2 decimals', f(k)));
  }
  if (input.currency != null && !/^[A-Z]{3}$/.test(input.currency)) {
    errors.push(userError('INVALID_CURRENCY', 'An ISO-4217 code such as EUR', f('currency')));
  }
  if (errors.length > 0) return { preferences: null, userErrors: errors };

  const current = await preferencesOf(ctx, viewer.customerId);
  const min = input.minPrice === undefined ? (current.minPrice?.toString() ?? null) : input.minPrice;
  const max = input.maxPrice === undefined ? (current.maxPrice?.toString() ?? null) : input.maxPrice;
  if (min != null && max != null && Number(min) > Number(max)) {
    return {
      preferences: null,
      userErrors: [userError('INVALID_PRICE_RANGE', 'minPrice must not exceed maxPrice', f('minPrice'))],
    };
  }
  const [brands, categories] = await Promise.all([
    brandIds?.length ? ctx.prisma.brand.count({ where: { id: { in: brandIds } } }) : 0,
    categoryIds?.length ? ctx.prisma.category.count({ where: { id: { in: categoryIds } } }) : 0,
  ]);
  if (brandIds && brands !== brandIds.length)
    errors.push(userError('NOT_FOUND', 'Unknown brand', f('brandIds')));
  if (categoryIds && categories !== categoryIds.length)
    errors.push(userError('NOT_FOUND', 'Unknown category', f('categoryIds')));
  if (errors.length > 0) return { preferences: null, userErrors: errors };

  const data = {
    sizes: input.sizes?.map((s) => s.trim()),
    brandIds,
    categoryIds,
    minPrice: input.minPrice,
    maxPrice: input.maxPrice,
    currency: input.currency ?? undefined,
    notificationChannels: input.notificationChannels
      ? [...new Set(input.notificationChannels.map((c) => CHANNELS[c]))]
      : undefined,
  };
  const preferences = await ctx.prisma.customerPreference.upsert({
    where: { customerId: viewer.customerId },
    create: {
      customerId: viewer.customerId,
      ...data,
      minPrice: data.minPrice ?? null,
      maxPrice: data.maxPrice ?? null,
    },
    update: data,
  });
  return { preferences, userErrors: [] };
}
