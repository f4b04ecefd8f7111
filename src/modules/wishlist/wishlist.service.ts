import type { PrismaTx } from '../../db/prisma';
import type { WishlistPriority as PriorityEnum, WishlistItemSort } from '../../generated/graphql';
import { requireViewer } from '../../graphql/access';
import { keysetConnection, type Connection, type PageArgs, type SortKey } from '../../graphql/connection';
import { badUserInput, notFound, userError, UserInputFailure, type UserError } from '../../graphql/errors';
import { toGlobalId, tryGlobalIntId } from '../../graphql/global-id';
import { Prisma } from '../../generated/prisma/client';
import type { GraphQLContext } from '../../server/context';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../cart/cart-lines';
import { CURRENT_PRICE_SQL } from '../cart/cart-sql';
import { addToCustomerCart, TX_OPTIONS } from '../cart/cart.service';
import { ITEM_COLUMNS, ITEM_FROM, resetAlertBaseline } from './wishlist-sql';
import type { MoveToCartResult, WishlistItemRecord, WishlistRecord, WishlistResult } from './wishlist.types';

/** A wishlist holds at most this many items. */
export const MAX_WISHLIST_ITEMS = 500;
const PRICE = /^\d{1,10}(\.\d{1,2})?$/;

export const PRIORITY = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high' } as const;

/** `wishlist`: the viewer's wishlist; null when anonymous. */
export function viewerWishlist(ctx: GraphQLContext): Promise<WishlistRecord> | null {
  return ctx.viewer ? customerWishlist(ctx, ctx.viewer.customerId) : null;
}

/** A customer's wishlist (resolvers reach it only for the owner or an admin). */
export async function customerWishlist(ctx: GraphQLContext, customerId: number): Promise<WishlistRecord> {
  const row = await ctx.loaders.wishlist.wishlistByCustomer.load(customerId);
  return { customerId, id: row?.id ?? null };
}

const SORT_KEYS: Record<WishlistItemSort, SortKey[]> = {
  NEWEST: [
    { expr: Prisma.sql`wi.created_at`, direction: 'DESC', cast: 'timestamptz' },
    { expr: Prisma.sql`wi.id`, direction: 'DESC', cast: 'int' },
  ],
  PRIORITY: [
    // Ranked as an int (high 3 … low 1): cursors then carry a number, checked like any int.
    {
      expr: Prisma.sql`(CASE wi.priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END)`,
      direction: 'DESC',
      cast: 'int',
    },
    { expr: Prisma.sql`wi.created_at`, direction: 'DESC', cast: 'timestamptz' },
    { expr: Prisma.sql`wi.id`, direction: 'DESC', cast: 'int' },
  ],
};

/** `Wishlist.items`: one keyset page (one statement; the count only when asked for). */
export function listItems(
  ctx: GraphQLContext,
  wishlist: WishlistRecord,
  args: PageArgs & {
    collection?: string | null;
    priority?: PriorityEnum | null;
    sort?: WishlistItemSort | null;
  },
): Promise<Connection<WishlistItemRecord>> {
  const where = Prisma.sql`wi.wishlist_id = ${wishlist.id ?? -1}
    ${args.collection != null ? Prisma.sql`AND wi.collection_name = ${args.collection}` : Prisma.empty}
    ${args.priority ? Prisma.sql`AND wi.priority = ${PRIORITY[args.priority]}::wishlist_priority` : Prisma.empty}`;
  return keysetConnection<WishlistItemRecord>({
    args,
    keys: SORT_KEYS[args.sort ?? 'NEWEST'],
    maxPageSize: ctx.config.GRAPHQL_MAX_PAGE_SIZE,
    fetch: (q) => ctx.prisma.$queryRaw<WishlistItemRecord[]>`
      SELECT ${ITEM_COLUMNS}, ${q.keyColumns} FROM ${ITEM_FROM}
      WHERE ${where} ${q.after} ORDER BY ${q.orderBy} LIMIT ${q.limit}`,
    totalCount: async () => {
      const [{ count }] = await ctx.prisma.$queryRaw<[{ count: number }]>`
        SELECT count(*)::int AS count FROM wishlist_items wi WHERE ${where}`;
      return count;
    },
  });
}

/** What a customer can set on a saved item (wishlistAdd / wishlistUpdate); omitted stays, null clears. */
export interface ItemSettings {
  targetPrice?: string | null;
  alertEnabled?: boolean | null;
  priority?: PriorityEnum | null;
  notes?: string | null;
  collectionName?: string | null;
}

/** Validates the settings of wishlistAdd / wishlistUpdate (only the ones given). */
function checkSettings(input: ItemSettings) {
  const errors: UserError[] = [];
  if (input.targetPrice != null && !PRICE.test(input.targetPrice.trim()))
    errors.push(
      userError('INVALID_PRICE', 'Use an amount ≥ 0 with at most two decimals, e.g. 49.99', [
        'input',
        'targetPrice',
      ]),
    );
  if (input.notes != null && input.notes.length > 500)
    errors.push(userError('TOO_LONG', 'Notes are at most 500 characters', ['input', 'notes']));
  if (input.collectionName != null && input.collectionName.trim().length > 100)
    errors.push(
      userError('TOO_LONG', 'A collection name is at most 100 characters', ['input', 'collectionName']),
    );
  return errors;
}

const blankToNull = (s: string | null | undefined) => (s == null ? s : s.trim() || null);

/** The settings to write: omitted stays (undefined), null clears. */
function settings(input: ItemSettings) {
  return {
    targetPrice: input.targetPrice === undefined ? undefined : (input.targetPrice?.trim() ?? null),
    alertEnabled: input.alertEnabled ?? undefined,
    priority: input.priority ? PRIORITY[input.priority] : undefined,
    notes: blankToNull(input.notes),
    collectionName: blankToNull(input.collectionName),
  };
}

/** What a settings change resets in the item's alert state (see resetAlertBaseline). */
const alertChanges = (input: ItemSettings) => ({
  seen: input.alertEnabled === true,
  price: input.targetPrice !== undefined,
});

async function answer<T extends { userErrors: UserError[] }>(
  fn: () => Promise<T>,
  empty: Omit<T, 'userErrors'>,
) {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UserInputFailure) return { ...empty, userErrors: err.userErrors } as T;
    throw err;
  }
}

/** What is being saved: an active product (and active variant of it) with its price now. */
async function saveable(
  tx: PrismaTx,
  productId: number | null,
  variantId: number | null,
  hasVariant: boolean,
) {
  const [row] =
    productId === null
      ? []
      : await tx.$queryRaw<
          { status: string; currency: string; price: Prisma.Decimal; variantOk: boolean | null }[]
        >`
          SELECT p.status::text AS status, trim(p.currency) AS currency, ${CURRENT_PRICE_SQL} AS price,
                 v.is_active AS "variantOk"
          FROM products p LEFT JOIN product_variants v ON v.id = ${variantId}::int AND v.product_id = p.id
          WHERE p.id = ${productId}`;
  if (!row || row.status === 'draft') throw failure('NOT_FOUND', 'Product not found', 'productId');
  if (hasVariant && row.variantOk === null) throw failure('NOT_FOUND', 'Variant not found', 'variantId');
  if (row.status !== 'active' || row.variantOk === false)
    throw failure(
      'PRODUCT_UNAVAILABLE',
      'This product is no longer sold',
      hasVariant ? 'variantId' : 'productId',
    );
  return row;
}

const failure = (code: string, message: string, field: string) =>
  new UserInputFailure([userError(code, message, ['input', field])]);

/**
 * `wishlistAdd`: saves a product (or variant) with its current price as the saved price. Saving
 * the same thing again updates the settings given instead (the saved price stays). The wishlist
 * row is created on first use and locked, so the 500-item limit holds under concurrent adds.
 */
export function addItem(
  ctx: GraphQLContext,
  input: ItemSettings & { productId: string; variantId?: string | null },
): Promise<WishlistResult> {
  const viewer = requireViewer(ctx);
  const empty = { customerId: viewer.customerId, itemId: null, removedItemId: null };
  return answer<WishlistResult>(async () => {
    const errors = checkSettings(input);
    if (errors.length > 0) throw new UserInputFailure(errors);
    const productId = tryGlobalIntId(input.productId, 'Product');
    const variantId =
      input.variantId == null ? null : (tryGlobalIntId(input.variantId, 'ProductVariant') ?? -1);
    const itemId = await ctx.prisma.$transaction(async (tx) => {
      const found = await saveable(tx, productId, variantId, input.variantId != null);
      await tx.$executeRaw`INSERT INTO wishlists (customer_id) VALUES (${viewer.customerId}) ON CONFLICT DO NOTHING`;
      const [w] = await tx.$queryRaw<{ id: number; items: number }[]>`
        SELECT w.id, (SELECT count(*)::int FROM wishlist_items i WHERE i.wishlist_id = w.id) AS items
        FROM wishlists w WHERE w.customer_id = ${viewer.customerId} FOR UPDATE`;
      const existing = await tx.wishlistItem.findFirst({
        where: { wishlistId: w!.id, productId: productId!, variantId },
        select: { id: true },
      });
      if (existing) {
        await resetAlertBaseline(tx, existing.id, alertChanges(input));
        await tx.wishlistItem.update({ where: { id: existing.id }, data: settings(input) });
        return existing.id;
      }
      if (w!.items >= MAX_WISHLIST_ITEMS)
        throw failure('WISHLIST_FULL', `A wishlist holds at most ${MAX_WISHLIST_ITEMS} items`, 'productId');
      const s = settings(input);
      const created = await tx.wishlistItem.create({
        data: {
          wishlistId: w!.id,
          productId: productId!,
          variantId,
          savedPrice: found.price,
          currency: found.currency,
          targetPrice: s.targetPrice ?? null,
          alertEnabled: s.alertEnabled ?? false,
          priority: s.priority ?? 'medium',
          notes: s.notes ?? null,
          collectionName: s.collectionName ?? null,
        },
      });
      await resetAlertBaseline(tx, created.id, { seen: true, price: false });
      return created.id;
    }, TX_OPTIONS);
    ctx.loaders.wishlist.wishlistByCustomer.clear(viewer.customerId);
    return { ...empty, itemId, userErrors: [] };
  }, empty);
}

/** The viewer's item by global ID, else NOT_FOUND (another customer's item answers the same). */
async function ownItem(ctx: GraphQLContext, gid: string) {
  const viewer = requireViewer(ctx);
  const id = tryGlobalIntId(gid, 'WishlistItem');
  const item = id === null ? null : await ctx.loaders.wishlist.itemById.load(id);
  if (!item || item.customerId !== viewer.customerId) throw notFound('Wishlist item');
  return item;
}

/** `wishlistUpdate`: target price, alerts, priority, notes, collection (omitted fields stay). */
export async function updateItem(
  ctx: GraphQLContext,
  input: ItemSettings & { itemId: string },
): Promise<WishlistResult> {
  const item = await ownItem(ctx, input.itemId);
  const errors = checkSettings(input);
  const base = { customerId: item.customerId, itemId: item.id, removedItemId: null };
  if (errors.length > 0) return { ...base, itemId: null, userErrors: errors };
  const changes = alertChanges(input);
  if (changes.seen || changes.price)
    await ctx.prisma.$transaction(async (tx) => {
      await resetAlertBaseline(tx, item.id, changes);
      await tx.wishlistItem.update({ where: { id: item.id }, data: settings(input) });
    });
  else await ctx.prisma.wishlistItem.update({ where: { id: item.id }, data: settings(input) });
  ctx.loaders.wishlist.itemById.clear(item.id);
  return { ...base, userErrors: [] };
}

/** `wishlistRemove`. */
export async function removeItem(ctx: GraphQLContext, itemId: string): Promise<WishlistResult> {
  const item = await ownItem(ctx, itemId);
  await ctx.prisma.wishlistItem.deleteMany({ where: { id: item.id } });
  ctx.loaders.wishlist.itemById.clear(item.id);
  return { customerId: item.customerId, itemId: null, removedItemId: item.id, userErrors: [] };
}

export const itemGid = (id: number) => toGlobalId('WishlistItem', id);

/**
 * `wishlistMoveToCart`: adds the items to the customer's cart (created when they have none) with
 * the cart's own rules (stock, one currency, 100 lines, a single active variant for a product saved
 * without one), then takes them off the wishlist. One transaction: all move, or none.
 */
export function moveToCart(
  ctx: GraphQLContext,
  input: { itemIds: string[]; quantity?: number | null },
): Promise<MoveToCartResult> {
  const viewer = requireViewer(ctx);
  if (input.itemIds.length > MAX_CART_LINES)
    throw badUserInput(`At most ${MAX_CART_LINES} items`, ['input', 'itemIds']);
  const empty = { customerId: viewer.customerId, cartId: null };
  const quantity = input.quantity ?? 1;
  return answer<MoveToCartResult>(async () => {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY)
      throw failure(
        'INVALID_QUANTITY',
        `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`,
        'quantity',
      );
    const ids = input.itemIds.map((gid) => tryGlobalIntId(gid, 'WishlistItem') ?? -1);
    const cartId = await ctx.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: number; productId: number; variantId: number | null }[]>`
        SELECT wi.id, wi.product_id AS "productId", wi.variant_id AS "variantId"
        FROM wishlist_items wi JOIN wishlists w ON w.id = wi.wishlist_id
        WHERE wi.id = ANY(${ids}::int[]) AND w.customer_id = ${viewer.customerId}
        FOR UPDATE OF wi`;
      const missing = ids.flatMap((id, i) =>
        rows.some((r) => r.id === id)
          ? []
          : [userError('NOT_FOUND', 'Wishlist item not found', ['input', 'itemIds', String(i)])],
      );
      if (missing.length > 0) throw new UserInputFailure(missing);
      const items = ids.map((id) => rows.find((r) => r.id === id)!);
      const lines = items.map((r) =>
        r.variantId !== null
          ? { variantId: toGlobalId('ProductVariant', r.variantId), quantity }
          : { productId: toGlobalId('Product', r.productId), quantity },
      );
      const id = await addToCustomerCart(tx, ctx, viewer.customerId, lines, ['input', 'itemIds']);
      await tx.$executeRaw`DELETE FROM wishlist_items WHERE id = ANY(${ids}::int[])`;
      return id;
    }, TX_OPTIONS);
    return { ...empty, cartId, userErrors: [] };
  }, empty);
}
