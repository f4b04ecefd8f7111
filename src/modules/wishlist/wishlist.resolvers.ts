import { toGlobalId } from '../../graphql/global-id';
import { toMoney } from '../../graphql/money';
import type { Resolvers } from '../../generated/graphql';
import { cartById } from '../cart/cart.service';
import { formatCents, priceDrop, toCents } from '../cart/pricing';
import {
  addItem,
  customerWishlist,
  itemGid,
  listItems,
  moveToCart,
  removeItem,
  updateItem,
  viewerWishlist,
} from './wishlist.service';
import type { WishlistItemRecord } from './wishlist.types';
import { priceAlert, subscribePriceAlerts, type PriceAlertEvent } from './alerts.service';
import type { GraphQLContext } from '../../server/context';

const drop = (i: WishlistItemRecord) => priceDrop(toCents(i.savedPrice), toCents(i.currentPrice));

export const wishlistResolvers: Resolvers = {
  Query: {
    wishlist: (_p, _a, ctx) => viewerWishlist(ctx),
  },
  Mutation: {
    wishlistAdd: (_p, { input }, ctx) => addItem(ctx, input),
    wishlistUpdate: (_p, { input }, ctx) => updateItem(ctx, input),
    wishlistRemove: (_p, { itemId }, ctx) => removeItem(ctx, itemId),
    wishlistMoveToCart: (_p, { input }, ctx) => moveToCart(ctx, input),
  },
  Subscription: {
    priceAlertTriggered: {
      subscribe: (_p, _a, ctx) => subscribePriceAlerts(ctx),
      resolve: (e: PriceAlertEvent, _a: unknown, ctx: GraphQLContext) => priceAlert(ctx, e),
    },
  },
  Customer: {
    wishlist: (c, _a, ctx) => customerWishlist(ctx, c.id),
  },
  Wishlist: {
    id: (w) => toGlobalId('Wishlist', w.customerId),
    items: (w, args, ctx) => listItems(ctx, w, args),
    collections: (w, _a, ctx) => (w.id === null ? [] : ctx.loaders.wishlist.collections.load(w.id)),
    itemCount: async (w, _a, ctx) =>
      w.id === null ? 0 : ((await ctx.loaders.wishlist.itemCount.load(w.id))?.count ?? 0),
  },
  WishlistItem: {
    id: (i) => itemGid(i.id),
    product: async (i, _a, ctx) => (await ctx.loaders.catalog.productById.load(i.productId))!,
    variant: (i, _a, ctx) =>
      i.variantId === null ? null : ctx.loaders.catalog.variantById.load(i.variantId),
    savedPrice: (i) => toMoney(i.savedPrice, i.currency),
    currentPrice: (i) => toMoney(i.currentPrice, i.currency),
    priceChanged: (i) => toCents(i.savedPrice) !== toCents(i.currentPrice),
    priceDrop: (i) => toMoney(formatCents(drop(i).amount), i.currency),
    priceDropPercent: (i) => drop(i).percent,
    targetPrice: (i) => (i.targetPrice === null ? null : toMoney(i.targetPrice, i.currency)),
    targetReached: (i) => i.targetPrice !== null && toCents(i.currentPrice) <= toCents(i.targetPrice),
    priority: (i) => i.priority.toUpperCase() as 'LOW',
  },
  WishlistPayload: {
    wishlist: (p, _a, ctx) => (p.customerId === null ? null : customerWishlist(ctx, p.customerId)),
    item: (p, _a, ctx) => (p.itemId === null ? null : ctx.loaders.wishlist.itemById.load(p.itemId)),
    removedItemId: (p) => (p.removedItemId === null ? null : itemGid(p.removedItemId)),
  },
  PriceAlert: {
    id: (a) => toGlobalId('PriceAlert', a.id),
    reason: (a) => a.reason.toUpperCase() as 'PRICE_DROP',
    wishlistItem: async (a, _a, ctx) => (await ctx.loaders.wishlist.itemById.load(a.wishlistItemId)) ?? null,
    product: async (a, _a, ctx) => (await ctx.loaders.catalog.productById.load(a.productId))!,
    variant: (a, _a, ctx) =>
      a.variantId === null ? null : ctx.loaders.catalog.variantById.load(a.variantId),
    price: (a) => toMoney(a.price, a.currency),
    savedPrice: (a) => toMoney(a.savedPrice, a.currency),
    targetPrice: (a) => (a.targetPrice === null ? null : toMoney(a.targetPrice, a.currency)),
  },
  WishlistMoveToCartPayload: {
    cart: (p, _a, ctx) => (p.cartId === null ? null : cartById(ctx, p.cartId)),
    wishlist: (p, _a, ctx) => (p.customerId === null ? null : customerWishlist(ctx, p.customerId)),
  },
};
