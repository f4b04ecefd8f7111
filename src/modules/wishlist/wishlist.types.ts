import type { Prisma } from '../../generated/prisma/client';
import type { UserError } from '../../graphql/errors';

/** A customer's wishlist; `id` is null until the first item is saved (reading never writes). */
export interface WishlistRecord {
  customerId: number;
  id: number | null;
}

/** A saved item with what it costs now and whether it can be bought. */
export interface WishlistItemRecord {
  id: number;
  wishlistId: number;
  customerId: number;
  productId: number;
  variantId: number | null;
  savedPrice: Prisma.Decimal;
  targetPrice: Prisma.Decimal | null;
  currency: string;
  alertEnabled: boolean;
  lastAlertedAt: Date | null;
  priority: 'low' | 'medium' | 'high';
  notes: string | null;
  collectionName: string | null;
  createdAt: Date;
  updatedAt: Date;
  currentPrice: Prisma.Decimal;
  available: boolean;
}

/** wishlistAdd / wishlistUpdate / wishlistRemove before ids become objects. */
export interface WishlistResult {
  customerId: number | null;
  itemId: number | null;
  removedItemId: number | null;
  userErrors: UserError[];
}

export interface MoveToCartResult {
  customerId: number | null;
  cartId: string | null;
  userErrors: UserError[];
}

/** A raised wishlist alert, read from its notifications row (`priceAlertTriggered`). */
export interface PriceAlertRecord {
  id: number;
  reason: 'target_reached' | 'price_drop' | 'back_in_stock';
  wishlistItemId: number;
  productId: number;
  variantId: number | null;
  price: string;
  savedPrice: string;
  targetPrice: string | null;
  currency: string;
  triggeredAt: Date;
}
